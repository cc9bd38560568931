"""Browser fixtures: the real app on uvicorn in a thread, driven by Debian's Chromium via Playwright.

Chromium is the system package (`apt-get install chromium`), never a browser downloaded by
`playwright install`: the tests run offline.
"""

from __future__ import annotations

import os
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import uvicorn

from sudia.platform import Platform
from sudia.web.app import create_app

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run"]
AXE = Path(__file__).parent / "vendor" / "axe.min.js"


class Server:
    """uvicorn serving the real app on a free port; the app reads the given (already built) platform."""

    def __init__(self, platform: Platform) -> None:
        # Anonymous visitors read the public demo collection, as with `scripts/run.sh`.
        self.app = create_app(platform.settings.model_copy(update={"allow_anonymous": True}))
        self.app.state.platform.close()
        self.app.state.platform = platform  # the demo is ingested once per session, not per server
        # Every browser test asks from 127.0.0.1: the anonymous rate limit (10 a minute; tested in
        # tests/web and tests/access) refused the eleventh question of a fast run's minute. Off while
        # this server runs, restored when it stops.
        self._limiter = platform.trust.anonymous_requests
        self._limit, self._limiter.limit = self._limiter.limit, 0
        self.socket = socket.socket()
        self.socket.bind(("127.0.0.1", 0))
        self.url = f"http://127.0.0.1:{self.socket.getsockname()[1]}"
        self._server = uvicorn.Server(uvicorn.Config(self.app, log_level="warning", lifespan="off"))
        self._thread = threading.Thread(target=self._server.run, kwargs={"sockets": [self.socket]},
                                        name="uvicorn-browser", daemon=True)

    def start(self) -> Server:
        self._thread.start()
        deadline = time.monotonic() + 60
        while not self._server.started:
            if not self._thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError("the test server did not start")
            time.sleep(0.05)
        return self

    def stop(self) -> None:
        uploads = getattr(self.app.state, "uploads", None)
        if uploads is not None:
            uploads.wait()  # background ingestion must end before the shared store is used elsewhere
        self._server.should_exit = True
        self._thread.join(timeout=30)
        self.socket.close()
        self._limiter.limit = self._limit


@pytest.fixture(scope="session")
def server(demo_platform: Platform) -> Iterator[Server]:
    s = Server(demo_platform).start()
    yield s
    s.stop()


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        pytest.skip("Chromium absent : installez le paquet Debian « chromium » (scripts/test.sh le fait)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser, server: Server):
    context = browser.new_context(base_url=server.url, locale="fr-FR", viewport={"width": 1280, "height": 900})
    p = context.new_page()
    yield p
    context.close()


ADMIN_EMAIL = "admin-navigateur@region.fr"
ADMIN_PASSWORD = "mot-de-passe-du-navigateur"


@pytest.fixture
def admin_page(page, server: Server):
    """The page, signed in as an administrator through the login form (uploads and deletions need it)."""
    trust = server.app.state.platform.trust
    if trust.store.find_user(ADMIN_EMAIL) is None:
        trust.directory.add_user("cli:test", ADMIN_EMAIL, "Administratrice", ADMIN_PASSWORD, is_admin=True)
    page.goto("/connexion?suivant=/documents")
    page.get_by_label("Adresse e-mail").fill(ADMIN_EMAIL)
    page.get_by_label("Mot de passe").fill(ADMIN_PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_url("**/documents")
    return page


@pytest.fixture
def axe_violations():
    """A function giving axe-core's serious and critical violations on a page."""

    def check(page) -> list[dict]:
        page.add_script_tag(path=str(AXE))
        violations = page.evaluate(
            """async () => (await axe.run(document, {resultTypes: ["violations"]})).violations
                 .map(v => ({id: v.id, impact: v.impact, help: v.help,
                             nodes: v.nodes.slice(0, 5).map(n => n.target.join(" "))}))"""
        )
        return [v for v in violations if v["impact"] in ("serious", "critical")]

    return check


@pytest.fixture
def screenshot():
    """Full-page screenshots into $SUDIA_SCREENSHOTS when it is set (to look at the pages)."""
    folder = os.environ.get("SUDIA_SCREENSHOTS")

    def shoot(page, name: str) -> None:
        if folder:
            Path(folder).mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(Path(folder) / f"{name}.png"), full_page=True)

    return shoot
