"""The observatory pages in headless Chromium: accessibility (axe-core), map, filters, sort, corrections."""

from __future__ import annotations

import re
import struct
import threading
import zlib
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from sudia.observatoire.web.startup import build_if_missing
from sudia.platform import Platform

pytestmark = pytest.mark.browser

PAGES = {
    "carte": "/observatoire",
    "carte-filtree": "/observatoire?type=startup",
    "annuaire": "/observatoire/annuaire",
    "acteur": "/observatoire/acteurs/portalis-maritime",
    "tableau": "/observatoire/tableau-de-bord",
    "revue": "/observatoire/revue",
    "introuvable": "/observatoire/acteurs/acteur-imaginaire",
}


@pytest.fixture(scope="module", autouse=True)
def observatory(demo_platform: Platform) -> None:
    """The demo observatory, in the database of the platform the test server reads."""
    build_if_missing(demo_platform.settings)


@pytest.mark.parametrize("name, url", PAGES.items())
def test_observatory_pages_have_no_serious_accessibility_violation(page, axe_violations, screenshot,
                                                                   name: str, url: str) -> None:
    page.goto(url)
    assert page.locator("html").get_attribute("lang") == "fr"
    assert page.get_by_role("link", name="Aller au contenu").count() == 1
    assert page.get_by_role("navigation", name="Pages de l'observatoire").is_visible()
    screenshot(page, f"obs-{name}")
    assert axe_violations(page) == []
    page.set_viewport_size({"width": 390, "height": 844})
    screenshot(page, f"obs-{name}-mobile")
    assert axe_violations(page) == []


def test_map_fills_its_frame_and_points_open_the_actor_page(page) -> None:
    page.goto("/observatoire")
    svg = page.locator("svg.obs-carte-svg").bounding_box()
    assert svg is not None and svg["width"] > 600 and svg["height"] > 500
    points = page.locator("a.obs-point")
    assert points.count() == 4
    for i in range(points.count()):
        box = points.nth(i).locator("circle").bounding_box()
        assert box is not None
        assert svg["x"] <= box["x"] and box["x"] + box["width"] <= svg["x"] + svg["width"]
        assert svg["y"] <= box["y"] and box["y"] + box["height"] <= svg["y"] + svg["height"]
    assert page.get_by_role("heading", name="Légende").is_visible()
    page.get_by_role("link", name="Portalis Maritime — Start-up, Toulon").click()
    page.wait_for_url(re.compile(r"/observatoire/acteurs/portalis-maritime$"))
    assert page.get_by_role("heading", level=1).inner_text().strip() == "Portalis Maritime"


def test_map_points_are_reachable_with_the_keyboard(page) -> None:
    page.goto("/observatoire")
    page.locator("a.obs-point").first.focus()
    focused = page.evaluate("() => document.activeElement.getAttribute('aria-label')")
    assert focused and " — " in focused
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/observatoire/acteurs/"))


def test_filters_narrow_the_map_and_the_list(page) -> None:
    page.goto("/observatoire")
    page.get_by_label("Type d'acteur").select_option(label="Start-up")
    page.get_by_role("button", name="Filtrer").click()
    page.wait_for_url(re.compile(r"type=startup"))
    assert page.get_by_text("2 acteurs sur 9 correspondent aux filtres.").is_visible()
    assert page.locator("a.obs-point").count() == 2
    names = page.locator(".obs-liste a").all_inner_texts()
    assert names == ["Alpes Vision", "Portalis Maritime"]
    page.get_by_role("link", name="Effacer les filtres").click()
    assert page.locator(".obs-liste a").count() == 9


def test_directory_sorts_when_a_header_is_clicked(page) -> None:
    page.goto("/observatoire/annuaire")
    page.get_by_role("link", name=re.compile(r"^Faits : trier")).click()
    page.wait_for_url(re.compile(r"tri=faits"))
    header = page.locator("th[aria-sort]")
    assert header.get_attribute("aria-sort") == "ascending"
    page.get_by_role("link", name=re.compile(r"^Faits : trier")).click()
    page.wait_for_url(re.compile(r"ordre=desc"))
    assert page.locator("th[aria-sort]").get_attribute("aria-sort") == "descending"
    assert page.locator("tbody tr").first.locator("th a").inner_text() == "Portalis Maritime"


def test_dashboard_numbers_are_in_the_page(page) -> None:
    page.goto("/observatoire/tableau-de-bord")
    assert page.locator("svg.obs-graphique").count() == 5
    page.get_by_text("Données du graphique").first.click()
    table = page.get_by_role("region", name="Données : Investissements annoncés et levées de fonds par année")
    assert "102,5" in table.inner_text()


def test_a_correction_is_saved_and_shown_in_the_log(admin_page, screenshot) -> None:
    page = admin_page  # corrections are made by administrators, signed with their address
    page.goto("/observatoire/acteurs/alpes-vision")
    fact = page.locator("article.obs-fait", has_text="Effectif")
    fact.get_by_text("Corriger ce fait").click()
    fact.get_by_label("Nouvelle valeur").fill("12")
    assert "admin-navigateur@region.fr" in fact.inner_text()  # who the correction will be recorded for
    fact.get_by_role("button", name="Enregistrer la correction").click()
    page.wait_for_url(re.compile(r"corrige=1"))
    assert page.get_by_role("status").filter(has_text="Correction enregistrée").is_visible()
    assert page.locator("article.obs-fait", has_text="Effectif").get_by_text("12 emplois", exact=True).is_visible()
    journal = page.get_by_role("region", name="Journal des corrections")
    assert "admin-navigateur@region.fr" in journal.inner_text()
    screenshot(page, "obs-acteur-corrige")


def _png(size: int = 256) -> bytes:
    """A plain light tile, built without an imaging library."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    rows = b"".join(b"\x00" + b"\xdd\xe6\xf0" * size for _ in range(size))
    header = struct.pack(">IIBBBBB", size, size, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b"")


@pytest.fixture
def tile_server() -> Iterator[tuple[str, list[str]]]:
    """A stand-in for an external tile server (outside the project): one blank tile for every request."""
    requested: list[str] = []
    tile = _png()

    class Tiles(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 (http.server's name)
            requested.append(self.path)
            self.send_response(200)
            self.send_header("Content-Type", "image/png")
            self.send_header("Content-Length", str(len(tile)))
            self.end_headers()
            self.wfile.write(tile)

        def log_message(self, *args: object) -> None:
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Tiles)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}", requested
    httpd.shutdown()
    httpd.server_close()
    thread.join(timeout=10)


def test_configured_tile_server_is_an_optional_layer(page, server, tile_server, monkeypatch, axe_violations,
                                                     screenshot) -> None:
    url, requested = tile_server
    settings = server.app.state.settings.model_copy(update={
        "map_tile_url": url + "/{z}/{x}/{y}.png", "map_tile_attribution": "Tuiles de test"})
    # setitem, not setattr: Starlette's State keeps its values in a dict, which setattr's undo would lose.
    monkeypatch.setitem(server.app.state._state, "settings", settings)
    page.goto("/observatoire")
    assert page.locator("svg.obs-carte-svg").is_visible()  # the SVG map stays the default
    button = page.get_by_role("button", name="Afficher le fond de carte détaillé")
    button.click()
    page.locator(".leaflet-tile-loaded").first.wait_for()
    page.locator("path.leaflet-interactive").nth(3).wait_for()
    assert page.locator("path.leaflet-interactive").count() == 4  # one marker per located actor
    assert requested and all(path.endswith(".png") for path in requested)
    assert not page.locator("svg.obs-carte-svg").is_visible()
    assert page.get_by_text("Tuiles de test").is_visible()
    screenshot(page, "obs-carte-tuiles")
    assert axe_violations(page) == []
    page.locator("path.leaflet-interactive").first.click(force=True)
    popup_link = page.locator(".leaflet-popup-content a")
    popup_link.wait_for()
    assert popup_link.get_attribute("href").startswith("/observatoire/acteurs/")
    page.get_by_role("button", name="Revenir à la carte simple").click()
    assert page.locator("svg.obs-carte-svg").is_visible()


HOSTILE_NAME = '<img src=x onerror="window.__obsXss=1">Acteur piégé'


@pytest.fixture
def hostile_server(tmp_path, tile_server, server) -> Iterator[str]:
    """A server whose observatory holds one located actor named with HTML (stored XSS attempt, #10)."""
    from sudia.observatoire.kb.factory import open_knowledge_base
    from sudia.observatoire.types import Actor, Extraction, Source
    from sudia.settings import Settings

    url, _ = tile_server
    settings = Settings(data_dir=tmp_path / "data", demo=False, embedder="none", llm_base_url="", llm_model="",
                        map_tile_url=url + "/{z}/{x}/{y}.png", map_tile_attribution="Tuiles de test")
    kb = open_knowledge_base(settings.resolved_database_url())
    actor = Actor(HOSTILE_NAME, "startup", places=("Marseille",), department="13", lat=43.2965, lon=5.3698,
                  sources=(Source("doc.txt", "Une phrase."),))
    kb.save(Extraction(actors=(actor,)), [])
    kb.close()
    platform = Platform.from_settings(settings)
    hostile = type(server)(platform).start()  # the browser tests' uvicorn server class
    yield hostile.url
    hostile.stop()
    platform.close()


def test_actor_names_are_text_in_the_tiled_map_tooltips(browser, hostile_server) -> None:
    """Stored XSS (#10, item 5): Leaflet tooltips render strings as HTML; names must stay text."""
    context = browser.new_context(base_url=hostile_server, locale="fr-FR", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    try:
        page.goto("/observatoire")
        page.get_by_role("button", name="Afficher le fond de carte détaillé").click()
        marker = page.locator("path.leaflet-interactive").first
        marker.wait_for()
        marker.hover(force=True)
        tooltip = page.locator(".leaflet-tooltip")
        tooltip.wait_for()
        assert tooltip.inner_text() == HOSTILE_NAME
        assert tooltip.locator("img").count() == 0
        marker.click(force=True)
        page.locator(".leaflet-popup-content a").wait_for()
        assert page.locator(".leaflet-popup-content a").inner_text() == HOSTILE_NAME
        assert page.evaluate("() => window.__obsXss") is None
    finally:
        context.close()
