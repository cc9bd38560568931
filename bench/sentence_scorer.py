"""Fit and check the learned sentence choice of extractive answers (issue #8, `answer.sentence_model`).

Reads the passages `bench/answers_sentences.py dump` saved for the dev questions (add `--dense` there
for the window-cosine feature, tried here only), builds every candidate unit as `extract_answer`
does, labels it by whether it holds an expected string, and fits a linear score over
`sentence_model.FEATURES`: pointwise logistic regression or a conditional logit (softmax over each
question's units, the likelihood of its holding units), L2 on standardised features, numpy only.

Cross-validation is grouped by document: the questions about one document (which share its passages
and its phrasing) are all in the same fold, so each question is answered by weights fitted on other
documents. The out-of-fold figure is what `extract_answer` then quotes (answer holding an expected
string), set against the hand-written rules on the same passages (fitted on all of dev: flattered).

Usage:
    python bench/answers_sentences.py dump --database DB --questions bench/answers/dev.jsonl --out /tmp/dev_passages.json [--dense]
    python bench/sentence_scorer.py cv /tmp/dev_passages.json [--dense] [--repeats 10]
    python bench/sentence_scorer.py fit /tmp/dev_passages.json --loss listwise --l2 1   # weights to paste
    python bench/sentence_scorer.py misses /tmp/dev_passages.json                       # where dev misses are
"""

from __future__ import annotations

import argparse
import json
from collections import defaultdict
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np
from answers_sentences import _hits, part

from sudia.answer import extractive
from sudia.answer.contacts import without_relays
from sudia.answer.sentence_model import FEATURES
from sudia.evaluation.answers import AnswerQuestion
from sudia.safety.injection import is_suspicious


@dataclass
class Case:
    q: AnswerQuestion
    part: str
    hits: list
    read: list
    candidates: list
    x: np.ndarray  # (units, features)
    y: np.ndarray  # (units,) 1 when the unit holds an expected string
    ceiling: bool  # the passages read hold an expected string


def _unit_dense(hit_row: dict, quote: str) -> float:
    """Best cosine of the windows that hold part of the unit (`sudia.ingest.windows`)."""
    from sudia.ingest.chunking import split_long
    from sudia.ingest.windows import _HEAD_CHARS

    cosines = hit_row.get("windows") or []
    head = " — ".join(p for p in (hit_row["title"], hit_row["section"]) if p)[:_HEAD_CHARS]
    pieces = split_long(hit_row["text"], max(160 - len(head), 80), overlap=0) or [hit_row["text"][:160]]
    flat = " ".join(quote.split())
    ends = {flat[:40], flat[-40:]}
    found = [c for p, c in zip(pieces, cosines) if any(e in p for e in ends) or p in flat]
    return max(found or cosines or [0.0])


def load(path: str, dense: bool = False, by_kind: bool = False) -> list[Case]:
    """The answerable dev questions that pass the gate, with their candidates (rules' scores set)."""
    extractive.LEARNED = False
    rows = json.loads(Path(path).read_text(encoding="utf-8"))["questions"]
    cases = []
    for row in rows:
        if row["document"] is None or not row["kept"]:
            continue
        q = AnswerQuestion(row["question"], row["document"], tuple(row["expect"]))
        kept = {h["id"] for h in row["kept"]}
        extra = [h for h in row["retrieved"][:5] if h["id"] not in kept and not is_suspicious(h["text"])]
        passages = row["kept"] + extra
        hits = without_relays(_hits(passages))
        read, candidates = extractive.candidates_for(q.question, hits)
        by_id = {h["id"]: h for h in passages}
        x = []
        for c in candidates:
            features = list(c.features) if c.features else [0.0] * len(FEATURES)
            if dense:
                features.append(_unit_dense(by_id[hits[c.rank].chunk.id], c.quote))
            x.append(features)
        x_arr = np.array(x, dtype=float).reshape(len(candidates), -1)
        if dense and len(x_arr):
            x_arr[:, -1] -= x_arr[:, -1].max()  # relative to the question's best unit
        if by_kind and dense and len(x_arr):  # tried: the unit's cosine where no kind of fact is asked
            from sudia.answer.asked import asked_kind
            plain = asked_kind(q.question) in (None, "yesno", "define")
            x_arr = np.hstack([x_arr, x_arr[:, -1:] * plain])
        y = np.array([q.found_in(c.shown) for c in candidates], dtype=float)
        ceiling = any(q.found_in(h.chunk.text) for h in hits)
        cases.append(Case(q, part(row["document"]), hits, read, candidates, x_arr, y, ceiling))
    return cases


def answered(case: Case, weights: np.ndarray | None) -> bool:
    """Whether the answer quotes an expected string: rules when `weights` is None, else the model."""
    candidates = case.candidates
    if weights is not None and len(case.x) and candidates[0].features:
        scores = case.x @ weights
        candidates = [replace(c, score=float(s)) for c, s in zip(candidates, scores)]
    extractive.LEARNED = weights is not None
    try:
        text, _ = extractive.answer_from(case.q.question, case.hits, case.read, candidates)
    finally:
        extractive.LEARNED = False
    return case.q.found_in(text)


def _standardise(cases: list[Case]) -> tuple[np.ndarray, np.ndarray]:
    x = np.vstack([c.x for c in cases if len(c.x)])
    mean, sd = x.mean(axis=0), x.std(axis=0)
    return mean, np.where(sd > 1e-9, sd, 1.0)


def fit(cases: list[Case], loss: str, l2: float, iterations: int = 300) -> np.ndarray:
    """Weights on the raw features (the scale of the standardised fit undone; no intercept: only the
    order of a question's units matters)."""
    mean, sd = _standardise(cases)
    groups = [((c.x - mean) / sd, c.y) for c in cases if len(c.x)]
    if loss == "listwise":  # no signal from a question none of whose units holds the string
        groups = [(x, y) for x, y in groups if y.any()]
    dim = groups[0][0].shape[1]
    w = np.zeros(dim + (1 if loss == "pointwise" else 0))
    if loss == "pointwise":
        x = np.vstack([np.hstack([g[0], np.ones((len(g[0]), 1))]) for g in groups])
        y = np.concatenate([g[1] for g in groups])
        penalty = np.full(dim + 1, l2)
        penalty[-1] = 0.0
        for _ in range(50):  # Newton: convex, converges in a few steps
            p = 1 / (1 + np.exp(-np.clip(x @ w, -30, 30)))
            grad = x.T @ (p - y) + penalty * w
            hess = (x * (p * (1 - p))[:, None]).T @ x + np.diag(penalty + 1e-9)
            step = np.linalg.solve(hess, grad)
            w -= step
            if np.abs(step).max() < 1e-8:
                break
        return w[:-1] / sd
    # Listwise: -Σ log(Σ_holding softmax) + l2/2 |w|², by gradient descent with backtracking.

    def objective(w: np.ndarray) -> tuple[float, np.ndarray]:
        value, grad = 0.5 * l2 * w @ w, l2 * w
        for x, y in groups:
            s = x @ w
            p = np.exp(s - s.max())
            p /= p.sum()
            held = np.where(y > 0, s, -np.inf)  # log Σ_holding exp(s) - log Σ exp(s), stably
            q = np.exp(held - held.max())
            q /= q.sum()
            value -= held.max() + np.log(np.exp(held - held.max()).sum()) - s.max() - np.log(np.exp(s - s.max()).sum())
            grad = grad - q @ x + p @ x
        return value, grad

    step = 1.0
    value, grad = objective(w)
    for _ in range(iterations):
        while step > 1e-8:
            trial = w - step * grad
            trial_value, trial_grad = objective(trial)
            if trial_value <= value - 1e-4 * step * grad @ grad:
                break
            step /= 2
        if value - trial_value < 1e-7:
            w = trial
            break
        w, value, grad, step = trial, trial_value, trial_grad, step * 2
    return w / sd


def folds(cases: list[Case], k: int, seed: int) -> list[list[int]]:
    """Case indices by fold, all the questions of a document in the same fold."""
    documents = sorted({c.q.document for c in cases})
    np.random.default_rng(seed).shuffle(documents)
    fold_of = {d: i % k for i, d in enumerate(documents)}
    out: list[list[int]] = [[] for _ in range(k)]
    for i, c in enumerate(cases):
        out[fold_of[c.q.document]].append(i)
    return out


def out_of_fold(cases: list[Case], loss: str, l2: float, k: int, seed: int) -> list[bool]:
    result = [False] * len(cases)
    for test in folds(cases, k, seed):
        held = set(test)
        weights = fit([c for i, c in enumerate(cases) if i not in held], loss, l2)
        for i in test:
            result[i] = answered(cases[i], weights)
    return result


def _by_part(cases: list[Case], ok: list[bool]) -> dict[str, int]:
    counts: dict[str, int] = defaultdict(int)
    for c, good in zip(cases, ok):
        counts[c.part] += good
    counts["all"] = sum(ok)
    return counts


def cv(args: argparse.Namespace) -> None:
    cases = load(args.passages, args.dense, args.extra)
    rules = [answered(c, None) for c in cases]
    r = _by_part(cases, rules)
    parts = sorted({c.part for c in cases})
    sizes = {p: sum(c.part == p for c in cases) for p in parts}
    print(f"{len(cases)} dev questions pass the gate; {sum(c.ceiling for c in cases)} have the string in the passages read")
    print("| choice | " + " | ".join(f"{p} ({sizes[p]})" for p in parts) + " | all: mean (min–max) |")
    print("|---|" + "---:|" * (len(parts) + 1))
    print("| rules (in sample) | " + " | ".join(str(r[p]) for p in parts) + f" | {r['all']} |")
    for loss in args.loss:
        for l2 in args.l2:
            runs = [_by_part(cases, out_of_fold(cases, loss, l2, args.folds, seed)) for seed in range(args.repeats)]
            totals = [run["all"] for run in runs]
            means = " | ".join(f"{np.mean([run[p] for run in runs]):.1f}" for p in parts)
            print(f"| {loss}, L2 {l2:g} (out of fold) | {means} | {np.mean(totals):.1f} ({min(totals)}–{max(totals)}) |",
                  flush=True)


def fit_all(args: argparse.Namespace) -> None:
    cases = load(args.passages, args.dense)
    weights = fit(cases, args.loss, args.l2)
    names = list(FEATURES) + (["dense_unit"] if args.dense else [])
    for name, w in zip(names, weights):
        print(f"    {name:<18} {w:+.4f}")
    print("WEIGHTS = (" + ", ".join(f"{w:.4f}" for w in weights) + ")")
    ok = [answered(c, weights) for c in cases]
    print(f"in sample: {sum(ok)} of {len(cases)} (rules {sum(answered(c, None) for c in cases)})")


def misses(args: argparse.Namespace) -> None:
    """Where the dev answers miss: the gate, retrieval, the units, or the choice among them."""
    rows = json.loads(Path(args.passages).read_text(encoding="utf-8"))["questions"]
    cases = {c.q.question: c for c in load(args.passages)}
    kinds: dict[str, list[str]] = defaultdict(list)
    for row in rows:
        if row["document"] is None:
            continue
        q = AnswerQuestion(row["question"], row["document"], tuple(row["expect"]))
        top5 = any(q.found_in(h["text"]) for h in row["retrieved"][:5])
        top10 = any(q.found_in(h["text"]) for h in row["retrieved"][:10])
        if not row["kept"]:
            kind = "gate: abstained, first five hold it" if top5 else "gate: abstained, first five do not hold it"
        else:
            case = cases[row["question"]]
            if answered(case, None):
                kind = "answered"
            elif not case.ceiling:
                kind = ("retrieval: only passages 6–10 hold it" if top10 else "retrieval: not in the first ten")
            elif not case.y.any():
                kind = "units: no quotable unit holds it (split, dropped heading or short line)"
            else:
                kind = "sentence choice: a candidate unit holds it, not quoted"
        kinds[kind].append(f"{part(row['document'])}: {row['question']}")
    total = sum(len(v) for v in kinds.values())
    print(f"{total} answerable dev questions")
    for kind, qs in sorted(kinds.items(), key=lambda kv: -len(kv[1])):
        by = defaultdict(int)
        for q in qs:
            by[q.split(":", 1)[0]] += 1
        print(f"| {kind} | {len(qs)} | " + ", ".join(f"{p} {n}" for p, n in sorted(by.items())) + " |")
        if args.verbose and kind != "answered":
            for q in qs:
                print("     ", q)


def main() -> None:
    parser = argparse.ArgumentParser()
    sub = parser.add_subparsers(dest="step", required=True)
    c = sub.add_parser("cv")
    c.add_argument("passages")
    c.add_argument("--dense", action="store_true", help="add the window-cosine feature (needs dump --dense)")
    c.add_argument("--extra", action="store_true", help="with --dense: the cosine again, for questions asking no kind of fact")
    c.add_argument("--loss", nargs="+", default=["pointwise", "listwise"])
    c.add_argument("--l2", nargs="+", type=float, default=[0.1, 1.0, 10.0])
    c.add_argument("--folds", type=int, default=5)
    c.add_argument("--repeats", type=int, default=5)
    f = sub.add_parser("fit")
    f.add_argument("passages")
    f.add_argument("--dense", action="store_true")
    f.add_argument("--loss", default="listwise")
    f.add_argument("--l2", type=float, default=1.0)
    m = sub.add_parser("misses")
    m.add_argument("passages")
    m.add_argument("--verbose", action="store_true")
    args = parser.parse_args()
    {"cv": cv, "fit": fit_all, "misses": misses}[args.step](args)


if __name__ == "__main__":
    main()
