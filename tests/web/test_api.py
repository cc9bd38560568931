"""The JSON API on a real server: collections, uploads with per-file jobs, documents, search, answers."""

from __future__ import annotations

import time
from pathlib import Path

import httpx
import pytest
from web.conftest import admin_token

from sudia.platform import Platform
from sudia.settings import Settings

INGEST_SAMPLES = Path(__file__).parents[1] / "samples" / "ingest"
JOB_TIMEOUT_S = 300  # a guard against a hung worker, not a speed check
CORPUS = ["faq-ter.md", "page-bourses.html", "guide-transport.pdf"]
BROKEN = ["corrompu.pdf", "vide.txt"]


@pytest.fixture(scope="module")
def server(start_server, tmp_path_factory):
    data = tmp_path_factory.mktemp("api") / "data"
    settings = Settings(data_dir=data, demo=False, llm_base_url="", llm_model="", max_file_mb=1,
                        default_collection="aides")
    return start_server(settings)


@pytest.fixture(scope="module")
def client(server):
    """An administrator's API token: creating collections, uploading and deleting need the rights."""
    headers = {"Authorization": f"Bearer {admin_token(server.settings)}"}
    with httpx.Client(base_url=server.url, timeout=120, headers=headers) as c:
        yield c


def wait_for_jobs(client: httpx.Client, collection: str, job_ids: list[str]) -> dict[str, dict]:
    """Poll the jobs of a collection until the given ones are finished; returns them by id."""
    deadline = time.monotonic() + JOB_TIMEOUT_S
    while True:
        rows = client.get(f"/api/collections/{collection}/jobs").json()
        jobs = {j["id"]: j for j in rows if j["id"] in job_ids}
        if len(jobs) == len(job_ids) and all(j["status"] in ("done", "skipped", "error") for j in jobs.values()):
            return jobs
        assert time.monotonic() < deadline, f"jobs still running: {jobs}"
        time.sleep(0.2)


def upload(client: httpx.Client, collection: str, files: list[tuple[str, bytes]]) -> list[dict]:
    response = client.post(f"/api/collections/{collection}/documents",
                           files=[("files", (name, data)) for name, data in files])
    assert response.status_code == 202, response.text
    return response.json()["jobs"]


def upload_and_wait(client: httpx.Client, collection: str, files: list[tuple[str, bytes]]) -> dict[str, dict]:
    jobs = upload(client, collection, files)
    finished = wait_for_jobs(client, collection, [j["id"] for j in jobs])
    return {j["filename"]: finished[j["id"]] for j in jobs}


@pytest.fixture(scope="module")
def corpus(client) -> dict[str, dict]:
    """Collection `aides`: three good files and two broken ones uploaded in one batch."""
    assert client.post("/api/collections", json={"name": "aides", "description": "Aides"}).status_code == 201
    return upload_and_wait(client, "aides", [(n, (INGEST_SAMPLES / n).read_bytes()) for n in CORPUS + BROKEN])


def documents(client: httpx.Client, collection: str) -> dict[str, dict]:
    return {d["source"]: d for d in client.get(f"/api/collections/{collection}/documents").json()}


def test_collections_can_be_created_listed_and_deleted(client):
    created = client.post("/api/collections", json={"name": "essai", "description": "Pour voir"})
    assert created.status_code == 201
    assert created.json() == {"name": "essai", "description": "Pour voir", "visibility": "private",
                              "documents": 0, "chunks": 0, "warnings": []}
    assert "essai" in [c["name"] for c in client.get("/api/collections").json()]

    again = client.post("/api/collections", json={"name": "essai"})
    assert again.status_code == 409 and "existe déjà" in again.json()["error"]["message"]
    invalid = client.post("/api/collections", json={"name": "pas de nom/valide"})
    assert invalid.status_code == 400
    assert invalid.json()["error"]["code"] == "SUDIA-C002"
    assert "Nom de collection invalide" in invalid.json()["error"]["message"]

    assert client.delete("/api/collections/essai").status_code == 204
    gone = client.delete("/api/collections/essai")
    assert gone.status_code == 404 and gone.json()["error"]["code"] == "SUDIA-C001"
    assert client.get("/api/collections/essai/documents").status_code == 404


def test_upload_batch_reports_each_file_and_goes_on_after_errors(client, corpus):
    assert [corpus[n]["status"] for n in CORPUS] == ["done"] * 3
    assert all(corpus[n]["message"].startswith("Ajouté") for n in CORPUS)
    assert corpus["corrompu.pdf"]["status"] == "error"
    assert "PDF illisible ou corrompu" in corpus["corrompu.pdf"]["message"]
    assert corpus["vide.txt"]["status"] == "error"
    assert "Fichier vide" in corpus["vide.txt"]["message"]
    assert sorted(documents(client, "aides")) == sorted(CORPUS)
    listed = [c for c in client.get("/api/collections").json() if c["name"] == "aides"][0]
    assert listed["documents"] == 3 and listed["chunks"] > 3


def test_uploading_the_same_file_again_is_skipped(client, corpus):
    jobs = upload_and_wait(client, "aides", [("faq-ter.md", (INGEST_SAMPLES / "faq-ter.md").read_bytes())])
    assert jobs["faq-ter.md"]["status"] == "skipped"
    assert "Inchangé" in jobs["faq-ter.md"]["message"]
    recent = client.get("/api/collections/aides/jobs").json()
    assert recent[0]["id"] == jobs["faq-ter.md"]["id"]  # most recent first


def test_an_oversized_file_is_refused_while_it_streams(client, server, corpus):
    big = (b"Une ligne de texte sur les aides de la Region.\n" * 70_000)[: 3 * 1048576]  # limit: 1 MB
    jobs = upload(client, "aides", [("gros.txt", big), ("petit.txt", b"Le guichet ouvre le lundi a 9 heures.")])
    refused = jobs[0]
    assert refused["status"] == "error"
    assert "Fichier trop volumineux : gros.txt (3.0 Mo, maximum 1 Mo)" in refused["message"]
    finished = wait_for_jobs(client, "aides", [j["id"] for j in jobs])
    assert finished[jobs[1]["id"]]["status"] == "done"  # the batch went on
    assert "gros.txt" not in documents(client, "aides")
    kept = [p.name for p in server.settings.data_dir.rglob("*") if p.is_file()]
    assert not [name for name in kept if name.endswith("gros.txt")]


def test_file_names_cannot_escape_the_data_folder(client, server, corpus, tmp_path):
    text = "Les horaires d'ouverture de la médiathèque régionale sont de 9 heures à 18 heures.".encode()
    jobs = upload_and_wait(client, "aides", [("../../etc/passwd.txt", text), (".env", b"SECRET=1")])
    assert jobs["passwd.txt"]["status"] == "done"
    hidden = jobs[".env"]
    assert hidden["status"] == "error" and "Nom de fichier refusé" in hidden["message"]
    data = server.settings.data_dir.resolve()
    assert not (data.parent.parent / "etc" / "passwd.txt").exists()
    document = documents(client, "aides")["passwd.txt"]
    assert (data / "files" / document["id"]).read_bytes() == text
    assert all(p.resolve().is_relative_to(data) for p in data.rglob("*"))


def test_search_returns_hits_with_their_place(client, corpus):
    response = client.post("/api/search", json={"query": "prix de l'abonnement Zou Études",
                                                "collections": ["aides"], "k": 3})
    assert response.status_code == 200
    hits = response.json()["hits"]
    assert 1 <= len(hits) <= 3
    assert set(hits[0]) >= {"chunk_id", "document_id", "document", "source", "collection", "page", "section",
                            "score", "text"}
    assert hits[0]["source"] == "faq-ter.md"
    unknown = client.post("/api/search", json={"query": "x", "collections": ["nulle-part"]})
    assert unknown.status_code == 404 and "Collection inconnue : nulle-part" in unknown.json()["error"]["message"]


def test_ask_answers_with_citations_to_real_passages(client, corpus):
    response = client.post("/api/ask", json={"question": "Combien coûte l'abonnement Zou Études par mois ?",
                                             "collections": ["aides"]})
    assert response.status_code == 200
    answer = response.json()
    assert answer["mode"] == "extractive"
    assert "15 euros" in answer["answer"]
    assert set(answer["usage"]) >= {"energy_wh", "carbon_gco2e", "latency_ms", "prompt_tokens",
                                    "completion_tokens"}
    assert answer["citations"]
    for citation in answer["citations"]:
        assert set(citation) >= {"number", "document", "document_id", "source", "page", "section", "quote",
                                 "chunk_id", "collection"}
        detail = client.get(f"/api/documents/{citation['document_id']}").json()
        chunk = [c for c in detail["chunks"] if c["id"] == citation["chunk_id"]][0]
        assert " ".join(citation["quote"].split()) in " ".join(chunk["text"].split())  # quotes join lines


def test_ask_abstains_when_the_documents_do_not_answer(client, corpus):
    answer = client.post("/api/ask", json={"question": "Quelle est la recette de la bouillabaisse ?",
                                           "collections": ["aides"]}).json()
    assert answer["mode"] == "abstention"
    assert answer["citations"] == []
    assert "ne permettent pas de répondre" in answer["answer"]


def test_ask_uses_the_default_collection_and_checks_the_question(client, corpus):
    answer = client.post("/api/ask", json={"question": "Quand la bourse régionale est-elle versée ?"}).json()
    assert answer["collections"] == ["aides"]
    empty = client.post("/api/ask", json={"question": "  "})
    assert empty.status_code == 400 and empty.json()["error"]["code"] == "SUDIA-R001"
    missing = client.post("/api/ask", json={})
    assert missing.status_code == 400 and missing.json()["error"]["code"] == "SUDIA-R002"
    assert "Requête invalide" in missing.json()["error"]["message"]


def test_document_detail_and_original_file(client, corpus):
    docs = documents(client, "aides")
    pdf = docs["guide-transport.pdf"]
    detail = client.get(f"/api/documents/{pdf['id']}").json()
    assert detail["source"] == "guide-transport.pdf" and detail["pages"] == 3
    assert [c["position"] for c in detail["chunks"]] == list(range(len(detail["chunks"])))
    assert {c["page"] for c in detail["chunks"]} >= {1, 2, 3}

    response = client.get(f"/api/documents/{pdf['id']}/file")
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/pdf"
    assert response.headers["content-disposition"].startswith("inline")
    assert response.content == (INGEST_SAMPLES / "guide-transport.pdf").read_bytes()

    markdown = client.get(f"/api/documents/{docs['faq-ter.md']['id']}/file")
    assert markdown.headers["content-type"] == "text/plain; charset=utf-8"
    assert "Zou Études" in markdown.text
    page = client.get(f"/api/documents/{docs['page-bourses.html']['id']}/file")
    assert page.headers["content-type"].startswith("text/html")
    assert page.headers["content-security-policy"].startswith("sandbox")  # uploaded scripts never run on our origin

    unknown = client.get("/api/documents/0000000000000000")
    assert unknown.status_code == 404 and unknown.json()["error"]["code"] == "SUDIA-C003"


def test_a_file_ingested_from_the_command_line_is_not_served(client, server, tmp_path):
    source = tmp_path / "note.md"
    source.write_text("# Note\n\nLe service des cartes scolaires répond du lundi au vendredi.\n", encoding="utf-8")
    platform = Platform.from_settings(server.settings)
    try:
        platform.store.ensure_collection("ligne-de-commande")
        result = platform.ingestor.ingest_file("ligne-de-commande", source)
    finally:
        platform.close()
    response = client.get(f"/api/documents/{result.document_id}/file")
    assert response.status_code == 404
    assert "Fichier d'origine non conservé" in response.json()["error"]["message"]


def test_demo_documents_are_served_from_the_package(client, server):
    from sudia.demo.setup import DEMO_COLLECTION, DEMO_DIR

    platform = Platform.from_settings(server.settings)
    try:
        platform.store.ensure_collection(DEMO_COLLECTION)
        result = platform.ingestor.ingest_file(DEMO_COLLECTION, DEMO_DIR / "allo-region-horaires-canaux.md")
    finally:
        platform.close()
    response = client.get(f"/api/documents/{result.document_id}/file")
    assert response.status_code == 200
    assert response.text == (DEMO_DIR / "allo-region-horaires-canaux.md").read_text(encoding="utf-8")
    assert not (server.settings.data_dir / "files" / result.document_id).exists()  # nothing copied


def test_deleting_a_document_removes_it_everywhere(client, server):
    assert client.post("/api/collections", json={"name": "a-supprimer"}).status_code == 201
    text = "La carte Zou Solidaire donne droit à des trajets gratuits pour les demandeurs d'emploi.".encode()
    jobs = upload_and_wait(client, "a-supprimer", [("zou-solidaire.txt", text)])
    document_id = jobs["zou-solidaire.txt"]["document_id"]
    assert (server.settings.data_dir / "files" / document_id).exists()

    assert client.delete(f"/api/documents/{document_id}").status_code == 204
    assert client.get(f"/api/documents/{document_id}").status_code == 404
    assert not (server.settings.data_dir / "files" / document_id).exists()
    hits = client.post("/api/search", json={"query": "Zou Solidaire", "collections": ["a-supprimer"]}).json()
    assert hits["hits"] == []


def test_status_and_usage(client, corpus):
    status = client.get("/api/status").json()
    assert status["embedder"] == "multilingual-e5-small-q4"
    assert status["llm"] == {"configured": False, "model": ""}
    assert set(status) >= {"version", "demo"}
    client.post("/api/ask", json={"question": "Combien coûte l'abonnement annuel Zou Études ?"})
    usage = client.get("/api/usage").json()
    assert usage["requests"][0]["kind"] == "ask" and usage["requests"][0]["collections"] == ["aides"]
    assert usage["totals"]["requests"] == len(usage["requests"])
    assert usage["totals"]["energy_wh"] > 0


def test_openapi_and_docs_work_offline(client):
    spec = client.get("/openapi.json").json()
    assert "/api/collections/{name}/documents" in spec["paths"]
    assert "/v1/chat/completions" in spec["paths"]
    page = client.get("/docs").text
    assert "/docs-assets/swagger-ui-bundle.js" in page and "cdn." not in page
    asset = client.get("/docs-assets/swagger-ui-bundle.js")
    assert asset.status_code == 200 and "SwaggerUIBundle" in asset.text
    assert "cdn." not in client.get("/redoc").text


def test_upload_needs_a_multipart_body(client, corpus):
    response = client.post("/api/collections/aides/documents", content=b"bonjour")
    assert response.status_code == 400
    assert "multipart/form-data" in response.json()["error"]["message"]
    assert client.post("/api/collections/inconnue/documents", files=[("files", ("a.txt", b"a"))]).status_code == 404
