"""Review of contradictions and proposed merges: decisions persist across re-ingestions, on both backends."""

from __future__ import annotations

import pytest

from sudia.errors import SudiaError
from sudia.observatoire.observatory import Observatory
from sudia.observatoire.review import merge_proposals, review_items
from sudia.observatoire.types import Actor


def test_name_variants_are_proposed_but_numbered_sites_never() -> None:
    actors = (Actor("cortAIx France", "company"), Actor("cortAIx", "accelerator"), Actor("MRS4", "infrastructure"),
              Actor("MRS5", "infrastructure"), Actor("Durance 1", "infrastructure"), Actor("Durance 2", "infrastructure"))
    assert merge_proposals(actors) == [("cortAIx France", "cortAIx")]


def test_decisions_hold_across_reingestion(kb, extractor, samples) -> None:
    observatory = Observatory(kb, extractor)
    documents = [samples / "cp_azur_data_park.md", samples / "ocr_azur_data_park_presse.txt"]
    observatory.ingest_files(documents)
    # the power (40 vs 36 MW) and, where the investment of the press sample is read (300 vs 250 M€), the investment
    items = [i for i in review_items(kb.load(), kb.reviews()) if i.kind == "contradiction"]
    assert "power_mw" in {c.type for c in kb.load().contradictions} and 1 <= len(items) <= 2
    with pytest.raises(SudiaError) as refused:
        observatory.review("ines.martin@region.fr", items[0].key, "merge")
    assert refused.value.code == "SUDIA-O008"
    for item in items:
        observatory.review("ines.martin@region.fr", item.key, "dismiss")
    assert kb.load().contradictions == ()
    observatory.ingest_files(documents, force=True)  # re-extracted: the dismissed contradictions stay hidden
    assert kb.load().contradictions == ()
    for item in items:
        [done] = [i for i in review_items(kb.load(), kb.reviews()) if i.key == item.key] or [None]
        assert done is None or done.decision.decision == "dismiss"
    assert [(r.key, r.decision, r.who) for r in kb.reviews()] == [(i.key, "dismiss", "ines.martin@region.fr") for i in items]


def test_a_merge_is_replayed_after_reingestion(kb, extractor, tmp_path) -> None:
    observatory = Observatory(kb, extractor)
    first, second = tmp_path / "a.txt", tmp_path / "b.txt"
    first.write_text("La start-up marseillaise Durance Robotics Lab a levé 2 millions d'euros.\n", "utf-8")
    second.write_text("La société Durance Robotics emploie 12 salariés à Marseille.\n", "utf-8")
    observatory.ingest_files([first, second])
    [merge] = [i for i in review_items(kb.load(), kb.reviews()) if i.kind == "merge"]
    assert merge.actors == ("Durance Robotics Lab", "Durance Robotics")
    observatory.review("ines.martin@region.fr", merge.key, "merge")
    observatory.ingest_files([first, second], force=True)
    state = kb.load()
    [kept] = [a for a in state.actors if "Robotics" in a.name]
    assert kept.name == "Durance Robotics Lab" and "Durance Robotics" in kept.aliases
    assert {f.actor for f in state.facts} == {"Durance Robotics Lab"} and len(state.facts) == 2
    assert not [i for i in review_items(state, kb.reviews()) if i.pending and i.kind == "merge"]
