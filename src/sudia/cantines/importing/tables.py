"""Read a CSV or Excel (.xlsx) file into a header and numbered rows, as people's files come.

CSV: encoding detected (UTF-8 with or without BOM, else Windows-1252/Latin-1), separator sniffed
among `,` `;` tab. Excel: the first sheet, through openpyxl (extra `cantines`). Line numbers are
the ones a person sees in a spreadsheet (the header is line 1).
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from sudia.errors import SudiaError


@dataclass(frozen=True)
class Table:
    name: str
    header: tuple[str, ...]
    rows: tuple[tuple[int, tuple[str, ...]], ...]  # (line number, cells)


def _decode(data: bytes, name: str) -> str:
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1")  # never fails; odd characters show up in line errors


def read_csv_text(text: str, name: str) -> Table:
    sample = text[:20_000]
    try:
        dialect: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(sample, delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text), dialect)
    try:
        lines = list(reader)
    except csv.Error as exc:
        raise SudiaError("SUDIA-K001", path=name, detail=str(exc)) from exc
    if not lines:
        raise SudiaError("SUDIA-K013", path=name, rejected=0)
    header = tuple(cell.strip() for cell in lines[0])
    rows = tuple((i + 2, tuple(cell.strip() for cell in row)) for i, row in enumerate(lines[1:])
                 if any(cell.strip() for cell in row))
    return Table(name, header, rows)


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def read_xlsx(data: bytes, name: str) -> Table:
    try:
        import openpyxl
    except ImportError as exc:
        raise SudiaError("SUDIA-M002", package="openpyxl", extra="cantines") from exc
    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        sheet = book.worksheets[0]
        lines = [tuple(_cell(v) for v in row) for row in sheet.iter_rows(values_only=True)]
        book.close()
    except Exception as exc:  # openpyxl raises many types on a broken file
        raise SudiaError("SUDIA-K001", path=name, detail=type(exc).__name__) from exc
    if not lines:
        raise SudiaError("SUDIA-K013", path=name, rejected=0)
    return Table(name, lines[0], tuple((i + 2, row) for i, row in enumerate(lines[1:]) if any(row)))


def read_table(data: bytes, name: str) -> Table:
    """A table from a file's bytes; `name` (the file name) picks the format."""
    suffix = Path(name).suffix.lower()
    if suffix in (".xlsx", ".xlsm") or data[:2] == b"PK":
        return read_xlsx(data, name)
    if suffix in ("", ".csv", ".txt", ".tsv"):
        return read_csv_text(_decode(data, name), name)
    raise SudiaError("SUDIA-K012", path=name)


def read_path(path: Path) -> Table:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise SudiaError("SUDIA-K001", path=str(path), detail=exc.strerror or type(exc).__name__) from exc
    return read_table(data, path.name)
