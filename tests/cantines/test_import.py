"""CSV/Excel import: usual headers recognised, column mapping, French line errors, nothing silently lost."""

from __future__ import annotations

import io

import pytest

from sudia.cantines.importing import import_table, read_table
from sudia.errors import SudiaError

CSV = """Cantine;Date;Prévision;Servis
Lycée A;2025-03-03;120;118
Lycée A;04/03/2025;121;abc
Lycée A;2025-03-05;;
;2025-03-06;100;90
Lycée A;2025-13-01;100;90
"""


def test_services_with_line_errors_in_french() -> None:
    result = import_table(read_table(CSV.encode("cp1252"), "services.csv"), "services")
    assert result.mapping == {"canteen": "Cantine", "date": "Date", "planned": "Prévision", "served": "Servis"}
    assert [(s.canteen_id, s.day.isoformat(), s.planned, s.served) for s in result.records] == [
        ("Lycée A", "2025-03-03", 120, 118)]
    lines = {e.line: str(e) for e in result.errors}
    assert set(lines) == {3, 4, 5, 6}
    assert "nombre de repas invalide" in lines[3] and "« abc »" in lines[3]
    assert "aucun nombre de repas" in lines[4] and "cantine manquante" in lines[5] and "date invalide" in lines[6]


def test_mapping_joins_columns_and_sets_constants() -> None:
    csv = "site_nom,site_type,jour,reel\nBOCAGE,M,2016-09-05,80\nBOCAGE,E,2016-09-05,120\n"
    result = import_table(read_table(csv.encode(), "f.csv"), "services", ["date=jour"])
    assert {s.canteen_id for s in result.records} == {"BOCAGE (M)", "BOCAGE (E)"}
    strikes = import_table(read_table(b"date,greve\n2017-09-21,1\n", "g.csv"), "calendar", ["kind==greve", "start=date"])
    assert strikes.records[0].kind == "greve"


def test_missing_column_says_how_to_map_it() -> None:
    with pytest.raises(SudiaError) as caught:
        import_table(read_table(b"a,b\n1,2\n", "x.csv"), "services")
    assert caught.value.code == "SUDIA-K002" and "canteen=nom_de_colonne" in caught.value.message


def test_excel_file() -> None:
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["cantine", "date", "pain", "plat", "restes assiettes"])
    sheet.append(["demo-01", "2025-03-03", 1.5, 4, "2,5"])
    buffer = io.BytesIO()
    book.save(buffer)
    result = import_table(read_table(buffer.getvalue(), "pesees.xlsx"), "waste")
    assert result.records[0].kg == {"pain": 1.5, "plat": 4.0, "restes_assiettes": 2.5}
