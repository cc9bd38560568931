"""Real passage sentences recombined as a small model does, against the guard: what it shows, what it quotes.

    PYTHONPATH=src python bench/generative/recombined.py --database COPY/answers.db [--limit 300] [--relations]

No model and no labels: each sentence of the stored passages (6 content terms at least) is turned into
- `verbatim`: itself (supported);
- `fronted`: its opening phrase, up to the first comma, moved to the end (« Depuis 2020, la Région
  fournit … » → « La Région fournit …, depuis 2020 »): a faithful paraphrase (supported);
- `swapped nouns`: two of its nouns or names exchanged (« le Var devant les Hautes-Alpes » → « les
  Hautes-Alpes devant le Var »): the passage's words in a relation it does not state (unsupported);
- `swapped numbers`: two of its numbers exchanged (unsupported).
Each is judged against its own passage (cited [1]) by the support rules (`SupportCheck.verdict`), and,
when they accept it, scored by `answer.alignment` (share of terms in the same order in one passage
sentence) and, with --relations, by `relations.py` (beside it) (spaCy). Printed: per kind, the share the
support rules accept, and for each alignment threshold the share of the accepted ones shown as
written (for unsupported kinds: errors shown; for supported kinds: 1 − those quoted). Reads the
database (sqlite3), writes nothing; the sentences are third-party text and are never printed.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sqlite3
from pathlib import Path

from sudia.answer.alignment import PassageAlignment
from sudia.answer.citations import passage_sentences
from sudia.answer.support import SupportCheck, content_terms
from sudia.types import Chunk, Hit

GRID = (0.7, 0.8, 0.85, 0.9, 0.95, 1.0)


def fronted(sentence: str) -> str | None:
    head, sep, rest = sentence.partition(", ")
    if not sep or len(head.split()) > 6 or len(rest.split()) < 4:
        return None
    rest = rest.rstrip(" .")
    return f"{rest[0].upper()}{rest[1:]}, {head[0].lower()}{head[1:]}."


def swapped(sentence: str, nlp, kinds: set[str], rng: random.Random) -> str | None:
    doc = nlp(sentence)
    tokens = [t for t in doc if (t.pos_ in kinds or (kinds == {"NUM"} and t.like_num)) and len(t.text) > 1]
    pairs = [(a, b) for i, a in enumerate(tokens) for b in tokens[i + 1:] if a.lower_ != b.lower_]
    if not pairs:
        return None
    a, b = rng.choice(pairs)
    out = [t.text_with_ws for t in doc]
    out[a.i] = b.text + a.whitespace_
    out[b.i] = a.text + b.whitespace_
    return "".join(out)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", type=Path, required=True)
    parser.add_argument("--limit", type=int, default=300, help="passage sentences, in a seeded random order")
    parser.add_argument("--relations", action="store_true")
    args = parser.parse_args()
    from relations import RelationCheck, _nlp

    nlp = _nlp()
    rng = random.Random(20261207)
    connection = sqlite3.connect(f"file:{args.database}?mode=ro", uri=True)
    rows = connection.execute("SELECT c.text, c.section, d.title FROM chunks c JOIN documents d "
                              "ON d.id = c.document_id").fetchall()
    items = [(text, section, title, s) for text, section, title in rows for line in text.splitlines()
             for s in passage_sentences(line) if len(content_terms(s)) >= 6 and not s.rstrip().endswith(("?", ":"))]
    rng.shuffle(items)
    results: dict[str, list[tuple[bool, float, float]]] = {}
    for text, section, title, sentence in items[: args.limit]:
        hit = Hit(Chunk("p", "d", "c", 0, text, section=section or "", document_title=title), 1.0)
        check = SupportCheck("", [hit])
        alignment = PassageAlignment(check.texts, check.local.head_terms)
        relations = RelationCheck(check.texts) if args.relations else None
        variants = {"verbatim": sentence, "fronted": fronted(sentence),
                    "swapped nouns": swapped(sentence, nlp, {"NOUN", "PROPN"}, rng),
                    "swapped numbers": swapped(sentence, nlp, {"NUM"}, rng)}
        for kind, variant in variants.items():
            if variant is None or variant == sentence and kind != "verbatim":
                continue
            words = re.sub(r"\s+", " ", variant).strip()
            verdict = check.verdict(words, (1,))
            score = alignment.closest(words, (1,)).score if verdict.supported else 0.0
            relation = relations.score(words, (1,)) if relations is not None and verdict.supported else 0.0
            results.setdefault(kind, []).append((verdict.supported, score, relation))
    for kind, found in results.items():
        accepted = [(s, r) for ok, s, r in found if ok]
        line = {"kind": kind, "variants": len(found), "accepted_by_support_rules": len(accepted),
                "shown_as_written_at": {str(t): sum(s >= t for s, _ in accepted) for t in GRID}}
        if args.relations:
            line["relation_score_1"] = sum(r >= 1.0 for _, r in accepted)
            line["alignment_1_and_relation_1"] = sum(s >= 1.0 and r >= 1.0 for s, r in accepted)
        print(json.dumps(line))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
