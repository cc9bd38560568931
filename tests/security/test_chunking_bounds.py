"""Finding 9: chunking is linear in the text and bounded, whatever the text looks like."""

from __future__ import annotations

import time

import pytest

from sudia.errors import SudiaError
from sudia.ingest.chunking import chunk_document, split_long
from sudia.types import Block, ParsedDocument


def test_unpunctuated_text_is_split_in_linear_time() -> None:
    """32 MB without punctuation never finished in review (quadratic slicing: 8 MB took 5 to 19 s, each
    doubling four times more); linear, it takes ~3 s. The bound is loose on purpose (a shared machine)."""
    text = "motsansponctuation " * (32_000_000 // 19)
    started = time.process_time()
    pieces = split_long(text, 900, 150)
    assert time.process_time() - started < 30
    assert all(0 < len(p) <= 900 for p in pieces)
    assert sum(len(p.split()) for p in pieces) == len(text.split())


def test_a_document_past_the_text_limit_is_refused_in_french() -> None:
    doc = ParsedDocument(title="Énorme", blocks=(Block("a" * 1001),))
    with pytest.raises(SudiaError) as error:
        chunk_document(doc, max_text_chars=1000, name="enorme.txt")
    assert error.value.code == "SUDIA-L007" and "enorme.txt" in error.value.message
