"""One database-URL resolver for every store (#11): the same addresses accepted, the same refusal."""

from __future__ import annotations

import pytest

from sudia.accounts.factory import open_trust_store
from sudia.conversations.factory import open_conversation_store
from sudia.database import Database
from sudia.errors import SudiaError
from sudia.observatoire.kb.factory import open_knowledge_base
from sudia.store import open_store
from sudia.store.urls import DatabaseUrl

OPENERS = [open_store, open_trust_store, open_conversation_store, open_knowledge_base, Database]


@pytest.mark.parametrize("opener", OPENERS, ids=lambda o: o.__name__)
def test_every_store_refuses_the_same_url_without_its_password(opener) -> None:
    with pytest.raises(SudiaError) as refused:
        opener("mysql://agent:motdepasse-secret@db.region.fr/sudia")
    assert refused.value.code == "SUDIA-S002"
    assert "motdepasse-secret" not in refused.value.message and "db.region.fr" in refused.value.message


def test_the_accepted_forms() -> None:
    assert DatabaseUrl.parse("sqlite:///data/sudia.db").sqlite_path == "data/sudia.db"
    assert DatabaseUrl.parse("sqlite://").sqlite_path == ":memory:"
    for url in ("postgres://u@h/db", "postgresql+psycopg://u@h/db", "postgresql://u@h/db"):
        assert DatabaseUrl.parse(url) == DatabaseUrl("postgresql", "postgresql://u@h/db")


@pytest.mark.parametrize("opener", OPENERS, ids=lambda o: o.__name__)
def test_every_store_opens_the_in_memory_database(opener) -> None:
    opener("sqlite://").close()
