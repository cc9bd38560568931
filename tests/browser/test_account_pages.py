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


def _signed_in_as(page, server, email: str, password: str, admin: bool = False) -> None:
    trust = server.app.state.platform.trust
    if trust.store.find_user(email) is None:
        trust.directory.add_user("cli:test", email, "", password, is_admin=admin)
    page.goto("/connexion?suivant=/compte")
    page.get_by_label("Adresse e-mail").fill(email)
    page.get_by_label("Mot de passe").fill(password)
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_url("**/compte")


def test_password_change_shows_its_error_at_the_field(page, server, axe_violations, screenshot) -> None:
    """Issue #11: the person changes their own password from « Mon compte »; a wrong current password is
    reported at its field (aria-invalid, aria-describedby), and the page stays axe-clean."""
    _signed_in_as(page, server, "mdp-navigateur@region.fr", "Ancien-mot-de-passe-41")
    page.get_by_label("Mot de passe actuel").fill("pas-le-bon-mot-de-passe")
    page.get_by_label("Nouveau mot de passe", exact=True).fill("Nouveau-mot-de-passe-42")
    page.get_by_label("Nouveau mot de passe, une seconde fois").fill("Nouveau-mot-de-passe-42")
    page.get_by_role("button", name="Changer le mot de passe").click()
    field = page.get_by_label("Mot de passe actuel")
    field.wait_for()
    assert field.get_attribute("aria-invalid") == "true"
    assert page.locator("#mdp-actuel-erreur").inner_text() == "Mot de passe actuel incorrect."
    screenshot(page, "compte-mot-de-passe-erreur")
    assert axe_violations(page) == []
    page.get_by_label("Mot de passe actuel").fill("Ancien-mot-de-passe-41")
    page.get_by_label("Nouveau mot de passe", exact=True).fill("Nouveau-mot-de-passe-42")
    page.get_by_label("Nouveau mot de passe, une seconde fois").fill("Nouveau-mot-de-passe-42")
    page.get_by_role("button", name="Changer le mot de passe").click()
    page.get_by_text("Mot de passe changé : reconnectez-vous").wait_for()
    assert axe_violations(page) == []


def test_password_reset_and_the_journal_read_plainly(admin_page, server, axe_violations, screenshot) -> None:
    """Issue #11: an administrator resets a password in the UI; the journal says so in French."""
    page = admin_page
    trust = server.app.state.platform.trust
    if trust.store.find_user("reinit-navigateur@region.fr") is None:
        trust.directory.add_user("cli:test", "reinit-navigateur@region.fr", "Camille Reinit", "Mot-de-passe-initial-9")
    page.goto("/admin/utilisateurs")
    page.get_by_role("link", name="Réinitialiser le mot de passe de Camille Reinit").click()
    page.get_by_label("Nouveau mot de passe", exact=True).fill("Mot-de-passe-remis-10")
    page.get_by_label("Nouveau mot de passe, une seconde fois").fill("Autre-chose-entierement")
    page.get_by_role("button", name="Réinitialiser le mot de passe").click()
    confirmation = page.get_by_label("Nouveau mot de passe, une seconde fois")
    confirmation.wait_for()
    assert confirmation.get_attribute("aria-invalid") == "true"
    screenshot(page, "admin-mot-de-passe-erreur")
    assert axe_violations(page) == []
    page.get_by_label("Nouveau mot de passe", exact=True).fill("Mot-de-passe-remis-10")
    page.get_by_label("Nouveau mot de passe, une seconde fois").fill("Mot-de-passe-remis-10")
    page.get_by_role("button", name="Réinitialiser le mot de passe").click()
    page.get_by_text("Le mot de passe a été réinitialisé").wait_for()
    page.goto("/admin/journal?action=user.password")
    page.get_by_text("a réinitialisé le mot de passe de reinit-navigateur@region.fr").first.wait_for()
    table = page.locator("table.journal").inner_text()
    assert "user.password" not in table and "user:" not in table  # no internal keys
    assert page.get_by_role("columnheader", name="Date (heure de Paris)").is_visible()
    screenshot(page, "journal-lisible")
    assert axe_violations(page) == []
