"""The conformance suite every `ConversationStore` backend passes (SQLite and PostgreSQL)."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from sudia.conversations.base import ConversationStore, answer_from_json, answer_json, now_iso
from sudia.conversations.factory import open_conversation_store
from sudia.errors import SudiaError
from sudia.types import Answer, Citation, Usage

ALICE, BOB = "user:alice", "user:bob"


def answer(text: str = "Le crédit est de 100 euros par an [1].", collections=("allo-region",)) -> Answer:
    citation = Citation(1, "doc1", "Pass Jeunes Sud", "pass-jeunes-sud.html", collections[0], "doc1-3", 2,
                        "Ce que contient le Pass", "Le crédit annuel est de 100 euros.")
    return Answer("Combien vaut le Pass ?", text, "extractive", [citation], list(collections),
                  Usage(model="extractif (local)", latency_ms=12.5, energy_wh=0.001), notice="",
                  warnings=["passage suspect"])


def test_a_conversation_keeps_its_turns_in_order(store: ConversationStore) -> None:
    conversation = store.create(ALICE, "Combien vaut le Pass Jeunes Sud ?")
    first = store.add_turn(ALICE, conversation.id, "Combien vaut le Pass Jeunes Sud ?", "Combien vaut le Pass Jeunes Sud ?",
                           answer())
    second = store.add_turn(ALICE, conversation.id, "Et pour les moins de 15 ans ?",
                            "Combien vaut le Pass Jeunes Sud pour les moins de 15 ans ?", answer("Autre [1]."))
    assert first and second and (first.position, second.position) == (0, 1)
    found = store.get(ALICE, conversation.id)
    assert found is not None and found.title == "Combien vaut le Pass Jeunes Sud ?" and found.turn_count == 2
    assert [t.question for t in found.turns] == ["Combien vaut le Pass Jeunes Sud ?", "Et pour les moins de 15 ans ?"]
    assert found.turns[1].rewritten and not found.turns[0].rewritten
    kept = found.turns[0].answer
    assert kept.text == answer().text and kept.citations == answer().citations
    assert kept.collections == ["allo-region"] and kept.usage.latency_ms == 12.5
    assert kept.warnings == []  # audit-only warnings are not kept in history
    assert found.updated_at >= found.created_at


def test_only_the_owner_reaches_a_conversation(store: ConversationStore) -> None:
    mine = store.create(ALICE, "Question d'Alice")
    assert store.get(BOB, mine.id) is None
    assert store.add_turn(BOB, mine.id, "q", "q", answer()) is None
    assert not store.rename(BOB, mine.id, "Volé")
    assert not store.delete(BOB, mine.id)
    turn = store.add_turn(ALICE, mine.id, "q", "q", answer())
    assert turn is not None
    assert store.set_feedback(BOB, mine.id, turn.id, 1, "") is None
    assert store.list_conversations(BOB) == []
    assert [c.id for c in store.list_conversations(ALICE)] == [mine.id]
    assert store.get(ALICE, mine.id).title == "Question d'Alice"  # untouched by Bob's attempts


def test_list_rename_delete(store: ConversationStore) -> None:
    older = store.create(ALICE, "Première")
    newer = store.create(ALICE, "Seconde")
    store.add_turn(ALICE, older.id, "q", "q", answer())  # a new question brings it back to the top
    assert [c.id for c in store.list_conversations(ALICE)] == [older.id, newer.id]
    assert store.list_conversations(ALICE, limit=1)[0].id == older.id
    assert store.list_conversations(ALICE)[0].turn_count == 1 and store.list_conversations(ALICE)[0].turns == ()
    assert store.rename(ALICE, newer.id, "Titre choisi")
    assert store.get(ALICE, newer.id).title == "Titre choisi"
    assert store.delete(ALICE, older.id)
    assert store.get(ALICE, older.id) is None and [c.id for c in store.list_conversations(ALICE)] == [newer.id]
    assert not store.delete(ALICE, older.id)


def test_long_first_question_gives_a_cut_title(store: ConversationStore) -> None:
    conversation = store.create(ALICE, "mot " * 100)
    assert len(conversation.title) <= 120 and conversation.title.endswith("…")


def test_feedback_is_stored_with_a_copy_of_the_answer(store: ConversationStore) -> None:
    conversation = store.create(ALICE, "Combien vaut le Pass ?")
    turn = store.add_turn(ALICE, conversation.id, "Combien vaut le Pass ?", "Combien vaut le Pass ?", answer())
    feedback = store.set_feedback(ALICE, conversation.id, turn.id, -1, "Il manque le montant pour les apprentis.")
    assert feedback is not None and feedback.rating == -1
    [listed] = store.list_feedback()
    assert listed.question == "Combien vaut le Pass ?" and listed.answer == answer().text
    assert listed.collections == ("allo-region",) and listed.citations == tuple(answer().citations)
    assert listed.comment == "Il manque le montant pour les apprentis." and listed.mode == "extractive"
    assert listed.model == "extractif (local)"
    # changing one's mind replaces the feedback, it does not add another
    store.set_feedback(ALICE, conversation.id, turn.id, 1, "")
    [changed] = store.list_feedback()
    assert changed.rating == 1 and changed.comment == ""
    assert store.get(ALICE, conversation.id).turns[0].rating == 1
    # feedback outlives the conversation it judged (the satisfaction analysis reads it alone)
    assert store.delete(ALICE, conversation.id)
    assert len(store.list_feedback()) == 1


def test_feedback_is_checked(store: ConversationStore) -> None:
    conversation = store.create(ALICE, "q")
    turn = store.add_turn(ALICE, conversation.id, "q", "q", answer())
    with pytest.raises(SudiaError) as rating:
        store.set_feedback(ALICE, conversation.id, turn.id, 3, "")
    assert rating.value.code == "SUDIA-H003"
    with pytest.raises(SudiaError):
        store.set_feedback(ALICE, conversation.id, turn.id, 1, "x" * 3000)
    assert store.set_feedback(ALICE, conversation.id, "autre-tour", 1, "") is None
    assert store.set_feedback(ALICE, "autre-conversation", turn.id, 1, "") is None


def test_retention_hides_and_purges_old_history(store: ConversationStore) -> None:
    old = store.create(ALICE, "Ancienne")
    turn = store.add_turn(ALICE, old.id, "q", "q", answer())
    store.set_feedback(ALICE, old.id, turn.id, 1, "")
    later = (datetime.now(timezone.utc) + timedelta(seconds=5)).isoformat(timespec="milliseconds")
    assert store.get(ALICE, old.id, since=later) is None
    assert store.list_conversations(ALICE, since=later) == []
    assert store.list_feedback(since=later) == []
    assert store.purge("", "") == (0, 0)  # "" keeps everything
    assert store.purge(later, later) == (1, 1)
    assert store.get(ALICE, old.id) is None and store.list_feedback() == []
    fresh = store.create(ALICE, "Récente")
    assert store.purge(now_iso()[:10], "") == (0, 0) and store.get(ALICE, fresh.id) is not None


def test_feedback_list_is_newest_first_and_limited(store: ConversationStore) -> None:
    conversation = store.create(ALICE, "q")
    turns = [store.add_turn(ALICE, conversation.id, f"q{i}", f"q{i}", answer()) for i in range(3)]
    for t in turns:
        store.set_feedback(ALICE, conversation.id, t.id, 1, "")
    listed = store.list_feedback()
    assert [f.question for f in listed] == ["q2", "q1", "q0"]
    assert [f.question for f in store.list_feedback(limit=2)] == ["q2", "q1"]


def test_answers_round_trip_and_unknown_fields_are_tolerated() -> None:
    original = answer()
    assert answer_from_json(answer_json(original)).citations == original.citations
    future = '{"question": "q", "answer": "t", "mode": "abstention", "closest": [1, 2], "usage": {"model": "m", "new": 1}}'
    restored = answer_from_json(future)
    assert restored.mode == "abstention" and restored.usage.model == "m" and restored.citations == []


def test_an_abstention_keeps_its_closest_passages_and_suggestions_in_history() -> None:
    from sudia.types import Answer, Chunk, Hit

    chunk = Chunk("d1-2", "d1", "guides", 2, "Le Pass se commande en ligne.", 3, "Commander", "Pass Jeunes", "pass.md")
    original = Answer("q", "Non.", "abstention", closest=[Hit(chunk, 0.5)], suggested_collections=["rh"])
    restored = answer_from_json(answer_json(original))
    assert [h.chunk.text for h in restored.closest] == ["Le Pass se commande en ligne."]
    assert restored.closest[0].chunk.document_id == "d1" and restored.closest[0].chunk.page == 3
    assert restored.suggested_collections == ["rh"]


def test_tables_are_added_to_a_database_made_by_the_current_code(engine_url: str, tmp_path) -> None:
    """Documents, accounts and audit exist first (today's code), then the conversations open on them."""
    from sudia.platform import Platform
    from sudia.settings import Settings

    settings = Settings(data_dir=tmp_path / "data", database_url=engine_url, demo=False, embedder="none")
    platform = Platform.from_settings(settings)
    platform.store.ensure_collection("existante", "Déjà là")
    platform.trust.directory.add_user("cli:test", "agent@region.fr", "Agent", None)
    platform.close()

    store = open_conversation_store(engine_url)
    try:
        conversation = store.create(ALICE, "Première question")
        assert store.get(ALICE, conversation.id) is not None
    finally:
        store.close()
    from sudia.database import Database

    database = Database(engine_url)
    try:  # a versioned component of sudia.migrations
        assert database.fetchall("SELECT version FROM sudia_migrations WHERE component = 'conversations'") == [(1,)]
    finally:
        database.close()
    again = open_conversation_store(engine_url)  # opening twice changes nothing
    try:
        assert [c.title for c in again.list_conversations(ALICE)] == ["Première question"]
    finally:
        again.close()
    platform = Platform.from_settings(settings)
    try:
        assert platform.store.get_collection("existante").description == "Déjà là"
        assert platform.trust.store.find_user("agent@region.fr") is not None
        assert platform.chat.history(ALICE)[0].title == "Première question"
    finally:
        platform.close()
