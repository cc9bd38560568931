"""Parsers declare their formats (extensions, magic bytes); the registry lists none of them (#11)."""

from __future__ import annotations

from pathlib import Path

import pytest

from sudia.errors import SudiaError
from sudia.ingest.parsers import registry
from sudia.ingest.parsers.base import FileFormat
from sudia.types import Block, ParsedDocument


class CsvParser(FileFormat):
    """A format added by a third-party package: one class, declared under `sudia.parsers`."""

    media_type = "text/csv"
    label = "CSV"
    extensions = (".csv",)

    def parse(self, data: bytes, path: Path) -> ParsedDocument:
        rows = [Block(" | ".join(line.split(";"))) for line in data.decode().splitlines() if line]
        return ParsedDocument(title=path.stem, blocks=tuple(rows), media_type=self.media_type)


class FakePoint:
    name, value = "csv", "tests:CsvParser"

    def load(self) -> type[FileFormat]:
        return CsvParser


@pytest.fixture
def with_csv(monkeypatch):
    monkeypatch.setattr(registry, "entry_points", lambda group: [FakePoint()] if group == "sudia.parsers" else [])
    registry.file_formats.cache_clear()
    yield
    registry.file_formats.cache_clear()


def test_built_in_formats_are_found_from_their_own_declarations() -> None:
    assert registry.supported_extensions() == {".pdf", ".docx", ".html", ".htm", ".md", ".markdown", ".txt", ".text"}
    assert registry.accepted_formats() == "DOCX, HTML, Markdown, PDF, texte"


def test_magic_bytes_win_over_the_extension() -> None:
    parsers = registry.ParserRegistry()
    assert parsers.parser_for(b"%PDF-1.7 ...", Path("lettre.txt")).media_type == "application/pdf"
    assert parsers.parser_for(b"\n  <!DOCTYPE html><p>x</p>", Path("page.md")).media_type == "text/html"
    assert parsers.parser_for(b"# Titre", Path("notes.md")).media_type == "text/markdown"
    assert parsers.parser_for(b"sans extension", Path("LISEZMOI")).media_type == "text/plain"


def test_binary_content_under_a_text_extension_is_refused_with_the_formats_listed() -> None:
    with pytest.raises(SudiaError) as refused:
        registry.ParserRegistry().parser_for(b"\x00\x01\x02" * 100, Path("image.txt"))
    assert refused.value.code == "SUDIA-I004"
    assert "formats acceptés : DOCX, HTML, Markdown, PDF, texte" in refused.value.message


def test_a_declared_format_is_read_without_editing_the_registry(with_csv) -> None:
    parsers = registry.ParserRegistry()
    parsed = parsers.parser_for(b"aide;montant\npermis;500", Path("aides.csv")).parse(b"aide;montant\npermis;500",
                                                                                       Path("aides.csv"))
    assert [b.text for b in parsed.blocks] == ["aide | montant", "permis | 500"]
    assert ".csv" in registry.supported_extensions() and registry.accepted_formats().endswith("CSV")
