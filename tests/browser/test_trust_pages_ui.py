"""The audit log, frugality and register pages in headless Chromium: accessibility (axe-core), charts, filters."""

from __future__ import annotations

import re
import socket
import threading
import time

import pytest
import uvicorn
from fake_llm import FakeLLM

from frugality.population import PASSWORD, llm_settings, populate
from sudia.platform import Platform
from sudia.settings import Settings
from sudia.web.app import create_app

pytestmark = pytest.mark.browser

PAGES = {
    "journal": ("/admin/journal", "admin"),
    "journal-filtre": ("/admin/journal?resultat=denied", "admin"),
    "passages-suspects": ("/admin/passages-suspects", "admin"),
    "frugalite": ("/frugalite", "admin"),
    "frugalite-agent": ("/frugalite", "agent"),
    "registre": ("/registre", ""),
}


class Served:
    """uvicorn serving the real app on `platform` (populated beforehand), on a free port, in a thread."""

    def __init__(self, platform: Platform) -> None:
        app = create_app(platform.settings)
        app.state.platform.close()
        app.state.platform = platform
        self.socket = socket.socket()
        self.socket.bind(("127.0.0.1", 0))
        self.url = f"http://127.0.0.1:{self.socket.getsockname()[1]}"
        self.server = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="off"))
        self.thread = threading.Thread(target=self.server.run, kwargs={"sockets": [self.socket]}, daemon=True)
        self.thread.start()
        deadline = time.monotonic() + 60
        while not self.server.started:
            if not self.thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError("the test server did not start")
            time.sleep(0.05)

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=30)
        self.socket.close()


@pytest.fixture(scope="module")
def instance(tmp_path_factory: pytest.TempPathFactory):
    """An instance of its own (the shared demo one stays untouched), with three weeks of requests."""
    settings = Settings(data_dir=tmp_path_factory.mktemp("confiance-navigateur") / "data", demo=False,
                        llm_base_url="", llm_model="", transparency_contact="dpo@maregionsud.fr")
    llm = FakeLLM().start()
    platform = Platform.from_settings(settings)
    generative = Platform.from_settings(llm_settings(settings, llm.url))
    populate(platform, generative, past_days=20)
    generative.close()
    cookies = {who: platform.trust.auth.login(f"{who}@region.fr", PASSWORD).cookie for who in ("admin", "agent")}
    server = Served(platform)
    yield server, cookies
    server.stop()
    platform.close()
    llm.stop()


@pytest.fixture
def visit(browser, instance):
    """Open a page as `who` ("" for an anonymous visitor), in a fresh French browser context."""
    server, cookies = instance
    contexts = []

    def open_page(path: str, who: str = ""):
        context = browser.new_context(base_url=server.url, locale="fr-FR", viewport={"width": 1280, "height": 900})
        if who:
            context.add_cookies([{"name": "sudia_session", "value": cookies[who], "url": server.url}])
        contexts.append(context)
        page = context.new_page()
        page.goto(path)
        return page

    yield open_page
    for context in contexts:
        context.close()


@pytest.mark.parametrize("name", PAGES)
def test_trust_pages_have_no_serious_accessibility_violation(visit, axe_violations, screenshot, name: str) -> None:
    path, who = PAGES[name]
    page = visit(path, who)
    assert page.locator("html").get_attribute("lang") == "fr"
    assert page.get_by_role("heading", level=1).count() == 1
    screenshot(page, f"confiance-{name}")
    assert axe_violations(page) == []
    page.set_viewport_size({"width": 390, "height": 844})
    screenshot(page, f"confiance-{name}-mobile")
    assert axe_violations(page) == []


def test_charts_are_drawn_and_described(visit) -> None:
    page = visit("/frugalite", "admin")
    chart = page.get_by_role("img", name=re.compile("Énergie par jour"))
    box = chart.bounding_box()
    assert box is not None and box["width"] > 600 and box["height"] > 150
    assert page.locator("#graphique-energie-jour rect.barre").count() == 30
    drawn = [b for b in page.locator("#graphique-energie-jour rect.barre").all() if float(b.get_attribute("height")) > 0]
    assert len(drawn) >= 20  # three weeks of requests
    assert page.locator("#graphique-par-utilisateur rect").count() == 4  # three people and the unattributed call
    page.get_by_text(re.compile(r"^Données par jour")).click()
    assert page.locator("#tableau-jours tbody tr").count() == 30
    assert page.locator("#tableau-modeles tbody tr").count() == 2


def test_filtering_the_journal_from_the_form(visit) -> None:
    page = visit("/admin/journal", "admin")
    page.get_by_label("Résultat").select_option("denied")
    page.get_by_role("button", name="Filtrer").click()
    page.wait_for_url(re.compile(r"resultat=denied"))
    rows = page.locator("table.journal tbody tr")
    assert rows.count() == 1 and "Visiteur anonyme" in rows.first.inner_text()
    assert "resultat=denied" in page.get_by_role("link", name="Exporter en CSV").get_attribute("href")


def test_the_register_links_each_use(visit) -> None:
    page = visit("/registre")
    page.get_by_role("link", name="Assistant « trains »").click()
    assert page.url.endswith("#usage-assistant-trains")
    assert page.get_by_role("heading", name="Assistant « trains »").is_visible()
    assert page.get_by_role("link", name="Registre des usages de l'IA").count() == 1  # footer
