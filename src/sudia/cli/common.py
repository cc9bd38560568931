"""What every command shares: settings from the environment, the platform, error rendering."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import typer
from rich.console import Console

from sudia.errors import SudiaError

console = Console(stderr=True)


@contextmanager
def platform() -> Iterator[Any]:
    """Settings are read here, once, at the edge; errors become one French line and exit code 1."""
    from sudia.platform import Platform
    from sudia.settings import Settings

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


def guarded(function: Callable[..., None]) -> Callable[..., None]:
    return function
