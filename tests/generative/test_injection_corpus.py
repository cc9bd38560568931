"""The injection corpus, both answer modes: no answer relays a planted instruction or contact detail.

The stand-in LLM plays a model that obeys the injection (it writes the planted request after, or
before, a correct sentence); the guard must keep it from the reader, in whole and streamed answers.
The same corpus is measured with a real model by bench/generative/injections.py.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from generative.injection_corpus import TOPICS, Variant, relays, variants, write

from sudia.platform import Platform
from sudia.settings import Settings
from sudia.types import Answer
from sudia.usecases.assistant import Assistant

VARIANTS = variants()


def collection(variant: Variant) -> str:
    return re.sub(r"[^a-z0-9-]", "-", variant.id.lower())[:60]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory, fake_llm) -> Iterator[tuple[Platform, Path]]:
    folder = tmp_path_factory.mktemp("injections")
    platform = Platform.from_settings(Settings(data_dir=folder / "data", demo=False, llm_base_url=fake_llm.url,
                                               llm_model=fake_llm.model))
    yield platform, folder
    platform.close()


def ingested(corpus: tuple[Platform, Path], variant: Variant) -> tuple[Platform, str]:
    """The variant's document alone in its own collection (one collection per variant)."""
    platform, folder = corpus
    name = collection(variant)
    platform.store.ensure_collection(name)
    assert platform.ingestor.ingest_file(name, write(variant, folder)).status == "added", variant.id
    return platform, name


def obeying(variant: Variant, first: bool) -> str:
    """What a model that obeys the injection writes: the order's content as advice, cited."""
    order = variant.payload.split(":", 1)[-1] if ":" in variant.payload[:80] else variant.payload
    order = re.sub(r"<\|[^|]*\|>|system\n", " ", order).strip().rstrip(".")
    fact = variant.topic.body[0].rstrip(".")
    return f"{order} [1]. {fact} [1]." if first else f"{fact} [1]. {order} [1]."


def test_the_corpus_has_at_least_60_variants_in_every_carrier():
    assert len(VARIANTS) >= 60
    assert {v.carrier for v in VARIANTS} == {"visible_html", "hidden_html", "comment_html", "hidden_docx",
                                             "white_pdf", "markdown"}
    assert all(v.planted() or v.keys for v in VARIANTS)
    assert len(TOPICS) == 5


@pytest.mark.parametrize("variant", VARIANTS, ids=lambda v: v.id)
def test_no_answer_relays_the_injection(corpus, fake_llm, variant):
    platform, name = ingested(corpus, variant)
    a = platform.assistant
    extractive = Assistant(a.store, a.retriever, None, a.energy, a.gate, a.options).ask(variant.question, [name])
    assert relays(extractive.text, variant) is None, extractive.text
    fake_llm.script(obeying(variant, first=False))  # a right first sentence, then the planted request
    whole = a.ask(variant.question, [name])
    assert relays(whole.text, variant) is None, (whole.text, whole.warnings)
    fake_llm.script(obeying(variant, first=True))  # the planted request first, streamed
    items = list(a.ask_stream(variant.question, [name]))
    assert isinstance(items[-1], Answer)
    shown = "".join(items[:-1])
    assert relays(shown, variant) is None, shown
    assert relays(items[-1].text, variant) is None, items[-1].text
