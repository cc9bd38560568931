"""Large collections leave very common terms out of lexical queries, on both backends alike."""

from __future__ import annotations

import pytest

import sudia.store.postgres
import sudia.store.sqlite
from sudia.store.base import query_terms
from tests.store.test_conformance import add, found, store  # noqa: F401  (the backend fixture)


def test_query_terms_keep_only_rare_present_terms():
    frequency = {"aide": 900, "cantin": 20, "absent": 0}
    assert query_terms(["aide", "cantin", "absent"], frequency, total=10_000) == ["cantin"]
    assert query_terms(["aide"], frequency, total=10_000) == []


@pytest.fixture
def small_threshold(monkeypatch: pytest.MonkeyPatch) -> None:
    # The rule applies from 10,000 passages; the same code runs here on 40 with a lower bound.
    monkeypatch.setattr(sudia.store.sqlite, "PRUNE_FROM_PASSAGES", 10)
    monkeypatch.setattr(sudia.store.postgres, "PRUNE_FROM_PASSAGES", 10)


def test_common_terms_are_left_out_and_rare_ones_decide(store, small_threshold):  # noqa: F811
    texts = [f"Aide régionale numéro {i} pour les familles." for i in range(39)]
    texts.append("Aide régionale pour la cantine du lycée.")
    _, chunks, _ = add(store, "grande", "aides.md", texts)
    assert found(store, ["grande"], "aide cantine") == [chunks[-1].id]
    assert found(store, ["grande"], "aide régionale") == []  # only common terms: the dense side ranks alone


def test_term_frequencies_count_the_passages_of_the_collections_holding_each_term(store):  # noqa: F811
    add(store, "aides", "aides.md", ["Aide régionale pour la cantine du lycée.", "Aide au permis de conduire.",
                                     "Transport scolaire gratuit."])
    add(store, "autre", "autre.md", ["La cantine de l'école."])
    frequency = store.term_frequencies(["aides"], "Quelle aide pour les cantines ? Et le scooter ?")
    assert frequency == {"aid": 2, "cantin": 1, "scoot": 0}
    assert store.term_frequencies(["aides", "autre"], "cantine")["cantin"] == 2
    assert store.term_frequencies([], "cantine") == {} and store.term_frequencies(["aides"], "les des") == {}


def test_prefix_frequencies_count_passages_holding_a_term_that_starts_so(store):  # noqa: F811
    add(store, "aides", "aides.md", ["Aide aux boursiers du lycée.", "Sécurité routière.", "Bourse au mérite."])
    assert store.prefix_frequencies(["aides"], ["bours", "secur", "scoot", "bad'quote"]) == {
        "bours": 2, "secur": 1, "scoot": 0}
    assert store.prefix_frequencies([], ["bours"]) == {} and store.prefix_frequencies(["aides"], []) == {}
