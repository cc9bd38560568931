"""The instructor's pages in headless Chromium: accessibility (axe-core), image with highlighted zones,
decision and next dossier, on a desktop and a phone."""

from __future__ import annotations

import io
import random
from datetime import date

import pytest

from sudia.pieces.cli import desk_for
from sudia.pieces.fakes import identity_docs, paper_docs
from sudia.pieces.fakes.people import declared, person
from sudia.platform import Platform

pytestmark = pytest.mark.browser
EMAIL, PASSWORD = "instructrice-permis@region.fr", "mot-de-passe-instructrice"


def _png(drawn) -> bytes:
    out = io.BytesIO()
    drawn.pages[0].save(out, "PNG")
    return out.getvalue()


@pytest.fixture(scope="module")
def dossiers(demo_platform: Platform) -> list[str]:
    from sudia.accounts.authenticator import principal_for

    trust = demo_platform.trust
    if trust.store.find_user(EMAIL) is None:
        trust.directory.add_user("cli:test", EMAIL, "Instructrice", PASSWORD)
        trust.directory.add_to_group("cli:test", EMAIL, "instructeurs-permis")
    me = principal_for(trust.directory.user(EMAIL))
    rng = random.Random(7)
    today = date.today()
    holder = person(rng, today)
    files = [("cni.png", _png(identity_docs.identity_card(rng, holder, today))),
             ("rib.png", _png(paper_docs.bank_details(rng, holder, today)))]
    desk = desk_for(demo_platform)
    ids = [desk.submit(me, "aide-permis", declared(holder, rng, variation=False), f"Dossier-{n}", files).dossier_id
           for n in (1, 2)]
    return ids


@pytest.fixture
def instructor(page):
    page.goto("/connexion?suivant=/pieces")
    page.get_by_label("Adresse e-mail").fill(EMAIL)
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_url("**/pieces")
    return page


def test_pages_are_accessible_and_the_decision_leads_to_the_next_dossier(instructor, dossiers, axe_violations,
                                                                        screenshot) -> None:
    page = instructor
    assert page.get_by_role("heading", name="Contrôle des pièces justificatives").count() == 1
    assert axe_violations(page) == []
    screenshot(page, "pieces-liste")
    page.goto(f"/pieces/dossiers/{dossiers[0]}")
    page.wait_for_load_state("networkidle")
    assert page.locator("html").get_attribute("lang") == "fr"
    image = page.get_by_role("img", name="Page 1 de la pièce 1 (Carte nationale d'identité (format carte, depuis 2021))")
    assert image.evaluate("img => img.complete && img.naturalWidth > 0")
    assert page.locator(".piece").first.locator(".pz-zone").count() >= 1  # the MRZ, highlighted
    assert page.get_by_role("cell", name="Zone de lecture automatique (MRZ)").count() >= 1 or \
        page.get_by_text("Zone de lecture automatique (MRZ)").count() >= 1
    assert axe_violations(page) == []
    screenshot(page, "pieces-dossier")
    page.get_by_label("Pièces complémentaires demandées").check()
    page.get_by_label("Commentaire (visible des instructeurs)").fill("Merci de fournir un justificatif de domicile.")
    page.get_by_role("button", name="Enregistrer et passer au dossier suivant").click()
    page.wait_for_url(f"**/pieces/dossiers/{dossiers[1]}?fait=*")
    assert page.get_by_role("status").inner_text() == "Décision enregistrée"


def test_dossier_page_on_a_phone(browser, server, dossiers, axe_violations) -> None:
    context = browser.new_context(base_url=server.url, locale="fr-FR", viewport={"width": 390, "height": 844})
    page = context.new_page()
    try:
        page.goto("/connexion?suivant=/pieces")
        page.get_by_label("Adresse e-mail").fill(EMAIL)
        page.get_by_label("Mot de passe").fill(PASSWORD)
        page.get_by_role("button", name="Se connecter").click()
        page.wait_for_url("**/pieces")
        page.goto(f"/pieces/dossiers/{dossiers[1]}")
        width = page.evaluate("document.documentElement.scrollWidth")
        wide = page.evaluate("""() => [...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > 392)
                                 .slice(0, 5).map(e => e.tagName + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right))""")
        assert width <= 390 + 1, wide  # nothing wider than the screen
        assert axe_violations(page) == []
    finally:
        context.close()
