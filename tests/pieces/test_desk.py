"""The instructor's desk on SQLite and PostgreSQL: storage, access by group, duplicates, decisions,
retention, and an audit log without personal data."""

from __future__ import annotations

from pathlib import Path

import pytest

from pieces.world import MARKER, audit_json, world
from sudia.errors import SudiaError
from sudia.pieces.cli import desk_for

pytestmark = pytest.mark.slow


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.integration)])
def w(request, tmp_path: Path):
    with world(request.param, tmp_path) as found:
        yield found


def test_submission_access_duplicates_decision_and_retention(w) -> None:
    desk = desk_for(w.platform)
    me, others = w.principals["instructeur"], [w.principals[k] for k in ("autre-instructeur", "agent", "admin")]
    with pytest.raises(SudiaError) as refused:
        desk.submit(w.principals["agent"], "aide-permis", w.applicant, MARKER, [("rib.png", w.rib)])
    assert refused.value.code == "SUDIA-P012"

    first = desk.submit(me, "aide-permis", w.applicant, MARKER, [("rib.png", w.rib)], entry_point="test")
    piece = first.reports[0]
    assert piece["type"] == "rib" and piece["rule"] == "rib"
    assert {c["code"]: c["outcome"] for c in piece["checks"]}["iban"] == "conforme"
    assert {c.code for c in first.dossier_checks} == {"piece.identite", "piece.domicile", "piece.imposition"}

    # the same file in another dossier is flagged, never rejected
    second = desk.submit(me, "aide-permis", w.applicant, "autre", [("copie.png", w.rib)])
    doublon = next(c for c in second.reports[0]["checks"] if c["code"] == "doublon")
    assert doublon["outcome"] == "a_verifier" and first.dossier_id in doublon["reason"]

    assert {d.id for d in desk.dossiers(me)} == {first.dossier_id, second.dossier_id}
    stored = desk.store.pieces(first.dossier_id)[0]
    assert desk.piece_content(me, stored.id)[0] == w.rib
    for other in others:  # administrators included: they join the group to instruct
        assert desk.dossiers(other) == []
        with pytest.raises(SudiaError) as hidden:
            desk.dossier(other, first.dossier_id)
        assert hidden.value.code == "SUDIA-P007"
        with pytest.raises(SudiaError):
            desk.piece_content(other, stored.id)

    with pytest.raises(SudiaError) as bad:
        desk.decide(me, first.dossier_id, "rejet-automatique", "")
    assert bad.value.code == "SUDIA-P010"
    desk.decide(me, first.dossier_id, "complements", f"RIB illisible, {w.applicant['surname']} rappelé", entry_point="test")
    decided = desk.dossier(me, first.dossier_id)
    assert decided.decision == "complements" and decided.decided_by == me.actor
    assert desk.store.next_undecided(desk.allowed(me), "", first.dossier_id) == second.dossier_id

    # retention: an old dossier goes, with its file and extracted data, and the purge is audited
    w.platform.database.execute("UPDATE pieces_dossiers SET created_at = ? WHERE id = ?",
                                ("2000-01-01T00:00:00+00:00", first.dossier_id))
    assert desk.purge(entry_point="test") == (1, 1)
    assert desk.store.dossier(first.dossier_id) is None and desk.store.piece(stored.id) is None
    actions = [e.action for e in w.platform.trust.audit.entries(limit=50)]
    assert {"pieces.analyse", "pieces.decision", "pieces.purge"} <= set(actions)
    log = audit_json(w.platform)
    for personal in (w.applicant["surname"], w.applicant["given_names"].split()[0], MARKER, "illisible"):
        assert personal not in log  # ids, outcomes and counts only
