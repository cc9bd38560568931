"""The French HTML pages, rendered by the real app on the ingested demo collection."""

from __future__ import annotations

import html
import re
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from fake_llm import FakeLLM
from fastapi.testclient import TestClient
from markupsafe import escape
from web.conftest import sign_in_admin

from sudia.ingest.pipeline import discover
from sudia.platform import Platform
from sudia.settings import Settings
from sudia.types import Citation
from sudia.web.app import create_app
from sudia.web.templating import (
    ADMIN_PATHS, GROUP_PATHS, NAV_ITEMS, add_nav_item, add_template_dir, cited_html, highlighted, loader, templates,
)

SAMPLES = Path(__file__).parents[1] / "samples" / "ingest"
QUESTION = "Jusqu'à quand faut-il demander la carte de transport scolaire ?"
OFF_TOPIC = "Quelle est la recette de la bouillabaisse du chef ?"
CITATION_LINK = re.compile(r'href="(/documents/([0-9a-f]+)\?passage=([^"#]+)#passage-[^"]+)"')


def client_for(platform: Platform) -> TestClient:
    """The real app, serving `platform` (the demo one is shared: ingesting it again would be slow).

    Anonymous visitors may read the public demo collection, as with `scripts/run.sh`."""
    app = create_app(platform.settings.model_copy(update={"allow_anonymous": True}))
    app.state.platform.close()
    app.state.platform = platform
    return TestClient(app)


@pytest.fixture(scope="module")
def client(demo_platform: Platform) -> TestClient:
    return client_for(demo_platform)


def test_layout_is_french_and_accessible(client: TestClient) -> None:
    page = client.get("/").text
    assert '<html lang="fr">' in page
    assert 'href="#contenu">Aller au contenu</a>' in page
    assert '<main id="contenu"' in page
    assert "Sud IA" in page and "Région Sud" in page
    assert "Logiciel libre — données hébergées localement — aucune donnée envoyée à l'extérieur" in page
    for label, path in NAV_ITEMS:
        # administration entries are shown to administrators only, group entries to their members
        if path not in ADMIN_PATHS and path not in GROUP_PATHS:
            assert f'href="{path}"' in page and label in page
    assert '<a href="/" aria-current="page">Assistant</a>' in page
    assert "https://" not in page  # nothing is fetched from the internet


def test_assistant_form(client: TestClient) -> None:
    page = client.get("/").text
    assert "<h1>Assistant Allo Région</h1>" in page
    assert '<label for="question">Question</label>' in page
    assert 'value="allo-region" checked' in page  # the default collection is ticked
    assert "Poser la question" in page


def test_answer_cites_passages_that_open_highlighted(client: TestClient) -> None:
    response = client.post("/", data={"question": QUESTION, "collections": "allo-region"})
    assert response.status_code == 200  # an anonymous visitor: the answer is shown at once, nothing is kept
    page = response.text
    assert "Réponse extractive (sans modèle de langage)" in page
    links = CITATION_LINK.findall(page)
    assert links, "the answer must link its citations to passages"
    assert 'class="renvoi"' in page and ">[1]</a>" in page
    assert "Sources citées" in page
    # costs of the answer
    for text in ("Coût de cette réponse", "Temps de réponse", " Wh<", " gCO2e<",
                 "Estimation selon la méthode EcoLogits, mix électrique français"):
        assert text in page

    url, document_id, _ = links[0]
    url = html.unescape(url)
    query = parse_qs(urlsplit(url).query)
    quote = query["extrait"][0]
    passage = client.get(url)
    assert passage.status_code == 200
    marked = re.search(r"<mark>(.*?)</mark>", passage.text, re.S)
    assert marked and html.unescape(marked.group(1)).split() == quote.split()
    assert f'id="passage-{query["passage"][0]}"' in passage.text
    assert "passage cité" in passage.text
    assert f"/api/documents/{document_id}/file" in passage.text


def test_off_topic_question_abstains(client: TestClient) -> None:
    page = client.post("/", data={"question": OFF_TOPIC}).text
    assert "Les documents ne permettent pas de répondre" in page
    assert "Sources citées" not in page


def test_empty_question_and_unknown_collection_are_explained(client: TestClient) -> None:
    empty = client.post("/", data={"question": "  "})
    assert empty.status_code == 400 and "La question est vide." in empty.text
    unknown = client.post("/", data={"question": QUESTION, "collections": "inexistante"})
    assert unknown.status_code == 404 and "Collection inconnue : inexistante" in unknown.text
    assert str(escape(QUESTION)) in unknown.text  # the question is kept in the form: nothing typed is lost


def test_generated_answer_shows_model_and_tokens(demo_platform: Platform, fake_llm: FakeLLM) -> None:
    settings = demo_platform.settings.model_copy(update={"llm_base_url": fake_llm.url, "llm_model": fake_llm.model})
    platform = Platform(settings, demo_platform.store)
    platform.__dict__["embedder"] = demo_platform.embedder  # share the loaded model
    fake_llm.script("La carte se demande avant la date limite indiquée [1].")
    page = client_for(platform).post("/", data={"question": QUESTION}).text
    assert "Réponse générée" in page
    assert fake_llm.model in page
    assert re.search(r"\d+ lus, \d+ écrits", page)
    assert CITATION_LINK.search(page)


def test_search_page_links_to_passages(client: TestClient) -> None:
    page = client.post("/recherche", data={"q": "transport scolaire", "k": "5"}).text
    assert "<h1>Recherche dans les documents</h1>" in page
    assert "5 passages pertinents" in page
    assert page.count('class="resultat"') == 5
    assert "score" not in page  # no raw scores
    assert "<mark>transport scolaire</mark>" in page.lower() or "<mark>transport scolaire</mark>" in page
    assert CITATION_LINK.search(page)
    assert client.get("/recherche").status_code == 200
    assert client.post("/recherche", data={"q": "transport", "k": "beaucoup"}).status_code == 200


def test_search_page_says_when_no_passage_is_relevant(client: TestClient) -> None:
    page = client.post("/recherche", data={"q": "recette de la bouillabaisse du chef"}).text
    assert "Aucun passage pertinent" in page
    assert 'class="resultat"' not in page


def test_search_words_are_marked_on_their_stem(client: TestClient) -> None:
    page = client.post("/recherche", data={"q": "lycéen transports", "k": "5"}).text
    marks = {m.lower() for m in re.findall(r"<mark>(.*?)</mark>", page)}
    assert marks and marks <= {"lycéens", "lycéen", "transport", "transports", "lycéennes", "lycéenne"}


@pytest.fixture(scope="module")
def admin_client(demo_platform: Platform) -> TestClient:
    """The same app, signed in as an administrator (creating, uploading and deleting need the rights)."""
    own = client_for(demo_platform)
    own.csrf = sign_in_admin(own)  # type: ignore[attr-defined]
    return own


def test_documents_page_lists_collection_and_upload_form(admin_client: TestClient, demo_platform: Platform) -> None:
    client = admin_client
    page = client.get("/documents").text
    assert "<h1>Documents</h1>" in page
    assert "Collection « Allo Région (démonstration) »" in page  # display name; the slug stays the identifier
    assert "Créer une collection" in page
    assert 'type="file" id="fichiers" name="files" multiple' in page
    assert 'action="/documents/allo-region/depot"' in page  # without JavaScript
    assert 'data-api="/api/collections/allo-region/documents"' in page  # with it: progress and statuses
    for document in demo_platform.store.list_documents("allo-region"):
        assert f'href="/documents/{document.id}"' in page
        assert str(escape(document.title)) in page
    assert "Supprimer" in page


def test_document_view_without_passage_has_no_highlight(client: TestClient, demo_platform: Platform) -> None:
    document = next(d for d in demo_platform.store.list_documents("allo-region") if d.pages)
    page = client.get(f"/documents/{document.id}").text
    assert "<mark>" not in page
    assert "Page 1" in page and "Passage 1" in page
    chunk = demo_platform.store.document_chunks(document.id)[1]
    whole = client.get(f"/documents/{document.id}", params={"passage": chunk.id}).text
    assert whole.count("<mark>") == 1  # no quote given: the whole passage is highlighted
    assert f"/api/documents/{document.id}/file#page={chunk.page}" in whole


def test_unknown_document_is_a_french_404_page(client: TestClient) -> None:
    response = client.get("/documents/inconnu")
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("text/html")
    assert "Page introuvable" in response.text and "Document inconnu : inconnu" in response.text


def test_create_then_delete_collection_with_confirmation(admin_client: TestClient, demo_platform: Platform) -> None:
    client, csrf = admin_client, admin_client.csrf  # type: ignore[attr-defined]
    bad = client.post("/documents/collections", data={"name": "mauvais nom!", "csrf": csrf})
    assert bad.status_code == 400 and "Nom de collection invalide" in bad.text
    created = client.post("/documents/collections", data={"name": "essai-pages", "description": "Essai",
                                                          "visibility": "public", "csrf": csrf},
                          follow_redirects=False)
    assert created.status_code == 303
    page = client.get(created.headers["location"]).text
    assert "La collection a été créée." in page and "Collection « Essai pages »" in page
    titled = client.post("/documents/collections/essai-pages/nom", data={"title": "Essai des pages", "csrf": csrf},
                         follow_redirects=False)
    assert titled.status_code == 303
    assert "Collection « Essai des pages »" in client.get(titled.headers["location"]).text
    again = client.post("/documents/collections", data={"name": "essai-pages", "csrf": csrf})
    assert again.status_code == 409 and "existe déjà" in again.text  # as the API answers (SUDIA-C006)

    ask = client.post("/documents/collections/essai-pages/supprimer", data={"csrf": csrf})
    assert "Confirmer la suppression" in ask.text and demo_platform.store.get_collection("essai-pages")
    done = client.post("/documents/collections/essai-pages/supprimer", data={"confirmation": "oui", "csrf": csrf})
    assert "La collection a été supprimée." in done.text
    assert demo_platform.store.get_collection("essai-pages") is None


@pytest.fixture
def lexical_platform(settings: Settings):
    """A fresh platform without the embeddings model: enough to ingest and list, and quick."""
    p = Platform.from_settings(settings.model_copy(update={"embedder": "none"}))
    yield p
    p.close()


def test_upload_without_javascript_shows_statuses(lexical_platform: Platform) -> None:
    lexical_platform.store.ensure_collection("essai")
    own = client_for(lexical_platform)
    csrf = sign_in_admin(own)
    files = [("files", (name, (SAMPLES / name).read_bytes())) for name in ("faq-ter.md", "corrompu.pdf")]
    sent = own.post("/documents/essai/depot", files=files, data={"csrf": csrf}, follow_redirects=False)
    assert sent.status_code == 303
    own.app.state.uploads.wait()
    page = own.get(sent.headers["location"]).text
    assert "Fichiers reçus : leur analyse est en cours." in page
    assert "Ingéré" in page and "faq-ter.md" in page
    assert "Erreur" in page and "PDF illisible ou corrompu" in page
    assert "FAQ" in page  # the new document is listed
    assert own.post("/documents/inconnue/depot", files=files, data={"csrf": csrf}).status_code == 404


def test_delete_document_asks_for_confirmation(lexical_platform: Platform) -> None:
    platform = lexical_platform
    [result] = platform.ingestor.ingest("essai", discover([SAMPLES / "faq-ter.md"])).results
    own = client_for(platform)
    csrf = sign_in_admin(own)
    ask = own.post(f"/documents/{result.document_id}/supprimer", data={"csrf": csrf})
    assert "Voulez-vous vraiment supprimer le document" in ask.text
    assert platform.store.get_document(result.document_id) is not None
    done = own.post(f"/documents/{result.document_id}/supprimer", data={"confirmation": "oui", "csrf": csrf})
    assert "Le document a été supprimé." in done.text
    assert platform.store.get_document(result.document_id) is None
    assert own.post(f"/documents/{result.document_id}/supprimer", data={"csrf": csrf}).status_code == 404


def test_citation_markers_become_links_in_order() -> None:
    def cite(n: int, chunk: str, quote: str) -> Citation:
        return Citation(n, "d1", "Guide", "guide.pdf", "c", chunk, 2, "Tarifs", quote)

    text = "Première <b> [1]. Deuxième [1]. Troisième [2]. Inconnue [9]."
    rendered = cited_html(text, [cite(1, "d1-0", "Un"), cite(1, "d1-0", "Deux"), cite(2, "d1-3", "Trois")])
    links = re.findall(r'href="([^"]+)"', rendered)
    assert [parse_qs(urlsplit(html.unescape(u)).query)["extrait"][0] for u in links] == ["Un", "Deux", "Trois"]
    assert "&lt;b&gt;" in rendered and "[9]" in rendered  # text escaped, unknown marker left as text


def test_highlight_tolerates_whitespace_and_escapes() -> None:
    marked = highlighted("Avant <x>.\nLe tarif   est de\n110 euros. Après.", "Le tarif est de 110 euros.")
    assert marked == "Avant &lt;x&gt;.\n<mark>Le tarif   est de\n110 euros.</mark> Après."
    assert highlighted("Texte", "absente") == "<mark>Texte</mark>"


def test_other_packages_can_add_pages_and_nav_entries(tmp_path: Path, client: TestClient) -> None:
    (tmp_path / "essai-extension.html").write_text(
        '{% extends "base.html" %}{% block content %}<h1>Extension</h1>{% endblock %}', encoding="utf-8")
    folders = list(loader.loaders)
    add_template_dir(tmp_path)
    add_nav_item("Extension", "/extension")
    try:
        assert "<h1>Extension</h1>" in templates.get_template("essai-extension.html").render(
            nav_items=[], demo={}, version="")
        assert '<a href="/extension">Extension</a>' in client.get("/").text
    finally:
        NAV_ITEMS.remove(("Extension", "/extension"))
        loader.loaders[:] = folders


def test_demo_loading_notice(client: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    from sudia.demo import setup

    assert "Chargement des documents de démonstration" not in client.get("/").text
    monkeypatch.setattr(setup, "_status", {"state": "running", "done": 3, "total": 20})
    assert "Chargement des documents de démonstration en cours (3 sur 20)" in client.get("/").text
