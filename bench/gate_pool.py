"""The abstention gate on pooled dev data, cross-validated by document (issue #8, gate4).

Reads several outputs of `answers_gate.py features` (dev, held-out, held-out 2: all spent, dev data
now; kept in /tmp, they hold third-party text), recomputes the gate's features and candidates without
the store, and measures what generalises:
- pooled cross-validation grouped by document: the answerable questions of one document are all in
  the same fold (a model never scores a question on a document it was fitted on); each unanswerable
  question is its own group; 5 folds x 20 shuffles, stratified;
- across corpora: each corpus left out in turn (dev + held-out share the main corpus; held-out 2, 3 and 4
  have their own), the model fitted on the others, the threshold read on their grouped out-of-fold curve
  at 5 %, then applied to the corpus left out (gate8; gate4 had two corpora and tested both directions).
Candidate features are ranked by the share of unanswerable questions abstained at pooled out-of-fold
false abstention 3 / 4 / 5 / 6 / 7 % (mean), and by the corpora left out. `--embeddings` and `--words`
add gate8's unit-embedding and word-match candidates (bench/gate_embed.py).

Usage:
    python bench/gate_pool.py dev=/tmp/g/dev.json heldout=/tmp/g/heldout.json heldout2=/tmp/g/heldout2.json \
        heldout3=/tmp/g/heldout3.json heldout4=/tmp/g/heldout4.json \
        [--try a,b,c] [--max-size 1] [--show 20] [--model dense,weighted_coverage,...] [--embeddings] [--words W]
"""

from __future__ import annotations

import argparse
import itertools
import json
import math
import re
from pathlib import Path

import numpy as np

from gate_fit import abstained_at, auc, fit, probability
from gate_reader import rebuild, row_features

CORPUS = {"dev": "main", "heldout": "main", "heldout2": "heldout2", "heldout3": "heldout3", "heldout4": "heldout4"}
BOUNDS = (0.03, 0.04, 0.05, 0.06, 0.07)


def load(specs: list[str]) -> list[dict]:
    rows = []
    for spec in specs:
        name, path = spec.split("=", 1)
        for i, row in enumerate(json.loads(Path(path).read_text(encoding="utf-8"))["questions"]):
            row["set"], row["corpus"], row["index"], row["file"] = name, CORPUS.get(name, name), i, path
            document = row.get("document")
            row["group"] = f"{row['corpus']}:{row['topic']}:{document}" if row["answerable"] else f"{name}:u{i}"
            rows.append(row)
    return rows


# --- candidate features -------------------------------------------------------------------------

_CAPITAL = re.compile(r"(?<![.?!]\s)(?<!^)\b([A-ZÀ-ÖØ-Þ][\w!'-]+|[A-Z]{2,}\w*)")


def subject_terms(question: str, idf) -> set[str]:
    """What the question is about: its proper names and acronyms (capitalised after the first word),
    figures (« 2024 »), else its rarest term."""
    from sudia.text.french import analyze

    names = set()
    for word in _CAPITAL.findall(question):
        names |= set(analyze(word))
    names |= {t for t in analyze(question) if t.isdigit()}
    return names


def _spans(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def unit_cosine(passage: dict, unit, size: int = 160) -> float | None:
    """The best cosine of the stored windows of the passage that hold a part of the unit."""
    from sudia.ingest.windows import passage_windows
    from sudia.types import Chunk

    cos = passage.get("windows") or []
    if not cos or unit is None:
        return None
    chunk = Chunk("c", "d", "eval", 0, passage["text"], section=passage["section"], document_title=passage["title"])
    pieces = passage_windows(chunk, size)
    if len(pieces) != len(cos):
        return None
    quote = _spans(unit.quote)
    probes = {quote[:40], quote[-40:]} if len(quote) > 40 else {quote}
    held = [c for piece, c in zip(pieces, cos) if any(p in piece for p in probes)]
    return max(held) if held else None


def candidates(row: dict) -> dict[str, float]:
    from sudia.answer.abstention import READER_PASSAGES
    from sudia.answer.reading import read_units
    from sudia.text.french import analyze

    out = row_features(row)
    hits, stats = rebuild(row)
    q = row["question"]
    r = read_units(q, hits, stats.idf, read=READER_PASSAGES)
    top = max((stats.idf(t) for t in r.wanted), default=1.0) or 1.0
    retrieved = row.get("retrieved") or []
    dense = out["dense"]

    # The window cosine of the unit holding the asked fact, and how far under the best window it is.
    cos = None
    if r.fact.unit is not None and r.fact.passage < len(retrieved):
        cos = unit_cosine(retrieved[r.fact.passage], r.fact.unit)
    out["fact_cosine"] = cos if cos is not None else dense - 0.1
    out["fact_cosine_gap"] = dense - out["fact_cosine"]
    out["fact_none"] = float(r.fact.unit is None)
    out["fact_passage"] = float(r.fact.passage if r.fact.unit is not None else 5)

    # Whether the question's subject (proper names, figures) is named in the fact unit (with its
    # passage's title and section and the unit before it), or in any passage read.
    subject = subject_terms(q, stats.idf) & r.wanted
    read_terms = set()
    for h in hits[:READER_PASSAGES]:
        read_terms |= set(analyze(h.chunk.context_text()))
    missing = subject - r.fact.terms
    out["subject_missing"] = float(bool(missing))
    out["subject_missing_idf"] = max((stats.idf(t) for t in missing), default=0.0) / top
    out["subject_unread"] = float(bool(subject - read_terms))
    # Second rarest term missing from the fact unit (fact_missing is the rarest).
    ordered = sorted(r.wanted, key=lambda t: -stats.idf(t))
    miss = [stats.idf(t) / top for t in ordered if t not in r.fact.terms]
    out["fact_missing2"] = miss[1] if len(miss) > 1 else 0.0
    out["fact_missing_sum"] = sum(stats.idf(t) for t in r.wanted - r.fact.terms) / max(
        sum(stats.idf(t) for t in r.wanted), 1e-9)
    # The title and section of the passage holding the fact: does it name the question's rarest terms?
    if r.fact.unit is not None:
        h = hits[r.fact.passage]
        title = set(analyze(f"{h.chunk.document_title} {h.chunk.section}"))
    else:
        title = set()
    total = sum(stats.idf(t) for t in r.wanted) or 1.0
    out["fact_title"] = sum(stats.idf(t) for t in r.wanted & title) / total
    first = hits[0] if hits else None
    t0 = set(analyze(f"{first.chunk.document_title} {first.chunk.section}")) if first else set()
    out["top_title"] = sum(stats.idf(t) for t in r.wanted & t0) / total

    # Agreement of the dense and the lexical rankings.
    if retrieved:
        by_dense = min(retrieved, key=lambda p: p["dense_rank"] or 999)
        by_lex = min(retrieved, key=lambda p: p["lexical_rank"] or 999)
        out["agree_doc"] = float(by_dense["source"] == by_lex["source"])
        out["agree_passage"] = float(by_dense is by_lex)
        out["lex_rank_of_dense_top"] = math.log(by_dense["lexical_rank"] or 51)
        out["dense_rank_of_lex_top"] = math.log(by_lex["dense_rank"] or 51)
        denses = sorted((p["dense"] for p in retrieved if p["dense"] is not None), reverse=True)
        out["dense_margin"] = denses[0] - float(np.median(denses)) if denses else 0.0
        docs = [p["source"] for p in retrieved[:5]]
        out["top_docs"] = float(len(set(docs)))
    else:
        for k in ("agree_doc", "agree_passage", "lex_rank_of_dense_top", "dense_rank_of_lex_top", "dense_margin",
                  "top_docs"):
            out[k] = 0.0
    out["fact_asked"] = float(r.kind in ("date", "amount", "who", "contact", "where"))
    # Terms of the question that no passage of the collections holds as they are (`unknown` relaxes
    # them to words starting alike), and those that none of the passages read holds.
    freq = row["stats"]["frequency"]
    absent = [t for t in r.wanted if freq.get(t, 0) == 0]
    unread = [t for t in r.wanted if t not in read_terms]
    n = max(len(r.wanted), 1)
    out["absent_count"] = float(len(absent))
    out["absent_share"] = len(absent) / n
    out["unread_count"] = float(len(unread))
    out["unread_share"] = len(unread) / n
    out["unread_idf"] = sum(stats.idf(t) for t in unread) / total
    out["fact_coverage"] = r.fact.covered
    # Pairs of neighbouring terms of the question (« permis moto », « site de rencontre », « budget
    # total ») that no passage read holds near each other (within three terms), its title included.
    terms = [t for t in analyze(q) if t in r.wanted]
    pairs = {(a, b) for a, b in zip(terms, terms[1:]) if a != b}
    near = set()
    for h in hits[:READER_PASSAGES]:
        seq = analyze(h.chunk.context_text())
        for i, a in enumerate(seq):
            for b in seq[i + 1:i + 4]:
                near.add((a, b))
                near.add((b, a))
    lost = [pr for pr in pairs if pr not in near]
    out["pairs_lost"] = len(lost) / len(pairs) if pairs else 0.0
    out["pairs_lost_count"] = float(len(lost))
    out["pair_lost_idf"] = max((stats.idf(a) + stats.idf(b) for a, b in lost), default=0.0) / (2 * top)
    out["yes_no_coverage"] = out["yes_no"] * out["weighted_coverage"]

    # gate8: lexical evidence on the fact unit's whole passage (not only the unit): the share of the
    # question's proper names, acronyms and figures it names, and the IDF share of the question's two
    # rarest terms it holds.
    if r.fact.unit is not None:
        passage_terms = set(analyze(hits[r.fact.passage].chunk.context_text()))
    else:
        passage_terms = set()
    out["subject_share_passage"] = len(subject & passage_terms) / len(subject) if subject else 1.0
    rare = ordered[:2]
    out["rare2_share_passage"] = (sum(stats.idf(t) for t in rare if t in passage_terms)
                                  / max(sum(stats.idf(t) for t in rare), 1e-9)) if rare else 1.0
    out["rare2_share_unit"] = (sum(stats.idf(t) for t in rare if t in r.fact.terms)
                               / max(sum(stats.idf(t) for t in rare), 1e-9)) if rare else 1.0
    if EMBEDDINGS:
        from gate_embed import embedding_candidates
        from sudia.answer.asked import fact_strength
        from sudia.answer.units import passage_units

        e = EMBEDDINGS[row["file"]].row(row["index"])
        index = {k: n for n, k in enumerate(e["keys"])}
        kind_units = []
        if r.kind in ("date", "amount", "who", "contact", "where"):
            for pi, h in enumerate(hits[:READER_PASSAGES]):
                for u in passage_units(h.chunk.text):
                    if fact_strength(r.kind, u.quote, q) >= 1.0:
                        kind_units.append(index.get((pi, u.position)))
        out.update(embedding_candidates(row, e, r, kind_units, dense))
    if "w" in WORDS:
        from gate_embed import soft_candidates

        out.update(soft_candidates(q, hits, r, stats.idf, WORDS["w"]))
    if "spacy" in WORDS:
        from gate_embed import soft_candidates

        out.update(soft_candidates(q, hits, r, stats.idf, WORDS["spacy"], taus=(0.4, 0.5, 0.6, 0.7), tag="vec"))
        from gate_embed import pos_candidates

        out.update(pos_candidates(q, hits, r, stats.idf, WORDS["spacy"]))
    # The unit evidence where a fact is asked (the failures are « combien… ? » beside another amount),
    # 0 elsewhere: a model term that acts on fact questions only.
    for name in [n for n in out if n.startswith(("u_", "s_", "soft_", "vec_", "pos_", "rare2_", "t_", "ts_"))]:
        out[f"{name}_x_fact"] = out[name] * out["fact_asked"]
    return out


WORDS: dict = {}


EMBEDDINGS: dict = {}


# --- cross-validation ---------------------------------------------------------------------------

def grouped_oof(x: np.ndarray, y: np.ndarray, groups: list[str], folds: int = 5, repeats: int = 20,
                l2: float = 1.0, seed: int = 20261207) -> np.ndarray:
    """Each question's probability from models fitted without its group, averaged over shuffles.
    Groups are dealt to folds largest first, each to the fold with the fewest of its label."""
    rng = np.random.default_rng(seed)
    names = sorted(set(groups))
    members = {g: [] for g in names}
    for i, g in enumerate(groups):
        members[g].append(i)
    total = np.zeros(len(y))
    for _ in range(repeats):
        order = list(names)
        rng.shuffle(order)
        order.sort(key=lambda g: -len(members[g]))  # stable: shuffled among equal sizes
        fold_of = np.empty(len(y), dtype=int)
        load = np.zeros((2, folds))
        for g in order:
            label = int(y[members[g][0]])
            f = int(np.argmin(load[label] + rng.random(folds) * 1e-6))
            fold_of[members[g]] = f
            load[label, f] += len(members[g])
        for f in range(folds):
            train = fold_of != f
            w, b = fit(x[train], y[train], l2)
            total[~train] += probability(x[~train], w, b)
    return total / repeats


def rates(p: np.ndarray, y: np.ndarray, t: float) -> tuple[float, float]:
    """False abstention and unanswerable abstained at threshold t."""
    return float((p[y] < t).mean()), float((p[~y] < t).mean())


def report(name: str, x: np.ndarray, y: np.ndarray, rows: list[dict], l2: float = 1.0) -> dict:
    groups = [r["group"] for r in rows]
    oof = grouped_oof(x, y, groups, l2=l2)
    ab = [abstained_at(oof, y, b)[1] for b in BOUNDS]
    t5, _ = abstained_at(oof, y, 0.05)
    sets = {}
    for s in sorted({r["set"] for r in rows}):
        m = np.array([r["set"] == s for r in rows])
        sets[s] = rates(oof[m], y[m], t5)
    corpora = sorted({r["corpus"] for r in rows})
    loco = {c: leave_out(x, y, rows, c, l2=l2) for c in corpora} if len(corpora) > 1 else {}
    return {"name": name, "auc": auc(oof, y), "abstained": ab, "mean": float(np.mean(ab)), "t5": t5,
            "sets": sets, "loco": loco, "oof": oof}


def leave_out(x: np.ndarray, y: np.ndarray, rows: list[dict], corpus: str, bound: float = 0.05,
              l2: float = 1.0) -> tuple[float, float, float, float]:
    """Fitted on every other corpus, the threshold read on their grouped out-of-fold curve, applied to
    `corpus`: (threshold, false abstention, unanswerable abstained, AUC) there."""
    held = np.array([r["corpus"] == corpus for r in rows])
    train = ~held
    groups = [r["group"] for r, t in zip(rows, train) if t]
    oof = grouped_oof(x[train], y[train], groups, repeats=5, l2=l2)
    t, _ = abstained_at(oof, y[train], bound)
    w, b = fit(x[train], y[train], l2)
    p = probability(x[held], w, b)
    fa, ab = rates(p, y[held], t)
    return t, fa, ab, auc(p, y[held])


def line(res: dict) -> str:
    loco = " ".join(f"{c} {fa:.3f}/{ab:.2f}" for c, (_, fa, ab, _) in res["loco"].items())
    fa_mean = np.mean([v[1] for v in res["loco"].values()]) if res["loco"] else float("nan")
    ab_mean = np.mean([v[2] for v in res["loco"].values()]) if res["loco"] else float("nan")
    return (f"| {res['name']} | {res['auc']:.3f} | {' / '.join(f'{v:.2f}' for v in res['abstained'])} | "
            f"{res['mean']:.3f} | {loco} | {fa_mean:.3f} / {ab_mean:.2f} |")


HEADER = ("| features | pooled grouped OOF AUC | unanswerable abstained at OOF FA ≤ 3/4/5/6/7 % | mean "
          "| each corpus left out (fit on the others, their 5 % point): FA / abstained | mean of those |\n"
          "|---|---:|---:|---:|---|---:|")


def fit_pooled(rows: list[dict], feats: list[dict], y: np.ndarray, model: tuple[str, ...], args) -> None:
    """The model fitted on all the questions, the threshold where the pooled grouped out-of-fold false
    abstention stays within the bound, and the curve (pooled and per set, out of fold)."""
    from gate_fit import curve, svg

    x = np.array([[f[n] for n in model] for f in feats])
    w, b = fit(x, y, args.l2)
    oof = grouped_oof(x, y, [r["group"] for r in rows], l2=args.l2)
    t, ab = abstained_at(oof, y, args.bound)
    full = probability(x, w, b)
    print(f"\nfitted on {len(y)} questions; features {model}; L2 {args.l2}; pooled grouped OOF AUC {auc(oof, y):.3f}")
    print("WEIGHTS = (" + ", ".join(f"{v:.4f}" for v in w) + f")\nINTERCEPT = {b:.4f}")
    print(f"threshold P >= {t:.3f} (pooled OOF false abstention <= {args.bound}): unanswerable abstained {ab:.3f} "
          f"out of fold; fitted, in sample: false abstention {(full[y] < t).mean():.3f}, abstained {(full[~y] < t).mean():.3f}")
    for s in sorted({r["set"] for r in rows}):
        m = np.array([r["set"] == s for r in rows])
        fa, a = rates(oof[m], y[m], t)
        fa2, a2 = rates(full[m], y[m], t)
        print(f"  {s}: out of fold false abstention {fa:.3f}, abstained {a:.3f}; in sample {fa2:.3f} / {a2:.3f}")
    print("\n| P ≥ | pooled OOF: answerable not abstained | pooled OOF: unanswerable abstained |")
    print("|---:|---:|---:|")
    grid = np.round(np.arange(0.05, 0.951, 0.05), 2)
    table = curve(oof, y, grid)
    for tt, a, u in table:
        print(f"| {tt:.2f} | {a:.3f} | {u:.3f} |")
    for bound in (0.02, 0.03, 0.04, 0.05, 0.07, 0.10):
        tb, ub = abstained_at(oof, y, bound)
        print(f"pooled OOF false abstention <= {bound:.2f}: P >= {tb:.3f}, unanswerable abstained {ub:.3f}")
    if args.svg:
        Path(args.svg).write_text(svg(table, t).replace("(dev, hors pli)", "(dev regroupé, hors pli par document)"),
                                  encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("files", nargs="+", help="NAME=PATH (dev, heldout, heldout2)")
    parser.add_argument("--model", default="dense,weighted_coverage,unknown,yes_no,fact_missing")
    parser.add_argument("--try", dest="try_", default="", help="candidates to add to the model (default: all)")
    parser.add_argument("--max-size", type=int, default=1)
    parser.add_argument("--drop", action="store_true", help="also the model less each of its features")
    parser.add_argument("--l2", type=float, default=1.0)
    parser.add_argument("--show", type=int, default=0, help="list the unanswerable questions answered at 5 %")
    parser.add_argument("--fit", action="store_true", help="fit the model on every question, print its weights, "
                        "the threshold read on the pooled grouped out-of-fold curve and the curve")
    parser.add_argument("--bound", type=float, default=0.05, help="out-of-fold false abstention for the threshold")
    parser.add_argument("--svg", default="")
    parser.add_argument("--describe", action="store_true", help="each candidate's mean by label and AUC")
    parser.add_argument("--embeddings", action="store_true", help="add gate8's unit-embedding candidates "
                        "(bench/gate_embed.py embed writes NAME.emb.npz beside each features file)")
    parser.add_argument("--words", default="", help="gate8's word vectors (bench/gate_embed.py words): soft fact_missing")
    parser.add_argument("--spacy", action="store_true", help="soft fact_missing with spaCy fr_core_news_md word vectors")
    args = parser.parse_args()
    rows = load(args.files)
    if args.spacy:
        from gate_embed import SpacyWords

        WORDS["spacy"] = SpacyWords()
    if args.words:
        from gate_embed import Words

        WORDS["w"] = Words(Path(args.words))
    if args.embeddings:
        from gate_embed import Embeddings

        for spec in args.files:
            path = spec.split("=", 1)[1]
            EMBEDDINGS[path] = Embeddings(Path(path).with_suffix(".emb.npz"))
    feats = [candidates(r) for r in rows]
    y = np.array([r["answerable"] for r in rows])
    print(f"{len(y)} questions, {int(y.sum())} answerable, {int((~y).sum())} unanswerable; "
          + ", ".join(f"{s}: {sum(r['set'] == s for r in rows)}" for s in sorted({r['set'] for r in rows})))
    model = tuple(args.model.split(","))
    names = [n for n in feats[0] if n not in model and (not args.try_ or n in args.try_.split(","))]
    if args.describe:
        for n in names + list(model):
            v = np.array([f[n] for f in feats])
            print(f"  {n:24s} answerable {v[y].mean():.3f}  unanswerable {v[~y].mean():.3f}  AUC {auc(v, y):.3f}")
    print(HEADER)
    results = []
    combos = [model] + [model + extra for size in range(1, args.max_size + 1)
                        for extra in itertools.combinations(names, size)]
    if args.drop:
        combos += [tuple(m for m in model if m != d) for d in model]
    for combo in combos:
        x = np.array([[f[n] for n in combo] for f in feats])
        label = ", ".join(combo) if combo == model else (
            "+ " + ", ".join(c for c in combo if c not in model) if len(combo) > len(model)
            else "− " + ", ".join(m for m in model if m not in combo))
        res = report(label, x, y, rows, args.l2)
        res["combo"] = combo
        results.append(res)
        print(line(res), flush=True)
    if args.fit:
        fit_pooled(rows, feats, y, model, args)
    if args.show:
        best = max(results, key=lambda r: r["mean"])
        oof, t = best["oof"], best["t5"]
        print(f"\n{best['name']}: threshold {t:.3f}; unanswerable answered (highest P first):")
        for i in sorted(np.flatnonzero(~y & (oof >= t)), key=lambda i: -oof[i])[: args.show]:
            print(f"  P={oof[i]:.3f} {rows[i]['set']:8s} {rows[i]['question']}  "
                  + " ".join(f"{n}={feats[i][n]:.2f}" for n in best["combo"]))
        print("answerable abstained:")
        for i in sorted(np.flatnonzero(y & (oof < t)), key=lambda i: oof[i]):
            print(f"  P={oof[i]:.3f} {rows[i]['set']:8s} {rows[i]['question']}  "
                  + " ".join(f"{n}={feats[i][n]:.2f}" for n in best["combo"]))


if __name__ == "__main__":
    main()
