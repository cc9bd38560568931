"""Reading the audit log: filters of the admin page, pages, CSV export and frugality totals."""

from __future__ import annotations

import csv
from datetime import datetime, timezone
from pathlib import Path

import pytest

from sudia.accounts.trust import Trust
from sudia.audit.base import AuditQuery
from sudia.audit.export import COLUMNS, export_csv
from sudia.audit.log import AuditLog
from sudia.audit.totals import totals
from sudia.errors import SudiaError
from sudia.types import Usage


def _at(day: int) -> AuditLog:
    return AuditLog(_at.store, "full", clock=lambda: datetime(2025, 3, day, 12, 0, tzinfo=timezone.utc))


@pytest.fixture
def filled(trust: Trust) -> Trust:
    _at.store = trust.store
    u = Usage(model="qwen3-8b", prompt_tokens=100, completion_tokens=20, latency_ms=800, energy_wh=0.2,
              carbon_gco2e=0.01)
    _at(1).record_request("user:rh1@region.fr", "ask", ["rh-interne"], "Congés ?", usage=u)
    _at(1).record_request("token:t1:rh1@region.fr", "search", ["rh-interne", "allo-region"], "Mutuelle")
    _at(2).record_request("user:agent@region.fr", "ask", ["allo-region"], "=HYPERLINK(\"http://x\")", usage=u)
    _at(3).record_admin("cli:ops", "group.add", "rh1@region.fr", details={"group": "rh"})
    _at(3).record_request("anonymous", "ask", ["allo_region"], "Horaires ?")
    return trust


@pytest.mark.parametrize("query, seqs", [
    (AuditQuery(), [5, 4, 3, 2, 1]),
    (AuditQuery(actor="rh1@region.fr"), [2, 1]),  # the actor, not the target of entry 4
    (AuditQuery(actor="RH1@"), [2, 1]),
    (AuditQuery(kind="admin"), [4]),
    (AuditQuery(action="search"), [2]),
    (AuditQuery(collection="rh-interne"), [2, 1]),
    (AuditQuery(collection="allo-region"), [3, 2]),  # "allo_region" is another name: "_" is no wildcard
    (AuditQuery(collection="rh"), []),  # a whole name, not a part of one
    (AuditQuery(since="2025-03-02"), [5, 4, 3]),
    (AuditQuery(until="2025-03-02"), [3, 2, 1]),
    (AuditQuery(since="2025-03-02", until="2025-03-02"), [3]),
    (AuditQuery(since="2025-03-01T13:00:00+01:00"), [5, 4, 3, 2, 1]),
    (AuditQuery(actor="%"), []),
])
def test_filters(filled: Trust, query: AuditQuery, seqs: list[int]) -> None:
    assert [e.seq for e in filled.audit.entries(query)] == seqs


def test_invalid_filters_are_explained_in_french() -> None:
    for bad in ({"since": "03/01/2025"}, {"kind": "login"}):
        with pytest.raises(SudiaError) as error:
            AuditQuery(**bad)
        assert error.value.code == "SUDIA-U002"


def test_pages_newest_first_and_oldest_first(filled: Trust) -> None:
    first = filled.audit.entries(limit=2)
    assert [e.seq for e in first] == [5, 4]
    assert [e.seq for e in filled.audit.entries(limit=2, before_seq=first[-1].seq)] == [3, 2]
    assert [e.seq for e in filled.audit.iter_entries(page=2)] == [1, 2, 3, 4, 5]


def test_csv_export_is_complete_and_spreadsheet_safe(filled: Trust, tmp_path: Path) -> None:
    path = tmp_path / "audit.csv"
    assert export_csv(filled.audit.iter_entries(AuditQuery(kind="ai_request")), path) == 4
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # BOM: spreadsheets then read UTF-8 accents right
    with path.open(encoding="utf-8-sig", newline="") as stream:
        rows = list(csv.DictReader(stream))
    assert tuple(rows[0]) == COLUMNS and [r["seq"] for r in rows] == ["1", "2", "3", "5"]
    assert rows[1]["collections"] == "rh-interne;allo-region" and rows[0]["model"] == "qwen3-8b"
    assert rows[2]["question"] == "'=HYPERLINK(\"http://x\")"  # never run as a formula
    assert all(len(r["hash"]) == 64 for r in rows)


def test_export_to_an_unwritable_place(filled: Trust, tmp_path: Path) -> None:
    with pytest.raises(SudiaError) as error:
        export_csv(filled.audit.iter_entries(), tmp_path / "absent" / "audit.csv")
    assert error.value.code == "SUDIA-U003"


def test_frugality_totals(filled: Trust) -> None:
    entries = list(filled.audit.iter_entries())
    by_day = {t.key: t for t in totals(entries, "day")}
    assert list(by_day) == ["2025-03-01", "2025-03-02", "2025-03-03"]
    assert (by_day["2025-03-01"].requests, by_day["2025-03-01"].energy_wh) == (2, 0.2)
    by_collection = {t.key: t.requests for t in totals(entries, "collection")}
    assert by_collection == {"allo-region": 2, "allo_region": 1, "rh-interne": 2}
    everything = totals(entries, "all")[0]
    assert (everything.requests, everything.prompt_tokens, everything.carbon_gco2e) == (4, 200, 0.02)
    assert {t.key for t in totals(entries, "model")} == {"", "qwen3-8b"}
