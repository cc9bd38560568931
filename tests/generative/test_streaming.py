"""Streams that go wrong: the LLM dies, is too slow, sends no usage, or the reader goes away."""

from __future__ import annotations

import time
from dataclasses import replace

from fake_llm import Reply

from sudia.llm.openai_compat import OpenAICompatibleModel
from sudia.types import Answer
from sudia.usecases.assistant import Assistant

QUESTION = "Combien coûte l'abonnement Zou Études par mois ?"
GOOD = "L'abonnement Zou Études coûte 15 euros par mois [1]. Il se résilie chaque mois [1]."


def run(assistant: Assistant) -> tuple[list[str], Answer]:
    items = list(assistant.ask_stream(QUESTION, ["aides"]))
    assert isinstance(items[-1], Answer)
    return items[:-1], items[-1]


def with_llm(platform, **options) -> Assistant:
    a = platform.assistant
    llm = OpenAICompatibleModel(platform.settings.llm_base_url, platform.settings.llm_model, **options)
    return Assistant(a.store, a.retriever, llm, a.energy, a.gate, a.options)


def wait_for_disconnect(fake_llm, before: int) -> None:
    deadline = time.monotonic() + 20
    while fake_llm.disconnects == before and time.monotonic() < deadline:
        time.sleep(0.05)
    assert fake_llm.disconnects == before + 1


def test_a_good_stream_shows_each_checked_sentence_once(platform, fake_llm):
    fake_llm.script(GOOD)
    deltas, answer = run(platform.assistant)
    assert "".join(deltas) == answer.text == GOOD
    assert answer.mode == "generative" and not answer.usage.tokens_estimated


def test_the_llm_dying_mid_stream_switches_to_quotes_once(platform, fake_llm):
    # The case: partial text, the extractive answer, the notice, then the extractive answer again.
    fake_llm.script(Reply(GOOD, die_after=len(GOOD.split("[1].")[0]) + 10))
    deltas, answer = run(platform.assistant)
    shown = "".join(deltas)
    assert answer.mode == "extractive" and "réponse extractive à la place" in answer.notice
    assert shown.startswith("L'abonnement Zou Études coûte 15 euros par mois [1].")
    assert shown.count(answer.notice) == 1 and shown.count(answer.text) == 1
    assert shown.endswith(answer.text)
    # What the dead server had written still cost energy: its tokens are counted, as estimated.
    assert answer.usage.completion_tokens > 0 and answer.usage.tokens_estimated and answer.usage.energy_wh > 0


def test_a_stream_ended_without_a_finish_reason_is_not_taken_for_a_whole_answer(platform, fake_llm):
    # llama.cpp's server ends a stream with a clean [DONE] when another request arrives (its default
    # --interrupt_requests): seen with two clients, the cut answers, often empty, passed for whole ones.
    for cut in (0, len(GOOD.split("[1].")[0]) + 10):
        fake_llm.script(Reply(GOOD, cut_after=cut))
        deltas, answer = run(platform.assistant)
        shown = "".join(deltas)
        assert answer.mode == "extractive" and "flux coupé par le serveur" in answer.notice
        # Nothing shown yet: the answer carries the notice; something shown: the stream says it once.
        assert shown.count(answer.notice) == (1 if cut else 0) and shown.endswith(answer.text)


def test_the_callers_own_work_between_tokens_is_not_charged_to_the_server(platform, fake_llm):
    # The guard embeds each sentence it checks: on a loaded CPU that took longer than the whole budget,
    # and a good answer from a fast server was thrown away as « délai dépassé ».
    model = OpenAICompatibleModel(platform.settings.llm_base_url, platform.settings.llm_model, timeout_s=1.0)
    fake_llm.script(GOOD)
    pieces = []
    for piece in model.stream([{"role": "user", "content": QUESTION}], 50):
        pieces.append(piece)
        time.sleep(0.1)  # a slow reader: far more than 1 s in all
    assert "".join(p for p in pieces if isinstance(p, str)) == GOOD


def test_one_time_budget_per_request_and_no_retry(platform, fake_llm):
    slow = with_llm(platform, timeout_s=1.0)
    fake_llm.script(Reply(GOOD * 4, delay_s=0.2))  # about 12 s to write it all
    before = fake_llm.disconnects
    deltas, answer = run(slow)
    assert len(fake_llm.requests) == 1  # a retry would double the wait
    assert answer.mode == "extractive" and "délai dépassé" in answer.notice
    wait_for_disconnect(fake_llm, before)  # cut at the budget: the server stops writing
    assert answer.usage.completion_tokens > 0


def test_counts_are_marked_estimated_when_the_server_sends_no_usage(platform, fake_llm):
    fake_llm.script(Reply(GOOD, usage=False))
    _, answer = run(platform.assistant)
    assert answer.mode == "generative" and answer.usage.tokens_estimated
    assert fake_llm.requests[-1]["stream_options"] == {"include_usage": True}


def test_a_reader_going_away_cancels_the_generation_and_its_tokens_count(platform, fake_llm):
    fake_llm.script(Reply(GOOD * 20, delay_s=0.05))
    before = fake_llm.disconnects
    items = platform.assistant.ask_stream(QUESTION, ["aides"])
    first = next(items)
    assert first.startswith("L'abonnement")
    items.close()  # what the web server does when the client disconnects
    wait_for_disconnect(fake_llm, before)  # the server saw the request cancelled
    recorded = platform.store.list_usage(limit=1)[0]
    assert recorded.usage.completion_tokens > 0 and recorded.usage.energy_wh > 0


def test_an_answer_made_of_a_marker_only_is_not_an_answer(platform, fake_llm):
    fake_llm.script("[1]")
    deltas, answer = run(platform.assistant)
    assert answer.mode == "extractive" and "aucune phrase vérifiable" in answer.notice
    assert "".join(deltas) == answer.text and "15 euros" in answer.text


def test_whole_and_streamed_answers_are_the_same(platform, fake_llm):
    reply = GOOD + " Il coûte 20 euros le dimanche [1]."
    fake_llm.script(reply, reply)
    whole = platform.assistant.ask(QUESTION, ["aides"])
    deltas, streamed = run(platform.assistant)
    assert whole.text == streamed.text == "".join(deltas) == GOOD
    assert replace(whole.citations[0]) == streamed.citations[0]
    assert any("20" in w for w in whole.warnings)
