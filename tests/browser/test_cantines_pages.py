"""The canteens pages in headless Chromium: accessibility (axe-core) on desktop and phone, the chef's entry."""

from __future__ import annotations

from datetime import date

import pytest

from sudia.platform import Platform

pytestmark = pytest.mark.browser
pytest.importorskip("lightgbm")


@pytest.fixture(scope="module", autouse=True)
def canteens(demo_platform: Platform) -> str:
    """The canteens demonstration (generated data, a model, stored forecasts) in the shared database."""
    from sudia.cantines.demo import ensure_demo
    from sudia.cantines.service import CantinesService
    from sudia.cantines.settings import CantinesSettings
    from sudia.cantines.storage.repository import CantinesRepository

    demo_platform.upgrade_schema()
    service = CantinesService(CantinesRepository(demo_platform.database), CantinesSettings(), demo_platform.trust.audit)
    ensure_demo(service, n_canteens=3)
    return service.repo.canteens()[0].id


def _pages(canteen_id: str) -> dict[str, str]:
    month = date.today().strftime("%Y-%m")
    return {"accueil": "/cantines", "jour": f"/cantines/{canteen_id}", "historique": f"/cantines/{canteen_id}/historique",
            "region": "/cantines/region", "rapport": f"/cantines/{canteen_id}/rapport/{month}", "admin": "/cantines/admin"}


@pytest.mark.parametrize("name", ["accueil", "jour", "historique", "region", "rapport", "admin"])
def test_canteens_pages_have_no_serious_accessibility_violation(admin_page, axe_violations, screenshot, canteens,
                                                                 name: str) -> None:
    page = admin_page
    page.goto(_pages(canteens)[name])
    assert page.locator("html").get_attribute("lang") == "fr"
    assert page.get_by_role("navigation", name="Pages des cantines").is_visible()
    screenshot(page, f"cantines-{name}")
    assert axe_violations(page) == []
    page.set_viewport_size({"width": 390, "height": 844})
    screenshot(page, f"cantines-{name}-mobile")
    assert axe_violations(page) == []
    width = page.evaluate("document.documentElement.scrollWidth")
    widest = page.evaluate("""() => [...document.querySelectorAll('main *')].filter(e => e.getBoundingClientRect().right > 400 && !e.closest('.cant-defile table'))
        .map(e => e.tagName + '.' + e.className + '#' + e.id).slice(0, 5)""")
    assert width <= 400, f"{name}: the page scrolls sideways on a phone ({width}px): {widest}"


def test_chef_enters_the_day_on_a_phone(admin_page, canteens) -> None:
    page = admin_page
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"/cantines/{canteens}")
    assert page.get_by_text("Repas à préparer").is_visible()
    page.get_by_label("Préparés").fill("420")
    page.get_by_label("Servis").fill("401")
    page.get_by_label("Restes d'assiettes").fill("14,5")
    page.get_by_role("button", name="Enregistrer").click()
    page.wait_for_url("**enregistre=1**")
    assert page.get_by_text("Saisie enregistrée.").is_visible()
    assert page.get_by_label("Servis").input_value() == "401"
