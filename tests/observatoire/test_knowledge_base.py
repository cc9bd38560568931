"""Conformance suite: every KnowledgeBase backend (SQLite, PostgreSQL) behaves the same."""

from __future__ import annotations

import pytest

from sudia.errors import SudiaError
from sudia.observatoire.observatory import Observatory

DOCS = ["cp_azur_data_park.md", "ocr_azur_data_park_presse.txt", "cp_nexaflow_serie_a.txt", "brochure_lisap.pdf"]


@pytest.fixture
def observatory(kb, extractor):
    return Observatory(kb, extractor)


def test_ingest_stores_provenance(observatory, kb, samples) -> None:
    report = observatory.ingest_files([samples / d for d in DOCS])
    state = kb.load()
    assert report.actors == len(state.actors) and report.facts == len(state.facts)
    nexaflow = next(a for a in state.actors if a.name == "Nexaflow")
    assert nexaflow.department == "13" and nexaflow.sources[0].document == "cp_nexaflow_serie_a.txt"
    assert all(f.source.quote for f in state.facts)


def test_reingest_adds_no_duplicate(observatory, kb, samples) -> None:
    observatory.ingest_files([samples / d for d in DOCS[:2]])
    first = kb.load()
    observatory.ingest_files([samples / d for d in DOCS[:2]])
    observatory.ingest_files([samples / "cp_nexaflow_serie_a.txt"])
    observatory.ingest_files([samples / "brochure_lisap.pdf"])  # Nexaflow again, from another document
    second = kb.load()
    assert len([a for a in second.actors if a.name == "Azur Data Park"]) == 1
    assert len([a for a in second.actors if a.name == "Nexaflow"]) == 1
    assert len([f for f in second.facts if f.actor == "Azur Data Park"]) == len([f for f in first.facts if f.actor == "Azur Data Park"])


def test_contradictions_are_flagged_not_overwritten(observatory, kb, samples) -> None:
    observatory.ingest_files([samples / "cp_azur_data_park.md"])
    observatory.ingest_files([samples / "ocr_azur_data_park_presse.txt"])
    state = kb.load()
    powers = sorted(f.value for f in state.facts if f.actor == "Azur Data Park" and f.type == "power_mw")
    assert powers == [36, 40]
    [conflict] = [c for c in state.contradictions if c.type == "power_mw"]
    assert {conflict.first.source.document, conflict.second.source.document} == {DOCS[0], DOCS[1]}


def test_corrections_survive_reextraction_and_are_logged(observatory, kb, samples) -> None:
    observatory.ingest_files([samples / "cp_azur_data_park.md"])
    ids = kb.fact_ids()
    power_id = ids[[f.type for f in kb.load().facts].index("power_mw")]
    observatory.correct_fact("agent.region", power_id, "value", "42")
    observatory.correct_actor("agent.region", "Méditerranée Datacenters", "kind", "infrastructure")
    observatory.ingest_files([samples / "cp_azur_data_park.md"])  # the extractor says 40 again
    state = kb.load()
    assert [f.value for f in state.facts if f.type == "power_mw"] == [42]
    assert next(a for a in state.actors if a.name == "Méditerranée Datacenters").kind == "infrastructure"
    log = kb.corrections()
    assert [(c.who, c.field, c.before, c.after) for c in log] == [
        ("agent.region", "value", "40", "42"), ("agent.region", "kind", "company", "infrastructure")]
    assert all(c.at for c in log)


def test_rename_moves_facts_and_keeps_old_name_as_alias(observatory, kb, samples) -> None:
    observatory.ingest_files([samples / "cp_nexaflow_serie_a.txt"])
    observatory.correct_actor("editeur", "Nexaflow", "name", "Nexaflow Maritime")
    state = kb.load()
    actor = next(a for a in state.actors if a.name == "Nexaflow Maritime")
    assert "Nexaflow" in actor.aliases
    assert {f.actor for f in state.facts if f.type == "funding_eur"} == {"Nexaflow Maritime"}


def test_unknown_targets_raise_french_errors(observatory, samples) -> None:
    observatory.ingest_files([samples / "cp_nexaflow_serie_a.txt"])
    with pytest.raises(SudiaError) as info:
        observatory.correct_actor("x", "Inconnue SA", "kind", "lab")
    assert info.value.code == "SUDIA-O002" and "Acteur inconnu" in info.value.message
    with pytest.raises(SudiaError):
        observatory.correct_fact("x", "0000", "value", "1")
    with pytest.raises(SudiaError):
        observatory.correct_actor("x", "Nexaflow", "sources", "")


def test_unchanged_documents_are_not_extracted_again(observatory, kb, samples, tmp_path) -> None:
    copy = tmp_path / "cp_nexaflow_serie_a.txt"
    copy.write_bytes((samples / "cp_nexaflow_serie_a.txt").read_bytes())
    first = observatory.ingest_files([copy, samples / "brochure_lisap.pdf"])
    assert first.unchanged == ()
    again = observatory.ingest_files([copy, samples / "brochure_lisap.pdf"])
    assert again.documents == () and set(again.unchanged) == {"cp_nexaflow_serie_a.txt", "brochure_lisap.pdf"}
    assert (again.actors, again.facts) == (first.actors, first.facts)
    copy.write_text(copy.read_text("utf-8") + "\nNexaflow emploie désormais 52 salariés.\n", "utf-8")
    changed = observatory.ingest_files([copy, samples / "brochure_lisap.pdf"])
    assert changed.documents == ("cp_nexaflow_serie_a.txt",) and changed.unchanged == ("brochure_lisap.pdf",)
    assert any(f.value == 52 for f in kb.load().facts)


def test_a_database_of_the_first_release_is_upgraded(kb_url, tmp_path) -> None:
    """obs_facts without scope and confidence (the schema before #9): opening it adds them."""
    from sudia.observatoire.kb.factory import open_knowledge_base

    old = open_knowledge_base(kb_url)
    with old.database.transaction() as tx:  # as the first release left it, before versioned schemas
        tx.execute("DROP TABLE obs_facts")
        tx.execute("CREATE TABLE obs_facts (id TEXT PRIMARY KEY, actor TEXT NOT NULL, type TEXT NOT NULL, "
                   "value DOUBLE PRECISION NOT NULL, unit TEXT NOT NULL, date TEXT NOT NULL, place TEXT NOT NULL, "
                   "document TEXT NOT NULL, quote TEXT NOT NULL, position INTEGER NOT NULL)")
        tx.execute("INSERT INTO obs_facts VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                   ("f1", "Nexaflow", "funding_eur", 8e6, "EUR", "2023-03", "", "cp.txt", "Nexaflow a levé 8 M€.", 0))
        tx.execute("DELETE FROM sudia_migrations WHERE component = 'observatoire'")
    old.close()
    upgraded = open_knowledge_base(kb_url)
    try:
        [fact] = upgraded.load().facts
        assert (fact.actor, fact.value, fact.scope, fact.confidence) == ("Nexaflow", 8e6, "regional", 1.0)
        assert upgraded.document_hashes() == {} and upgraded.reviews() == []
    finally:
        upgraded.close()
