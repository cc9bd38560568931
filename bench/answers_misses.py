"""Why an answerable question is not answered: the cause of every miss, on a passages dump (issue #8).

Reads what `bench/answers_sentences.py dump` saved (the kept passages and the first ten retrieved),
replays the extraction as `Assistant.ask` runs it, and puts each answerable question that the answer
misses in one cause:

- `abstained`: the gate kept no passage;
- `retrieval`: the passages read (kept, then the rest of the first five) hold no expected string;
- `units`: they hold it, but no quotable unit shows it (split across units, a row without its
  header, a heading or a short line dropped, a figure cut by the sentence splitter);
- `choice`: a quotable unit shows it, another one was quoted (by the kind of fact asked).

Labels that are too strict cannot be told apart by code: `--verbose` prints each miss with the units
that hold the string and the answer given, to be read (third-party text: the output stays outside
the repository).

Usage:
    python bench/answers_misses.py /tmp/dev_passages.json [--verbose] [--set NAME=VALUE]
"""

from __future__ import annotations

import argparse
import json
from collections import Counter, defaultdict
from pathlib import Path

from answers_sentences import _hits, part

from sudia.answer import extractive
from sudia.answer.asked import asked_kind
from sudia.answer.contacts import without_relays
from sudia.evaluation.answers import AnswerQuestion
from sudia.safety.injection import is_suspicious


def read_hits(row: dict) -> list:
    """The passages `Assistant.ask` quotes from: the kept ones, then the other ones of the first five."""
    kept = {h["id"] for h in row["kept"]}
    extra = [h for h in row["retrieved"][:5] if h["id"] not in kept and not is_suspicious(h["text"])]
    return without_relays(_hits(row["kept"] + extra))


def classify(row: dict) -> tuple[str, str, list]:
    """(cause, answer text, the candidates that show an expected string)."""
    q = AnswerQuestion(row["question"], row["document"], tuple(row["expect"]))
    if not row["kept"]:
        return "abstained", "", []
    hits = read_hits(row)
    text, _ = extractive.extract_answer(row["question"], hits)
    if q.found_in(text):
        return "answered", text, []
    if not any(q.found_in(h.chunk.text) for h in hits):
        return "retrieval", text, []
    _, candidates = extractive.candidates_for(row["question"], hits)
    holding = [c for c in candidates if q.found_in(c.shown)]
    return ("choice" if holding else "units"), text, holding


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("passages", nargs="+")
    parser.add_argument("--verbose", action="store_true")
    parser.add_argument("--set", action="append", default=[], help="NAME=VALUE: a constant of answer.extractive")
    args = parser.parse_args()
    for setting in args.set:
        name, value = setting.split("=", 1)
        setattr(extractive, name, type(getattr(extractive, name))(eval(value)))
    for path in args.passages:
        rows = json.loads(Path(path).read_text(encoding="utf-8"))["questions"]
        causes: Counter[str] = Counter()
        by_kind: dict[str, Counter[str]] = defaultdict(Counter)
        for row in rows:
            if row["document"] is None:
                continue
            cause, text, holding = classify(row)
            causes[cause] += 1
            by_kind[cause][asked_kind(row["question"]) or "other"] += 1
            if args.verbose and cause != "answered":
                print(f"## [{cause}] ({asked_kind(row['question'])}) {part(row['document'])}: {row['question']}")
                print(f"   expect: {row['expect']}")
                print(f"   answer: {text[:700]!r}")
                for c in holding[:3]:
                    print(f"   holds (rank {c.rank}, pos {c.position}, score {c.score:.2f}, fact {c.fact}): {c.shown[:300]!r}")
                if cause == "units":
                    q = AnswerQuestion("", "x", tuple(row["expect"]))
                    for h in read_hits(row):
                        if q.found_in(h.chunk.text):
                            print(f"   passage: {h.chunk.text[:1200]!r}")
                            break
        total = sum(causes.values())
        unanswerable = [r for r in rows if r["document"] is None]
        recall = sum(any(AnswerQuestion("", "x", tuple(r["expect"])).found_in(h["text"]) for h in r["retrieved"][:5])
                     for r in rows if r["document"] is not None)
        print(f"{path}: {total} answerable, answered {causes['answered']} ({causes['answered'] / total:.3f}), "
              f"false abstention {causes['abstained'] / total:.3f}, unanswerable abstained "
              f"{sum(not r['kept'] for r in unanswerable) / max(len(unanswerable), 1):.3f} ({len(unanswerable)}), "
              f"recall@5 {recall / total:.3f}")
        for cause, n in causes.most_common():
            kinds = ", ".join(f"{k} {v}" for k, v in by_kind[cause].most_common())
            print(f"| {cause} | {n} | {kinds} |")


if __name__ == "__main__":
    main()
