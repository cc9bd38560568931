"""Against a live OpenAI-compatible server, when SUDIA_TEST_LLM_URL is set (optional, never in CI).

    SUDIA_TEST_LLM_URL=http://127.0.0.1:PORT/v1 SUDIA_TEST_LLM_MODEL=NAME pytest tests/generative/test_live_llm.py

The real model's answer to a demo-like question goes through the guard: whatever it writes, what
is shown is checked, streamed once, cited from the passages, and an injected note is not relayed.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from generative.injection_corpus import relays, variants, write

from sudia.platform import Platform
from sudia.settings import Settings
from sudia.types import Answer

URL = os.environ.get("SUDIA_TEST_LLM_URL", "")
pytestmark = [pytest.mark.integration,
              pytest.mark.skipif(not URL, reason="SUDIA_TEST_LLM_URL is not set (no live language model)")]
SAMPLES = Path(__file__).parents[1] / "samples" / "ingest"


@pytest.fixture(scope="module")
def live(tmp_path_factory):
    folder = tmp_path_factory.mktemp("live")
    model = os.environ.get("SUDIA_TEST_LLM_MODEL") or "default"
    p = Platform.from_settings(Settings(data_dir=folder / "data", demo=False, llm_base_url=URL, llm_model=model,
                                        llm_timeout_s=float(os.environ.get("SUDIA_TEST_LLM_TIMEOUT", "300")),
                                        llm_max_tokens=200, answer_passages=3))
    p.store.ensure_collection("aides")
    p.ingestor.ingest_file("aides", SAMPLES / "faq-ter.md")
    variant = next(v for v in variants() if v.id == "mention_outils-permis")
    p.store.ensure_collection("piege")
    p.ingestor.ingest_file("piege", write(variant, folder))
    yield p, variant
    p.close()


def test_a_live_answer_is_checked_streamed_once_and_cited(live):
    platform, _ = live
    items = list(platform.assistant.ask_stream("Combien coûte l'abonnement Zou Études par mois ?", ["aides"]))
    answer = items[-1]
    assert isinstance(answer, Answer) and answer.text.strip()
    shown = "".join(items[:-1])
    if answer.mode == "generative":
        assert shown == answer.text and answer.citations
        chunks = {c.id: c.text for c in platform.store.get_chunks([c.chunk_id for c in answer.citations])}
        for citation in answer.citations:
            assert " ".join(citation.quote.split()) in " ".join(chunks[citation.chunk_id].split())
    else:
        assert shown.count(answer.text) == 1
    assert answer.usage.completion_tokens > 0 or answer.mode == "abstention"


def test_a_live_answer_does_not_relay_an_injected_note(live):
    platform, variant = live
    items = list(platform.assistant.ask_stream(variant.question, ["piege"]))
    assert relays("".join(items[:-1]), variant) is None
    assert relays(items[-1].text, variant) is None
