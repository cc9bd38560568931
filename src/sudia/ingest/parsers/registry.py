"""Picks the parser for a file from its first bytes (magic numbers) and its extension.

Formats are not listed here: every module of this package that defines a `FileFormat` subclass
is one (see base.py), and installed packages add theirs under the entry point group
``sudia.parsers``. Adding a format is therefore one file.
"""

from __future__ import annotations

import importlib
import logging
import pkgutil
from functools import lru_cache
from importlib.metadata import entry_points
from pathlib import Path

from sudia.errors import SudiaError
from sudia.ingest import parsers as _package
from sudia.ingest.ocr import OcrEngine
from sudia.ingest.parsers.base import FileFormat, Parser, ParserContext
from sudia.ingest.parsers.sandbox import ParseBudget

log = logging.getLogger(__name__)
ENTRY_POINT_GROUP = "sudia.parsers"


@lru_cache(maxsize=1)
def file_formats() -> tuple[type[FileFormat], ...]:
    """The declared formats: this package's modules in name order, then installed packages'."""
    found: list[type[FileFormat]] = []
    for module_info in sorted(pkgutil.iter_modules(_package.__path__), key=lambda m: m.name):
        module = importlib.import_module(f"{_package.__name__}.{module_info.name}")
        found.extend(cls for cls in vars(module).values()
                     if isinstance(cls, type) and issubclass(cls, FileFormat) and cls is not FileFormat
                     and cls.__module__ == module.__name__ and (cls.extensions or cls.magic))
    for point in sorted(entry_points(group=ENTRY_POINT_GROUP), key=lambda p: p.name):
        try:
            cls = point.load()
        except Exception as exc:  # a broken third-party parser must not stop ingestion of the rest
            log.error("parser %s not loaded: %s", point.name, exc)
            continue
        if isinstance(cls, type) and issubclass(cls, FileFormat):
            found.append(cls)
    return tuple(found)


def supported_extensions() -> frozenset[str]:
    return frozenset(e for cls in file_formats() for e in cls.extensions if e)


def accepted_formats() -> str:
    """« PDF, DOCX, HTML, Markdown, texte »: for the messages that list what is accepted."""
    return ", ".join(dict.fromkeys(cls.label or cls.media_type for cls in file_formats()))


def unsupported(name: str) -> SudiaError:
    return SudiaError("SUDIA-I004", path=name, formats=accepted_formats())


SUPPORTED_EXTENSIONS = supported_extensions()


class ParserRegistry:
    def __init__(self, ocr: OcrEngine | None = None, budget: ParseBudget = ParseBudget()) -> None:
        context = ParserContext(ocr, budget)
        self._parsers = [(cls, cls.build(context)) for cls in file_formats()]
        self._by_extension: dict[str, Parser] = {}
        for cls, parser in self._parsers:
            for extension in cls.extensions:
                self._by_extension.setdefault(extension, parser)  # the first declaration wins

    def for_extension(self, extension: str) -> Parser | None:
        return self._by_extension.get(extension.lower())

    def parser_for(self, data: bytes, path: Path) -> Parser:
        head = data[:1024].lstrip().lower()
        parser = next((p for cls, p in self._parsers if cls.magic and head.startswith(cls.magic)), None)
        if parser is None:
            parser = self.for_extension(path.suffix)
        accepts = getattr(parser, "accepts", None)
        if parser is None or (accepts is not None and not accepts(data)):
            raise unsupported(path.name)
        return parser
