"""What every command shares: settings from the environment, the platform, error rendering."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import typer
from rich.console import Console

from sudia.errors import SudiaError

# soft_wrap: one message per line even when stderr is not a terminal (logs, CI).
console = Console(stderr=True, soft_wrap=True)


def _quiet_libraries() -> None:
    """Third-party parsers warn in English about files we already report in French."""
    import logging

    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    for name in ("pypdf", "pdfminer", "docx"):
        logging.getLogger(name).setLevel(logging.ERROR)


@contextmanager
def platform() -> Iterator[Any]:
    """Settings are read here, once, at the edge; errors become one French line and exit code 1."""
    from sudia.platform import Platform
    from sudia.settings import Settings

    _quiet_libraries()
    try:
        p = Platform.from_settings(Settings())
    except SudiaError as exc:
        fail(exc)
    try:
        yield p
    except SudiaError as exc:
        fail(exc)
    finally:
        p.close()


def fail(exc: SudiaError) -> None:
    console.print(f"[bold red]Erreur[/] [{exc.code}] {exc.message}", highlight=False)
    raise typer.Exit(1)


def print_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")
