"""Use cases as declared extensions: the core serves what each use case declares, and names none.

The datasette way: the built-in use cases (observatoire, and the ones to come: document checks,
canteens…) plug in through the same declaration as a third-party package would. A use case is a
subclass of `UseCase` that overrides only what it needs; the core finds them through the entry
point group ``sudia.usecases`` (a package declares, in its pyproject.toml,
``[project.entry-points."sudia.usecases"] name = "package.module:MyUseCase"``) and through the
setting ``SUDIA_EXTENSIONS`` ("module:Class" list, for tests and local additions).

Every method receives what it needs (settings, platform) and is called by the interfaces (web app,
CLI) at their start, never at import time; heavy imports belong inside the methods.
"""

from __future__ import annotations

import importlib
import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from importlib.metadata import entry_points
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from sudia.errors import SudiaError

if TYPE_CHECKING:
    from fastapi import APIRouter
    from pydantic_settings import BaseSettings

    from sudia.migrations import Migration
    from sudia.platform import Platform
    from sudia.register import RegisterEntry
    from sudia.settings import Settings
    from sudia.types import Collection

log = logging.getLogger(__name__)
ENTRY_POINT_GROUP = "sudia.usecases"


@dataclass(frozen=True)
class NavEntry:
    """A link in the header navigation (or, for `admin_sections`, in the administration menu).

    `admin`: shown to administrators only. `groups`: shown only to members of one of these groups
    (administrators included only if they are members): the page itself must still check access.
    """

    label: str
    path: str
    admin: bool = False
    groups: tuple[str, ...] = ()


@dataclass(frozen=True)
class AuditAction:
    """How the journal words one of a use case's audit actions."""

    label: str  # short, offered by the journal's « Action » filter: "Entraînement des prévisions (cantines)"
    sentence: str  # after the author's name; « {target} » is the entry's target: "a décidé du dossier {target}"


@dataclass(frozen=True)
class Permission:
    """A right a use case checks, listed for administrators and in the access-matrix tests."""

    key: str  # "pieces.instruire"
    label: str  # French, shown to administrators
    description: str = ""


@dataclass(frozen=True)
class Command:
    """A CLI command group (`sudia NAME …`) or, with `eval=True`, a `sudia eval NAME` command."""

    name: str
    target: Any  # a typer.Typer for a group; a function for a single command
    help: str = ""
    eval: bool = False


class UseCase:
    """Base of every use case. Override only what the use case has; defaults declare nothing."""

    name: ClassVar[str] = ""  # slug, unique: "observatoire"
    title: ClassVar[str] = ""  # French, shown to people: "Observatoire de l'écosystème de l'IA"
    settings_model: ClassVar[type[BaseSettings] | None] = None  # the use case's slice of SUDIA_* settings

    def routers(self, platform: Platform) -> list[APIRouter]:
        """Pages and API routes; each route checks its own access (see sudia.web.auth)."""
        return []

    def templates_dir(self) -> Path | None:
        """Folder of Jinja templates (they may extend `base.html`)."""
        return None

    def static_dir(self) -> Path | None:
        """Folder served under `/<name>/static`."""
        return None

    def template_filters(self) -> dict[str, Callable[..., Any]]:
        """Jinja filters for its templates, named with the use case's prefix (`obs_date`)."""
        return {}

    def template_globals(self) -> dict[str, Any]:
        return {}

    def json_paths(self) -> tuple[str, ...]:
        """Path prefixes answered in JSON, errors included (its API, exports); the rest are pages."""
        return ()

    def navigation(self, settings: Settings) -> list[NavEntry]:
        return []

    def admin_sections(self, settings: Settings) -> list[NavEntry]:
        return []

    def commands(self) -> list[Command]:
        return []

    def permissions(self) -> list[Permission]:
        return []

    def audit_actions(self) -> dict[str, AuditAction]:
        """The audit actions the use case records, worded in French for the journal page."""
        return {}

    def register_entries(self, settings: Settings, collections: list[Collection]) -> list[RegisterEntry]:
        """Entries of the public register of AI uses (sudia.register), computed from the settings."""
        return []

    def migrations(self) -> list[Migration]:
        """Versioned schema of the use case's own tables (sudia.migrations), applied at start."""
        return []

    def startup(self, platform: Platform) -> None:
        """Work at the web app's start, after migrations (e.g. building demo content)."""

    def usecase_settings(self) -> BaseSettings | None:
        """The slice read from the environment; interfaces call this once, at their start."""
        return self.settings_model() if self.settings_model is not None else None


def _load(reference: str) -> type[UseCase]:
    module_name, _, attribute = reference.partition(":")
    try:
        found = getattr(importlib.import_module(module_name), attribute)
    except (ImportError, AttributeError, ValueError) as exc:
        raise SudiaError("SUDIA-X001", reference=reference, detail=str(exc)) from exc
    if not (isinstance(found, type) and issubclass(found, UseCase)):
        raise SudiaError("SUDIA-X001", reference=reference, detail="ce n'est pas une sous-classe de UseCase")
    return found


def discover(extra: Iterable[str] = (), disabled: Iterable[str] = ()) -> list[UseCase]:
    """Installed use cases (entry points) plus `extra` references, minus `disabled` names.

    A broken third-party entry point is logged and skipped, so it cannot stop the platform; a
    reference given explicitly (`extra`) fails loudly instead, since its author asked for it.
    """
    classes: list[type[UseCase]] = []
    for point in sorted(entry_points(group=ENTRY_POINT_GROUP), key=lambda p: p.name):
        try:
            classes.append(_load(point.value))
        except SudiaError as exc:
            log.error("use case %s not loaded: %s", point.name, exc.message)
    classes.extend(_load(reference) for reference in extra if reference.strip())
    skip = {name.strip() for name in disabled if name.strip()}
    found: dict[str, UseCase] = {}
    for cls in classes:
        if not cls.name:
            raise SudiaError("SUDIA-X001", reference=cls.__qualname__, detail="attribut « name » vide")
        if cls.name in skip or cls.name in found:
            continue  # the first declaration of a name wins: an entry point cannot be shadowed silently
        found[cls.name] = cls()
    return list(found.values())


def from_settings(settings: Settings) -> list[UseCase]:
    return discover(_split(settings.extensions), _split(settings.disabled_extensions))


def _split(value: str) -> list[str]:
    return [part.strip() for part in value.split(",") if part.strip()]


def each(usecases: Iterable[UseCase], method: Callable[[UseCase], Iterable[Any]]) -> list[Any]:
    """All the declarations of one kind, in the use cases' order."""
    return [item for usecase in usecases for item in method(usecase)]
