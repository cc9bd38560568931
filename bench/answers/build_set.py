"""Assemble the questions of the answer-level evaluation and split them into dev and held-out.

    python bench/answers/build_set.py [--check CORPUS_DIR]
    python bench/answers/build_set.py --set heldout2 --check CORPUS_HELDOUT2_DIR
    python bench/answers/build_set.py --set heldout3 --check CORPUS_HELDOUT3_DIR
    python bench/answers/build_set.py --set heldout4 --check CORPUS_HELDOUT4_DIR
    python bench/answers/build_set.py --set heldout5 --check CORPUS_HELDOUT5_DIR

Inputs (all in this folder): the CNIL questions of /work/shared/benchmarks/cnil-faq with the
expected strings of cnil_expect.json (one list per article), questions_project.jsonl (the two
PDFs of project_content.py), questions_pages.jsonl (third-party pages listed in sources.jsonl)
and questions_unanswerable.jsonl (document null). Outputs dev.jsonl and heldout.jsonl.

The split is by document and seeded: in each group (cnil, projet, pages) a third of the
documents, rounded, go to held-out with all their questions; a third of the unanswerable
questions of each topic, in the same share as the answerable ones, go to held-out. --check verifies that every expected string occurs in
its document (text files of the corpus folder; the PDFs' text from project_content.py).

`--set heldout2` only checks the second held-out set (heldout2.jsonl, written by hand, never split
nor regenerated): its expected strings, and that none of its pages or CNIL articles is in the main
corpus. It writes nothing. `--set heldout3` does the same for the third held-out set
(heldout3.jsonl, sources_heldout3.jsonl), which must share no document with the main corpus nor with
held-out 2; `--set heldout4` for the fourth (heldout4.jsonl, sources_heldout4.jsonl), which must share
no document with the main corpus nor with held-outs 2 and 3; `--set heldout5` for the fifth
(heldout5.jsonl, sources_heldout5.jsonl), which must share no document with the main corpus nor with
held-outs 2 to 4.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from collections import defaultdict
from pathlib import Path

HERE = Path(__file__).parent
CNIL = Path("/work/shared/benchmarks/cnil-faq")
SEED = 20261207
HELD_OUT_SHARE = 1 / 3


def _jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def questions() -> list[dict]:
    expect = json.loads((HERE / "cnil_expect.json").read_text(encoding="utf-8"))
    rows = [{"question": q["question"], "document": f"cnil/{q['document']}", "expect": expect[q["document"]]}
            for q in _jsonl(CNIL / "questions.jsonl")]
    rows += _jsonl(HERE / "questions_project.jsonl") + _jsonl(HERE / "questions_pages.jsonl")
    return rows + _jsonl(HERE / "questions_unanswerable.jsonl")


def split(rows: list[dict]) -> tuple[list[dict], list[dict]]:
    rng = random.Random(SEED)
    held: set[str] = set()
    by_group: dict[str, list[str]] = defaultdict(list)
    for document in sorted({r["document"] for r in rows if r["document"]}):
        by_group[document.split("/", 1)[0]].append(document)
    for group in sorted(by_group):
        documents = by_group[group]
        rng.shuffle(documents)
        held.update(documents[: max(1, round(len(documents) * HELD_OUT_SHARE))])
    answerable = [r for r in rows if r["document"]]
    share = sum(r["document"] in held for r in answerable) / len(answerable)  # same share for the unanswerable
    unanswerable: dict[str, list[int]] = defaultdict(list)
    for index, r in enumerate(rows):
        if r["document"] is None:
            unanswerable[r.get("topic", "")].append(index)
    held_unanswerable: set[int] = set()
    for topic in sorted(unanswerable):
        indexes = unanswerable[topic]
        held_unanswerable.update(rng.sample(indexes, round(len(indexes) * share)))
    dev, heldout = [], []
    for index, r in enumerate(rows):
        is_held = r["document"] in held if r["document"] else index in held_unanswerable
        (heldout if is_held else dev).append(r)
    return dev, heldout


def check(rows: list[dict], corpus: Path) -> list[str]:
    sys.path.insert(0, str(HERE))
    sys.path.insert(0, str(HERE.parents[1] / "src"))
    from project_content import DOCUMENTS

    from sudia.evaluation.answers import fold

    def text_of(document: str) -> str:
        name = document.split("/", 1)[1]
        if name in DOCUMENTS:
            return " ".join(str(c) for page in DOCUMENTS[name] for _, content in page.blocks
                            for c in (content if isinstance(content, list) else [content]))
        return (corpus / document).read_text(encoding="utf-8")

    problems = []
    for r in rows:
        if r["document"]:
            folded = fold(text_of(r["document"]))
            if not any(fold(e) in folded for e in r["expect"]):
                problems.append(f"{r['document']}: {r['question']} -> {r['expect']}")
    return problems


def check_heldout(which: str, corpus: Path | None) -> None:
    """A held-out set shares no document with the earlier corpora; its strings must be in its texts."""
    sys.path.insert(0, str(HERE))
    import make_documents

    rows = _jsonl(HERE / f"{which}.jsonl")
    new_pages = _jsonl(HERE / f"sources_{which}.jsonl")
    earlier = {"heldout2": ["main"], "heldout3": ["main", "heldout2"],
               "heldout4": ["main", "heldout2", "heldout3"],
               "heldout5": ["main", "heldout2", "heldout3", "heldout4"]}[which]
    earlier_cnil = set(make_documents.cnil_documents())
    for name in earlier[1:]:  # distractors included
        earlier_cnil |= set(make_documents.HELDOUT_CNIL[name]())
    own_cnil = make_documents.HELDOUT_CNIL[which]()
    problems = []
    for name in earlier:
        old_pages = _jsonl(HERE / make_documents.SOURCES[name])
        shared = {s["url"] for s in new_pages} & {s["url"] for s in old_pages}
        shared |= {s["file"] for s in new_pages} & {s["file"] for s in old_pages}
        problems += [f"also in the {name} corpus: {x}" for x in sorted(shared)]
    problems += [f"CNIL article already in an earlier corpus: cnil/{x}" for x in sorted(set(own_cnil) & earlier_cnil)]
    listed = {f"pages/{s['file']}" for s in new_pages}
    unlisted = {r["document"] for r in rows if (r["document"] or "").startswith("pages/")} - listed
    problems += [f"not in sources_{which}.jsonl: {x}" for x in sorted(unlisted)]
    if corpus:
        problems += check(rows, corpus)
    label = which.replace("heldout", "held-out ")
    # problems are printed with or without --check (a shared page must show even when strings are not checked)
    if problems:
        print("\n".join(problems))
    elif corpus:
        print(f"{label}: no shared document, every expected string is in its document")
    else:
        print(f"{label}: no shared document (expected strings not checked: no --check)")
    unanswerable = sum(r["document"] is None for r in rows)
    documents = len({r["document"] for r in rows if r["document"]})
    print(f"{which}: {len(rows)} questions, {unanswerable} unanswerable ({unanswerable / len(rows):.1%}), "
          f"{documents} documents asked about")
    if problems:
        sys.exit(1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--check", type=Path, help="corpus folder built by make_documents.py")
    parser.add_argument("--set", choices=("main", "heldout2", "heldout3", "heldout4", "heldout5"), default="main", dest="which")
    args = parser.parse_args()
    if args.which != "main":
        check_heldout(args.which, args.check)
        return
    rows = questions()
    if args.check:
        problems = check(rows, args.check)
        print("\n".join(problems) or "every expected string is in its document")
    dev, heldout = split(rows)
    for name, part in (("dev", dev), ("heldout", heldout)):
        with open(HERE / f"{name}.jsonl", "w", encoding="utf-8") as out:
            for r in part:
                out.write(json.dumps(r, ensure_ascii=False) + "\n")
        unanswerable = sum(r["document"] is None for r in part)
        documents = len({r["document"] for r in part if r["document"]})
        print(f"{name}: {len(part)} questions, {unanswerable} unanswerable ({unanswerable / len(part):.1%}), "
              f"{documents} documents")


if __name__ == "__main__":
    main()
