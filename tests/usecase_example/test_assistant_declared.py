"""The assistant is a declared use case like the others (#11): named in pyproject's entry points,
nowhere in the web app; it brings its pages, its conversations API and their versioned tables."""

from __future__ import annotations

import tomllib
from pathlib import Path

from sudia.extensions import _load
from sudia.platform import Platform
from sudia.usecases.extension import Assistant

ROOT = Path(__file__).resolve().parents[2]


def test_the_assistant_is_declared_as_an_entry_point() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    reference = project["entry-points"]["sudia.usecases"]["assistant"]
    assert _load(reference) is Assistant
    app_source = (ROOT / "src" / "sudia" / "web" / "app.py").read_text(encoding="utf-8")
    assert "assistant_pages" not in app_source and "conversations_api" not in app_source


def test_it_serves_its_pages_api_and_tables(platform: Platform) -> None:
    assistant = Assistant()
    paths = {route.path for router in assistant.routers(platform) for route in router.routes}
    assert {"/", "/historique", "/api/conversations/ask", "/admin/avis", "/api/feedback"} <= paths
    assert [m.component for m in assistant.migrations()] == ["conversations"]
    assert [s.path for s in assistant.admin_sections(platform.settings)] == ["/admin/avis"]
