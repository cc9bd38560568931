"""The web UI in headless Chromium: accessibility (axe-core), citations, uploads, keyboard use."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from playwright.sync_api import expect

from sudia.platform import Platform

pytestmark = pytest.mark.browser

SAMPLES = Path(__file__).parents[1] / "samples" / "ingest"
QUESTION = "Jusqu'à quand faut-il demander la carte de transport scolaire ?"
UPLOAD_COLLECTION = "essai-navigateur"


def _document_url(platform: Platform) -> str:
    document = next(d for d in platform.store.list_documents("allo-region") if d.pages)
    chunk = platform.store.document_chunks(document.id)[1]
    return f"/documents/{document.id}?passage={chunk.id}#passage-{chunk.id}"


def _ask(page, question: str) -> None:
    page.goto("/")
    page.get_by_label("Question").fill(question)
    page.get_by_role("button", name="Poser la question").click()
    page.locator(".tour .reponse-entete").last.wait_for()


def _search(page, words: str) -> None:
    page.goto("/recherche")
    page.get_by_label("Mots recherchés").fill(words)
    page.get_by_label("Nombre de résultats au plus").select_option("5")
    page.get_by_role("button", name="Rechercher").click()
    page.get_by_role("heading", level=2).first.wait_for()


@pytest.mark.parametrize("name, action", [
    ("assistant", lambda page: page.goto("/")),
    ("reponse", lambda page: _ask(page, QUESTION)),
    ("abstention", lambda page: _ask(page, "Quelle est la recette de la bouillabaisse du chef ?")),
    ("recherche", lambda page: _search(page, "transport scolaire")),
    ("recherche-vide", lambda page: _search(page, "recette de la bouillabaisse du chef")),
    ("documents", lambda page: page.goto("/documents")),
    ("document", None),
    ("introuvable", lambda page: page.goto("/documents/inconnu")),
])
def test_pages_have_no_serious_accessibility_violation(page, demo_platform: Platform, axe_violations, screenshot,
                                                      name: str, action) -> None:
    if action is None:
        page.goto(_document_url(demo_platform))
    else:
        action(page)
    assert page.locator("html").get_attribute("lang") == "fr"
    assert page.get_by_role("link", name="Aller au contenu").count() == 1
    screenshot(page, name)
    assert axe_violations(page) == []
    page.set_viewport_size({"width": 390, "height": 844})
    screenshot(page, f"{name}-mobile")
    assert axe_violations(page) == []


def test_citation_opens_the_quoted_passage_highlighted(page, screenshot) -> None:
    page.goto("/")
    page.get_by_label("Question").fill(QUESTION)
    page.get_by_role("button", name="Poser la question").click()
    page.locator(".tour .reponse-entete").wait_for()
    assert page.get_by_text("Réponse extractive (sans modèle de langage)").is_visible()
    first = page.locator("a.renvoi").first
    quoted = page.locator(".sources blockquote").first.inner_text().strip("« »\n ")
    first.click()
    page.wait_for_url(re.compile(r"/documents/[0-9a-f]+\?passage="))
    mark = page.locator("article.passage-cite mark")
    assert mark.count() == 1 and mark.is_visible()
    assert mark.inner_text().split() == quoted.split()
    assert page.evaluate("() => { const r = document.querySelector('article.passage-cite').getBoundingClientRect();"
                         " return r.top < window.innerHeight && r.bottom > 0; }"), "the cited passage is scrolled to"
    screenshot(page, "passage-cite")


def test_upload_shows_progress_then_each_file_status(admin_page, demo_platform: Platform, screenshot) -> None:
    page = admin_page
    try:
        page.goto("/documents")
        page.get_by_text("Créer une collection").click()
        page.get_by_label("Nom de la collection").fill(UPLOAD_COLLECTION)
        page.get_by_role("button", name="Créer la collection").click()
        expect(page.get_by_text("La collection a été créée.")).to_be_visible()
        expect(page.get_by_role("heading", name="Collection « Essai navigateur »")).to_be_visible()  # display name

        page.get_by_label("Fichiers à déposer").set_input_files([SAMPLES / "faq-ter.md", SAMPLES / "corrompu.pdf"])
        page.get_by_role("button", name="Déposer les fichiers").click()
        expect(page.locator(".depot-progression")).to_be_visible()
        page.locator(".depot-etat", has_text="Dépôt terminé").wait_for(timeout=120_000)
        assert page.locator("#depot-barre").evaluate("bar => bar.value") == 100
        statuses = page.locator("#depot .depot-fichiers li")
        good = statuses.filter(has_text="faq-ter.md")
        bad = statuses.filter(has_text="corrompu.pdf")
        assert "Ingéré" in good.inner_text()
        assert "Erreur" in bad.inner_text() and "PDF illisible ou corrompu" in bad.inner_text()
        assert page.get_by_text("1 fichier ingéré, 1 fichier en erreur").is_visible()
        # the list of documents is refreshed in place
        page.locator("#liste-documents a", has_text="faq-ter").first.wait_for()
        screenshot(page, "depot")

        page.on("dialog", lambda dialog: dialog.accept())
        page.get_by_text("Supprimer la collection", exact=True).click()
        page.get_by_role("button", name="Supprimer la collection « Essai navigateur »").click()
        expect(page.get_by_text("La collection a été supprimée.")).to_be_visible()
    finally:
        if demo_platform.store.get_collection(UPLOAD_COLLECTION) is not None:
            demo_platform.store.delete_collection(UPLOAD_COLLECTION)


def test_keyboard_reaches_the_question_and_the_submit_button(page) -> None:
    page.goto("/")
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.textContent") == "Aller au contenu"
    assert page.get_by_role("link", name="Aller au contenu").is_visible()  # shown when focused
    page.keyboard.press("Enter")
    focused = []
    for _ in range(10):
        page.keyboard.press("Tab")
        focused.append(page.evaluate("() => document.activeElement.id || document.activeElement.textContent.trim()"))
        if focused[-1] == "Poser la question":
            break
    assert focused[0] == "question", focused  # the skip link leads straight to the question
    assert focused[-1] == "Poser la question", focused
    outline = page.evaluate("() => getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none"  # focus is visible
    page.get_by_label("Question").focus()
    page.keyboard.type("Quels sont les horaires d'Allo Région ?")
    page.get_by_role("button", name="Poser la question").focus()
    page.keyboard.press("Enter")
    page.get_by_role("heading", name="Réponse", exact=True).wait_for()
    assert page.get_by_role("heading", name="Réponse", exact=True).is_visible()


def test_a_question_typed_while_an_answer_is_written_is_kept_and_explained(page) -> None:
    # The answer request is held, as a slow model would hold it, so that the form stays busy.
    held = []
    page.route(re.compile(r".*/api/conversations/ask$"), lambda route: held.append(route))
    page.goto("/")
    field = page.get_by_label("Question")
    field.fill(QUESTION)
    field.press("Enter")
    expect(page.locator("form[aria-busy]")).to_have_count(1)
    follow_up = "Et pour un élève en internat ?"
    field.fill(follow_up)
    field.press("Enter")
    expect(page.locator("#etat-question")).to_contain_text("votre question reste dans le champ")
    expect(field).to_have_value(follow_up)  # nothing lost: it is sent once the answer is there
    for route in held:
        route.continue_()
    page.unroute(re.compile(r".*/api/conversations/ask$"))
    expect(page.locator("form[aria-busy]")).to_have_count(0, timeout=60_000)
    field.press("Enter")
    expect(page.locator(".tour .reponse-entete")).to_have_count(2, timeout=60_000)
