"""How a passage's window scores become its dense ranking score: the curve behind the weight (issue #8).

A passage embedded in windows (`SUDIA_EMBED_MODE=windows`) has one cosine per window. Its ranking
score can be its best window (a fact deep in a long passage), its first window (which carries the
title and opening, as the former head embedding did: what a short FAQ article is about), or a mix
`(1 - w) * best + w * first`. This script reads kept ingestions (their stored window vectors and
lexical index), recomputes the hybrid ranking of `sudia.retrieve.hybrid` for every weight, and prints:

- CNIL FAQ: MRR and hit@k of the article, on the questions whose article is in the answers dev
  split (`--dev-only`, the default for tuning) or on all 168 (the figure of bench/RESULTS.md §1);
- answers dev set: passage recall@1/5/10 (a passage of the first k holds an expected string).

Nothing is embedded but the questions (and, with `--true-head`, the passage heads as head mode
embeds them, to check whether the first window stands for the head). Deterministic.

`--preselect N` instead scores the real retriever (`sudia.retrieve.hybrid`, default settings) twice:
exhaustive dense search, and the two-stage search of large collections forced on with N passages
preselected per first-stage vector (1% of the passages is what 1,000 are at 100k): what the
preselection costs in quality, on real vectors.

Usage:
    python bench/dense_scoring_curve.py --cnil-db /tmp/cnil-windows.db --answers-db /tmp/answers.db \
        [--questions bench/answers/dev.jsonl] [--all-cnil] [--true-head] [--lexical-weights 0.5] [--preselect 8]
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import numpy as np

from common import CNIL, machine

from sudia.evaluation.answers import load_answer_questions
from sudia.evaluation.retrieval import load_questions
from sudia.platform import Platform
from sudia.settings import Settings

WEIGHTS = [round(0.1 * i, 1) for i in range(11)]
DEPTH = 50


def platform(database: str) -> Platform:
    return Platform.from_settings(Settings(data_dir=Path(database).parent, database_url=f"sqlite:///{database}",
                                           demo=False, llm_base_url=""))


class Collection:
    """The stored window vectors of one collection, grouped by passage, and its lexical candidates."""

    def __init__(self, p: Platform, name: str, true_head: bool) -> None:
        self.p, self.name = p, name
        rows, matrix = p.store.vectors(name)
        dim = p.embedder.embed_queries(["dimension"]).shape[1]
        if matrix.shape[1] != dim:  # every passage holds the same number of windows
            per_row = matrix.shape[1] // dim
            rows, matrix = [i for i in rows for _ in range(per_row)], matrix.reshape(-1, dim)
        starts = [0] + [i for i in range(1, len(rows)) if rows[i] != rows[i - 1]]
        self.ids = [rows[s] for s in starts]
        self.starts = np.array(starts)
        self.windows = matrix
        self.chunks = {c.id: c for c in p.store.get_chunks(self.ids)}
        self.head = None
        if true_head:
            from sudia.ingest.windows import passage_windows

            texts = [passage_windows(self.chunks[i], p.settings.embed_chars, "head")[0] for i in self.ids]
            self.head = p.embedder.embed_passages(texts)

    def scores(self, query: np.ndarray) -> dict[str, np.ndarray]:
        rows = self.windows @ query
        out = {"best": np.maximum.reduceat(rows, self.starts), "first": rows[self.starts],
               "mean": np.add.reduceat(rows, self.starts) / np.diff(np.append(self.starts, len(rows)))}
        if self.head is not None:
            out["head"] = self.head @ query
        return out


def fused(ids: list[str], ranking: np.ndarray, lexical: list[tuple[str, float]], lexical_weight: float,
          k: int = 60) -> list[str]:
    """The order of `HybridRetriever._fuse` (dense weight 1.0) for a given dense ranking score."""
    top = np.argsort(-ranking, kind="stable")[:DEPTH]
    scores: dict[str, float] = {}
    for rank, (cid, _) in enumerate(lexical, start=1):
        scores[cid] = scores.get(cid, 0.0) + lexical_weight / (k + rank)
    for rank, i in enumerate(top, start=1):
        scores[ids[i]] = scores.get(ids[i], 0.0) + 1.0 / (k + rank)
    return sorted(scores, key=lambda cid: -scores[cid])[:DEPTH]


def variants(s: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    out = {}
    for w in WEIGHTS:
        out[f"first {w}"] = (1 - w) * s["best"] + w * s["first"]
        out[f"mean {w}"] = (1 - w) * s["best"] + w * s["mean"]
        if "head" in s:
            out[f"head {w}"] = (1 - w) * s["best"] + w * s["head"]
    return out


def cnil_curve(c: Collection, questions, lexical_weights: list[float]) -> dict:
    vectors = c.p.embedder.embed_queries([q.question for q in questions])
    totals: dict[str, dict[str, float]] = {}
    for q, v in zip(questions, vectors):
        lexical = c.p.store.lexical_search([c.name], q.question, DEPTH)
        for name, ranking in variants(c.scores(v)).items():
            for lw in lexical_weights:
                documents: list[str] = []
                for cid in fused(c.ids, ranking, lexical, lw):
                    source = c.chunks[cid].document_source
                    if source not in documents:
                        documents.append(source)
                t = totals.setdefault(f"{name} | lexical {lw}", {"mrr": 0.0, "hit@1": 0.0, "hit@5": 0.0, "hit@10": 0.0})
                if q.document in documents:
                    r = documents.index(q.document) + 1
                    t["mrr"] += 1 / r
                    for cut in (1, 5, 10):
                        t[f"hit@{cut}"] += r <= cut
    return {name: {m: round(v / len(questions), 4) for m, v in t.items()} for name, t in totals.items()}


def answers_curve(c: Collection, questions, lexical_weights: list[float]) -> dict:
    answerable = [q for q in questions if q.answerable]
    vectors = c.p.embedder.embed_queries([q.question for q in answerable])
    totals: dict[str, dict[str, float]] = {}
    for q, v in zip(answerable, vectors):
        lexical = c.p.store.lexical_search([c.name], q.question, DEPTH)
        for name, ranking in variants(c.scores(v)).items():
            for lw in lexical_weights:
                order = fused(c.ids, ranking, lexical, lw)
                rank = next((r for r, cid in enumerate(order, 1) if q.found_in(c.chunks[cid].text)), None)
                t = totals.setdefault(f"{name} | lexical {lw}", {"recall@1": 0.0, "recall@5": 0.0, "recall@10": 0.0})
                for cut in (1, 5, 10):
                    t[f"recall@{cut}"] += rank is not None and rank <= cut
    return {name: {m: round(v / len(answerable), 4) for m, v in t.items()} for name, t in totals.items()}


def staged_check(p: Platform, collection: str, preselect: int, cnil_questions=None, dev=None) -> dict:
    from sudia.evaluation.retrieval import evaluate
    from sudia.retrieve.dense import DenseIndex

    out = {}
    for name, index in (("exhaustive", DenseIndex(p.store, p.settings.dense_head_weight)),
                        (f"two-stage, {preselect} preselected", DenseIndex(
                            p.store, p.settings.dense_head_weight, exact_rows=0, preselect=preselect))):
        retriever = p.retriever
        retriever.dense = index
        if cnil_questions is not None:
            out[name] = evaluate(retriever, collection, cnil_questions).to_dict()
        else:
            answerable = [q for q in dev if q.answerable]
            ranks = []
            for q in answerable:
                hits = retriever.search(q.question, [collection], k=10)
                ranks.append(next((r for r, h in enumerate(hits, 1) if q.found_in(h.chunk.text)), None))
            out[name] = {f"recall@{k}": round(sum(r is not None and r <= k for r in ranks) / len(ranks), 4)
                         for k in (1, 5, 10)}
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cnil-db", default="")
    parser.add_argument("--answers-db", default="")
    parser.add_argument("--questions", default="bench/answers/dev.jsonl")
    parser.add_argument("--all-cnil", action="store_true", help="all 168 CNIL questions, not only the dev articles'")
    parser.add_argument("--true-head", action="store_true")
    parser.add_argument("--lexical-weights", type=float, nargs="+", default=[0.5])
    parser.add_argument("--preselect", type=int, default=0)
    args = parser.parse_args()
    dev = load_answer_questions(Path(args.questions))
    out: dict = {"machine": machine(), "questions": args.questions}
    if args.preselect:
        if args.cnil_db:
            articles = {Path(q.document).name for q in dev if q.document and q.document.startswith("cnil/")}
            questions = [q for q in load_questions(CNIL / "questions.jsonl") if args.all_cnil or q.document in articles]
            out["cnil"] = staged_check(platform(args.cnil_db), "cnil", args.preselect, cnil_questions=questions)
        if args.answers_db:
            out["answers"] = staged_check(platform(args.answers_db), "eval", max(2, args.preselect // 4), dev=dev)
        print(json.dumps(out, indent=1, ensure_ascii=False))
        return
    if args.cnil_db:
        questions = load_questions(CNIL / "questions.jsonl")
        if not args.all_cnil:
            articles = {Path(q.document).name for q in dev if q.document and q.document.startswith("cnil/")}
            questions = [q for q in questions if q.document in articles]
        c = Collection(platform(args.cnil_db), "cnil", args.true_head)
        out["cnil"] = {"questions": len(questions), "curve": cnil_curve(c, questions, args.lexical_weights)}
    if args.answers_db:
        c = Collection(platform(args.answers_db), "eval", args.true_head)
        out["answers"] = {"questions": sum(q.answerable for q in dev), "curve": answers_curve(c, dev, args.lexical_weights)}
    print(json.dumps(out, indent=1, ensure_ascii=False))


if __name__ == "__main__":
    main()
