"""The chat use case on the demo collection: follow-ups answered from the conversation, history, feedback."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fake_llm import FakeLLM

from sudia.conversations.factory import open_conversation_store
from sudia.errors import SudiaError
from sudia.llm.openai_compat import OpenAICompatibleModel
from sudia.platform import Platform
from sudia.usecases.conversations import Answered, Chat, ChatOptions

PASS = "Qui peut avoir le Pass Jeunes Sud ?"
ORDER = "Comment la commander ?"
DEMO = ["allo-region"]


@pytest.fixture
def chat(demo_platform: Platform, tmp_path) -> Iterator[Chat]:
    """The demo's assistant; the conversations in a database of their own (tests stay independent)."""
    store = open_conversation_store(f"sqlite:///{tmp_path / 'conversations.db'}")
    yield Chat(store, demo_platform.assistant, None, demo_platform.energy)
    store.close()


@pytest.fixture(scope="module")
def fake_llm() -> Iterator[FakeLLM]:
    llm = FakeLLM().start()
    yield llm
    llm.stop()


def test_a_follow_up_is_answered_from_the_conversation(chat: Chat) -> None:
    alone = chat.ask("user:a", ORDER, DEMO)
    assert alone.answer.mode == "abstention"  # on its own, « la » points to nothing

    first = chat.ask("user:a", PASS, DEMO)
    follow = chat.ask("user:a", ORDER, DEMO, first.conversation.id)
    assert follow.query == "Comment la commander (Pass Jeunes Sud) ?"
    assert follow.answer.mode == "extractive"
    assert {c.source for c in follow.answer.citations} == {"pass-jeunes-sud.html"}
    stored = chat.conversation("user:a", first.conversation.id)
    assert [t.question for t in stored.turns] == [PASS, ORDER]
    assert stored.turns[1].query == follow.query and stored.turns[1].answer.text == follow.answer.text


def test_anonymous_visitors_send_their_previous_question_and_keep_nothing(chat: Chat) -> None:
    answered = chat.ask("", ORDER, DEMO, previous=[PASS])
    assert answered.query == "Comment la commander (Pass Jeunes Sud) ?"
    assert answered.conversation is None and answered.turn is None
    assert chat.history("") == []
    with pytest.raises(SudiaError) as refused:
        chat.prepare("", ORDER, "une-conversation")
    assert refused.value.code == "SUDIA-H001"


def test_the_server_history_wins_over_what_the_page_sends(chat: Chat) -> None:
    first = chat.ask("user:a", PASS, DEMO)
    prepared = chat.prepare("user:a", ORDER, first.conversation.id, previous=["Quel temps fait-il ?"])
    assert prepared.rewrite.query == "Comment la commander (Pass Jeunes Sud) ?"


def test_streaming_gives_text_then_the_stored_turn(chat: Chat) -> None:
    events = list(chat.answer(chat.prepare("user:a", PASS), DEMO))
    *texts, last = events
    assert texts and all(isinstance(t, str) for t in texts)
    assert isinstance(last, Answered) and last.turn is not None and last.conversation.title == PASS


def test_another_owner_gets_nothing(chat: Chat) -> None:
    mine = chat.ask("user:a", PASS, DEMO).conversation
    for attempt in (lambda: chat.conversation("user:b", mine.id), lambda: chat.prepare("user:b", ORDER, mine.id),
                    lambda: chat.rename("user:b", mine.id, "x"), lambda: chat.delete("user:b", mine.id)):
        with pytest.raises(SudiaError) as refused:
            attempt()
        assert refused.value.code == "SUDIA-H001"
    assert chat.history("user:b") == [] and len(chat.history("user:a")) == 1


def test_rename_delete_and_feedback(chat: Chat) -> None:
    answered = chat.ask("user:a", PASS, DEMO)
    conversation = answered.conversation
    chat.rename("user:a", conversation.id, "  Pass   Jeunes ")
    assert chat.history("user:a")[0].title == "Pass Jeunes"
    with pytest.raises(SudiaError) as empty:
        chat.rename("user:a", conversation.id, "   ")
    assert empty.value.code == "SUDIA-H002"
    chat.give_feedback("user:a", conversation.id, answered.turn.id, -1, "Il manque l'âge minimum.")
    [feedback] = chat.feedback({"allo-region"})
    assert feedback.question == PASS and feedback.comment == "Il manque l'âge minimum."
    assert feedback.citations and feedback.collections == ("allo-region",)
    assert chat.feedback({"rh"}) == []  # feedback on a collection one may not read is not listed
    with pytest.raises(SudiaError) as unknown:
        chat.give_feedback("user:a", conversation.id, "autre", 1)
    assert unknown.value.code == "SUDIA-H004"
    chat.delete("user:a", conversation.id)
    assert chat.history("user:a") == [] and len(chat.feedback({"allo-region"})) == 1


def test_an_empty_question_is_refused(chat: Chat) -> None:
    with pytest.raises(SudiaError) as empty:
        chat.prepare("user:a", "   ")
    assert empty.value.code == "SUDIA-R001"


def _llm_chat(chat: Chat, fake_llm: FakeLLM, **options) -> Chat:
    model = OpenAICompatibleModel(fake_llm.url, fake_llm.model)
    return Chat(chat.store, chat.answerer, model, chat.energy, ChatOptions(**options))


def test_the_language_model_rewrites_follow_ups_when_configured(chat: Chat, fake_llm: FakeLLM) -> None:
    llm_chat = _llm_chat(chat, fake_llm)
    fake_llm.script("Comment commander le Pass Jeunes Sud ?")
    first = llm_chat.ask("user:a", PASS, DEMO)
    assert fake_llm.requests == []  # a question that stands alone is not sent to the model (sobriety)
    follow = llm_chat.ask("user:a", ORDER, DEMO, first.conversation.id)
    assert follow.query == "Comment commander le Pass Jeunes Sud ?"
    [request] = fake_llm.requests
    prompt = fake_llm.last_prompt
    assert PASS in prompt and ORDER in prompt
    assert "Télécharger l'application" not in prompt  # the documents' text never goes into the rewriting
    assert follow.answer.usage.prompt_tokens > 0 and follow.answer.usage.completion_tokens > 0
    assert {c.source for c in follow.answer.citations} == {"pass-jeunes-sud.html"}


def test_an_unusable_model_reply_falls_back_to_the_rules(chat: Chat, fake_llm: FakeLLM) -> None:
    llm_chat = _llm_chat(chat, fake_llm)
    fake_llm.script("")
    assert llm_chat.ask("", ORDER, DEMO, previous=[PASS]).query == "Comment la commander (Pass Jeunes Sud) ?"
    down = Chat(chat.store, chat.answerer, OpenAICompatibleModel("http://127.0.0.1:9/v1", "absent", timeout_s=2),
                chat.energy)
    assert down.ask("", ORDER, DEMO, previous=[PASS]).query == "Comment la commander (Pass Jeunes Sud) ?"
    off = _llm_chat(chat, fake_llm, llm_followups=False)
    fake_llm.script("Ne doit pas servir")
    assert off.ask("", ORDER, DEMO, previous=[PASS]).query == "Comment la commander (Pass Jeunes Sud) ?"
    assert fake_llm.requests == []
