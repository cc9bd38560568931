"""Login, « Mon compte » and the administration pages in headless Chromium: axe-core and a token's life."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser


def test_login_page_has_no_serious_accessibility_violation(page, axe_violations, screenshot) -> None:
    page.goto("/connexion")
    assert page.get_by_role("heading", name="Connexion").is_visible()
    screenshot(page, "connexion")
    assert axe_violations(page) == []
    page.get_by_label("Adresse e-mail").fill("personne@region.fr")
    page.get_by_label("Mot de passe").fill("pas-le-bon-mot-de-passe")
    page.get_by_role("button", name="Se connecter").click()
    page.get_by_role("alert").get_by_text("Adresse e-mail ou mot de passe incorrect.").wait_for()
    screenshot(page, "connexion-erreur")
    assert axe_violations(page) == []
    page.set_viewport_size({"width": 390, "height": 844})
    screenshot(page, "connexion-mobile")
    assert axe_violations(page) == []


def test_account_page_creates_shows_once_and_revokes_a_token(admin_page, axe_violations, screenshot) -> None:
    page = admin_page
    page.get_by_role("link", name="Mon compte").click()
    page.get_by_role("heading", name="Mon compte").wait_for()
    page.get_by_label("Nom du jeton").fill("script du service")
    page.get_by_role("button", name="Créer le jeton").click()
    page.get_by_label("Secret du jeton").wait_for()
    secret = page.get_by_label("Secret du jeton").input_value()
    assert secret.startswith("sudia_")
    screenshot(page, "compte-jeton")
    assert axe_violations(page) == []
    page.set_viewport_size({"width": 390, "height": 844})
    screenshot(page, "compte-mobile")
    assert axe_violations(page) == []
    page.set_viewport_size({"width": 1280, "height": 900})
    page.get_by_role("button", name="Révoquer le jeton « script du service »").first.click()
    page.get_by_text("Le jeton a été révoqué").wait_for()  # after the redirect
    assert secret not in page.content()


@pytest.mark.parametrize("name, url", [("admin-utilisateurs", "/admin/utilisateurs"),
                                       ("admin-collections", "/admin/collections")])
def test_admin_pages_have_no_serious_accessibility_violation(admin_page, axe_violations, screenshot,
                                                            name: str, url: str) -> None:
    page = admin_page
    page.goto(url)
    assert page.get_by_role("navigation", name="Administration").is_visible()
    if url.endswith("utilisateurs"):
        page.get_by_text("Ajouter un utilisateur").click()
    screenshot(page, name)
    assert axe_violations(page) == []
    page.set_viewport_size({"width": 390, "height": 844})
    screenshot(page, f"{name}-mobile")
    assert axe_violations(page) == []


def test_logout_from_the_header(admin_page) -> None:
    page = admin_page
    page.get_by_role("button", name="Se déconnecter").click()
    page.get_by_text("Vous êtes déconnecté.").wait_for()
    assert page.get_by_role("link", name="Se connecter").count() == 0  # not on the login page itself
    page.goto("/compte")
    page.wait_for_url("**/connexion?suivant=*")
