"""The demo observatory is built in the background when the app starts, once, even with two workers."""

from __future__ import annotations

import logging
import threading

import pytest

from sudia.observatoire.kb.factory import open_knowledge_base
from sudia.observatoire.web.startup import build_if_missing, has_demo, observatory_demo_status
from sudia.web.app import create_app

from .app_client import offline_settings

THREAD = "sudia-observatoire-demo"


def test_two_workers_starting_together_build_the_demo_once(tmp_path, caplog: pytest.LogCaptureFixture) -> None:
    settings = offline_settings(tmp_path / "data").model_copy(update={"demo": True})
    caplog.set_level(logging.INFO, logger="sudia.observatoire.web.startup")
    before = {t for t in threading.enumerate() if t.name == THREAD}
    apps = [create_app(settings) for _ in range(2)]  # what two uvicorn workers do
    try:
        builders = [t for t in threading.enumerate() if t.name == THREAD and t not in before]
        assert len(builders) == 2
        for thread in builders:
            thread.join(timeout=300)
            assert not thread.is_alive()
    finally:
        for app in apps:
            app.state.platform.close()
    assert observatory_demo_status() == "done"
    assert [r.getMessage() for r in caplog.records if "built" in r.getMessage()] == [
        "demo observatory built: 9 actors, 15 facts"]
    kb = open_knowledge_base(settings.resolved_database_url())
    try:
        assert has_demo(kb) and len(kb.load().actors) == 9
    finally:
        kb.close()
    assert build_if_missing(settings) is False  # a later start does nothing


def test_no_build_without_the_demo_setting(tmp_path) -> None:
    settings = offline_settings(tmp_path / "data")
    before = {t for t in threading.enumerate() if t.name == THREAD}
    app = create_app(settings)
    app.state.platform.close()
    assert {t for t in threading.enumerate() if t.name == THREAD} <= before
