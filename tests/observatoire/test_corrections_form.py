"""The correction form of an actor page: signed by the account, values checked (regressions of #11)."""

from __future__ import annotations

import dataclasses

import pytest

from sudia.errors import SudiaError
from sudia.observatoire.kb.factory import open_knowledge_base
from sudia.observatoire.types import Actor, Extraction, Source
from sudia.observatoire.web.actor_view import actor_view
from sudia.observatoire.web.corrections import CorrectionForm, apply_correction


@pytest.fixture
def kb(tmp_path):
    base = open_knowledge_base(f"sqlite:///{tmp_path / 'kb.db'}")
    base.save(Extraction(actors=(Actor("Luberon 1", "datacenter", sources=(Source("cp.txt", "Luberon 1"),)),)), [])
    yield base
    base.close()


def test_the_form_has_no_name_field_and_the_account_signs(kb) -> None:
    """The typed name was replaced by the account's address; its check could no longer be reached."""
    assert "who" not in {f.name for f in dataclasses.fields(CorrectionForm)}
    view = actor_view(kb, "luberon-1")
    correction = apply_correction(kb, view, CorrectionForm("actor", "", "description", "Centre de calcul"),
                                  who="admin@maregionsud.fr")
    assert (correction.who, correction.field, correction.after) == ("admin@maregionsud.fr", "description",
                                                                    "Centre de calcul")
    assert [c.who for c in kb.corrections()] == ["admin@maregionsud.fr"]


def test_an_empty_actor_name_is_refused_in_french(kb) -> None:
    view = actor_view(kb, "luberon-1")
    with pytest.raises(SudiaError) as refused:
        apply_correction(kb, view, CorrectionForm("actor", "", "name", "   "), who="admin@maregionsud.fr")
    assert "le nom d'un acteur ne peut pas être vide" in refused.value.message
    assert kb.corrections() == []
