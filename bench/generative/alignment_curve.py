"""Calibration of the quote-only fallback (`answer.alignment`) and of the relation check on labelled sentences.

    PYTHONPATH=src python bench/generative/alignment_curve.py LABELS.jsonl [LABELS.jsonl …] --cache DIR [--verbose]

For every labelled real sentence (support_pairs.py `joined`: keys in the labels, text read back from
the cache), the guard judges it as the stream does (its own markers, the guard's re-citing, no
embeddings). Of the sentences it shows, each score below is computed against the passages it ends up
citing, and for a grid of thresholds the curve gives: unsupported sentences still shown as written
(accepted), supported ones that would be replaced by the quoted passage sentence (refused), and the
unsupported share of the sentences shown (a quote counts as supported: it is the passage's own text).
Scores:
- `order`: share of the sentence's terms found, in the same order, in one passage sentence;
- `set`: share of its terms found in one passage sentence, in any order (to see what order adds);
- `relation` (with spaCy's French model): each figure's and subject's governing word must be the same
  share of the links of its parse (between words the passages hold) found in one passage sentence
  (`relations.py` (beside it)).
The threshold is chosen as the lowest that shows the fewest unsupported sentences as written; out of
fold, grouped by question (each question's sentences judged with the threshold chosen on the others).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(Path(__file__).parent)]

from support_pairs import joined, records, sentences  # noqa: E402

from sudia.answer.alignment import PassageAlignment, terms_in_order  # noqa: E402
from sudia.answer.support import SupportCheck, content_terms  # noqa: E402
from sudia.types import Chunk, Hit  # noqa: E402

GRID = [round(0.05 * i, 2) for i in range(0, 21)]


def judged(rows: list[dict], relations: bool) -> list[dict]:
    """Each labelled sentence with the guard's verdict and its scores against the passages cited."""
    checker = None
    if relations:
        from relations import RelationCheck

        checker = RelationCheck
    out = []
    for row in rows:
        numbers = sorted(row["passages"], key=int)
        hits = [Hit(Chunk(f"p{n}", "d", "c", 0, row["passages"][n], document_title=row["titles"][n]), 1.0)
                for n in numbers]
        check = SupportCheck(row["question"], hits)
        markers = tuple(numbers.index(str(m)) + 1 for m in row["markers"] if str(m) in numbers)
        verdict = check.verdict(row["sentence"], markers)
        supported_by = {numbers.index(str(n)) + 1 for n in row["supported_by"] if str(n) in numbers}
        item = {"record": row["record"], "index": row["index"], "question": row["question"],
                "shown": verdict.supported, "label": bool(set(verdict.passages) & supported_by),
                "any_support": bool(supported_by)}
        if verdict.supported:
            aligned = PassageAlignment(check.texts, check.local.head_terms).closest(row["sentence"], verdict.passages)
            item["order"] = aligned.score
            item["order+figures"] = 0.0 if aligned.dropped is not None else aligned.score
            terms = set(terms_in_order(row["sentence"]))
            item["set"] = max((len(terms & set(terms_in_order(s))) / len(terms)
                               for n in verdict.passages for s, _ in PassageAlignment(check.texts)._sentences[n - 1]),
                              default=0.0) if terms else 0.0
            if checker is not None:
                item["relation"] = checker(check.texts).score(row["sentence"], verdict.passages)
            item["terms"] = len(content_terms(row["sentence"]))
        out.append(item)
    return out


def curve(items: list[dict], score: str, threshold: float) -> dict:
    shown = [i for i in items if i["shown"]]
    kept = [i for i in shown if i[score] >= threshold]
    accepted = sum(not i["label"] for i in kept)
    refused = sum(i["label"] for i in shown if i[score] < threshold)
    return {"threshold": threshold, "shown": len(shown), "as_written": len(kept), "quoted": len(shown) - len(kept),
            "unsupported_as_written": accepted, "supported_quoted": refused,
            "unsupported_share": round(accepted / len(shown), 3) if shown else None}


def chosen(items: list[dict], score: str) -> float:
    """The threshold that shows the fewest unsupported sentences as written; of those, the lowest (the
    fewest supported sentences quoted)."""
    return min(GRID, key=lambda t: (curve(items, score, t)["unsupported_as_written"], t))


def out_of_fold(items: list[dict], score: str) -> dict:
    questions = sorted({i["question"] for i in items})
    accepted = refused = shown = 0
    picks = []
    for q in questions:
        rest = [i for i in items if i["question"] != q]
        mine = [i for i in items if i["question"] == q]
        t = chosen(rest, score)
        picks.append(t)
        c = curve(mine, score, t)
        accepted += c["unsupported_as_written"]
        refused += c["supported_quoted"]
        shown += c["shown"]
    return {"score": score, "groups": len(questions), "thresholds": sorted(set(picks)), "shown": shown,
            "unsupported_as_written": accepted, "supported_quoted": refused,
            "unsupported_share": round(accepted / shown, 3) if shown else None}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("labels", nargs="+", type=Path)
    parser.add_argument("--cache", type=Path, required=True)
    parser.add_argument("--relations", action="store_true", help="also the spaCy relation check")
    parser.add_argument("--verbose", action="store_true")
    args = parser.parse_args()
    rows = [r for path in args.labels for r in joined(path, args.cache)]
    # A regenerated output may differ from the labelled one (greedy decoding is nearly, not always,
    # reproducible): its labels fit only when its checkable sentences are exactly the labelled ones.
    labelled: dict[str, set[int]] = {}
    for path in args.labels:
        for line in path.read_text().splitlines():
            label = json.loads(line) if line.strip() else None
            if label and label.get("supported_by") is not None:
                labelled.setdefault(label["record"], set()).add(label["index"])
    found: dict[str, set[int]] = {}
    for r in sentences(records(args.cache)):
        found.setdefault(r["record"], set()).add(r["index"])
    fits = {k for k in labelled if found.get(k) == labelled[k]}
    print(json.dumps({"labelled_records": len(labelled), "in_cache": len(labelled.keys() & found.keys()),
                      "same_sentences": len(fits), "labels_kept": sum(len(labelled[k]) for k in fits)}))
    rows = [r for r in rows if r["record"] in fits]
    items = judged(rows, args.relations)
    shown = [i for i in items if i["shown"]]
    print(json.dumps({"sentences": len(items), "shown_by_guard": len(shown),
                      "unsupported_shown": sum(not i["label"] for i in shown),
                      "supported_refused_by_guard": sum(i["any_support"] and not i["shown"] for i in items)}))
    scores = ["order", "order+figures", "set"] + (["relation"] if args.relations else [])
    for score in scores:
        for threshold in GRID:
            print(json.dumps({"score": score, **curve(items, score, threshold)}))
        print(json.dumps({"score": score, "chosen_on_all": chosen(items, score)}))
        print(json.dumps({"out_of_fold": out_of_fold(items, score)}))
    if args.verbose:
        for i in sorted(shown, key=lambda i: i["order"]):
            print(f"{i['order']:.2f} {i['set']:.2f} {i.get('relation', -1):.2f} {'ok ' if i['label'] else 'BAD'} "
                  f"{i['record']} {i['index']}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
