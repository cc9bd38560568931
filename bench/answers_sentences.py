"""Sentence choice of extractive answers, measured on fixed passages (issue #8, point 4).

The assistant's answer depends on retrieval, on the relevance gate and on which units of the kept
passages are quoted. To measure the last part alone, `dump` asks each question once against a kept
database and saves the passages the extractive answer receives (after the gate, as
`Assistant._fill_extractive` gets them) and the first ten retrieved; `replay` runs only
`extract_answer` on the saved passages, in a second, and scores it as `sudia eval answers` does
(an expected string in the answer text). Only dev questions are ever used to choose a rule.

Usage:
    python bench/answers_sentences.py dump --database /tmp/answers.db --questions bench/answers/dev.jsonl --out /tmp/dev_passages.json
    python bench/answers_sentences.py replay /tmp/dev_passages.json [--misses /tmp/misses.txt]

`replay` reads what `Assistant.ask` quotes from: the kept passages, then the other passages of
the retriever's first five (`--kept-only`: the kept ones alone). It prints, by part (CNIL, project PDFs, third-party pages): the answerable questions that
pass the gate, those whose kept passages hold an expected string (the ceiling of sentence choice),
and those whose answer holds it.
"""

from __future__ import annotations

import argparse
import json
from collections import defaultdict
from pathlib import Path

from common import machine

COLLECTION = "eval"


def _chunk_dict(hit) -> dict:
    c = hit.chunk
    return {"id": c.id, "document_id": c.document_id, "position": c.position, "text": c.text, "page": c.page,
            "section": c.section, "title": c.document_title, "source": c.document_source, "score": hit.score,
            "dense": hit.dense_score}


def dump(args: argparse.Namespace) -> None:
    from sudia.answer.contacts import without_relays
    from sudia.evaluation.answers import load_answer_questions
    from sudia.platform import Platform
    from sudia.settings import Settings

    db = args.database
    p = Platform.from_settings(Settings(data_dir=Path(db).parent, database_url=f"sqlite:///{db}", demo=False,
                                        llm_base_url=""))
    assistant = p.assistant
    rows = []
    for q in load_answer_questions(Path(args.questions)):
        kept, retrieved = assistant._relevant(q.question, [COLLECTION])
        row = {"question": q.question, "document": q.document, "expect": list(q.expect), "topic": q.topic,
               "kept": [_chunk_dict(h) for h in without_relays(kept)],
               "retrieved": [_chunk_dict(h) for h in retrieved]}
        if args.dense:  # for bench/sentence_scorer.py: each passage's window cosines with the question
            _add_windows(assistant, q.question, row["kept"] + row["retrieved"])
        rows.append(row)
    Path(args.out).write_text(json.dumps({"machine": machine(), "questions": rows}, ensure_ascii=False),
                              encoding="utf-8")
    p.close()


def _add_windows(assistant, question: str, passages: list[dict]) -> None:
    """The cosine of each stored window of each passage (head row left out) with the question."""
    vector = assistant.retriever.embedder.embed_queries([question])[0]
    v = assistant.retriever.dense._vectors(COLLECTION, vector.shape[0])
    index = {cid: i for i, cid in enumerate(v.ids)}
    for passage in passages:
        i = index[passage["id"]]
        passage["windows"] = [float(x) for x in v.windows[v.starts[i]:v.ends[i]] @ vector]


def _hits(rows: list[dict]):
    from sudia.types import Chunk, Hit

    return [Hit(Chunk(r["id"], r["document_id"], COLLECTION, r["position"], r["text"], r["page"], r["section"],
                      r["title"], r["source"]), r["score"], dense_score=r["dense"]) for r in rows]


def part(document: str) -> str:
    return document.split("/", 1)[0]


def replay(args: argparse.Namespace) -> None:
    from sudia.answer import extractive
    from sudia.answer.contacts import without_relays
    from sudia.evaluation.answers import AnswerQuestion
    from sudia.safety.injection import is_suspicious

    for setting in args.set:  # a weight of the extraction, for its curve: NAME=VALUE
        name, value = setting.split("=", 1)
        setattr(extractive, name, type(getattr(extractive, name))(eval(value)))
    rows = json.loads(Path(args.passages).read_text(encoding="utf-8"))["questions"]
    counts: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0])  # answerable, kept, ceiling, answered
    misses = []
    for row in rows:
        if row["document"] is None:
            continue
        q = AnswerQuestion(row["question"], row["document"], tuple(row["expect"]))
        c = counts[part(row["document"])]
        c[0] += 1
        if not row["kept"]:
            continue
        c[1] += 1
        # What `Assistant.ask` quotes from: the kept passages, then the other ones of the first five.
        kept = {h["id"] for h in row["kept"]}
        extra = [h for h in row["retrieved"][:5] if h["id"] not in kept and not is_suspicious(h["text"])]
        hits = without_relays(_hits(row["kept"] + (extra if args.also_read else [])))
        ceiling = any(q.found_in(h.chunk.text) for h in hits)
        c[2] += ceiling
        text, _ = extractive.extract_answer(row["question"], hits)
        ok = q.found_in(text)
        c[3] += ok
        if ceiling and not ok:
            misses.append((row, text))
    total = [sum(c[i] for c in counts.values()) for i in range(4)]
    print("| part | answerable | pass the gate | passages read hold the string | answer holds it | answered |")
    print("|---|---:|---:|---:|---:|---:|")
    for name, c in sorted(counts.items()) + [("all", total)]:
        print(f"| {name} | {c[0]} | {c[1]} | {c[2]} | {c[3]} | {c[3] / c[0]:.3f} |")
    if args.misses:
        with open(args.misses, "w", encoding="utf-8") as out:
            for row, text in misses:
                out.write(f"## {row['question']}\n   expect: {row['expect']}\n   answer: {text}\n")
                for i, h in enumerate(row["kept"], start=1):
                    holds = [e for e in row["expect"] if AnswerQuestion("", "x", (e,)).found_in(h["text"])]
                    out.write(f"   [{i}] {'HOLDS ' + str(holds) if holds else ''} {h['text'][:1500]!r}\n")
                out.write("\n")


def main() -> None:
    parser = argparse.ArgumentParser()
    sub = parser.add_subparsers(dest="step", required=True)
    d = sub.add_parser("dump")
    d.add_argument("--database", required=True)
    d.add_argument("--questions", required=True)
    d.add_argument("--out", required=True)
    d.add_argument("--dense", action="store_true", help="also keep each passage's window cosines")
    r = sub.add_parser("replay")
    r.add_argument("passages")
    r.add_argument("--misses", default="")
    r.add_argument("--kept-only", dest="also_read", action="store_false",
                   help="quote from the passages the gate kept only (before #8 point 4's extra reading)")
    r.add_argument("--set", action="append", default=[], help="NAME=VALUE: a constant of answer.extractive")
    args = parser.parse_args()
    {"dump": dump, "replay": replay}[args.step](args)


if __name__ == "__main__":
    main()
