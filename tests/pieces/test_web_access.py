"""Access matrix of the pieces' entry points (pages, images, decisions, JSON API) on both engines:
only the procedure's instructors see a dossier; everyone else gets what a missing dossier gives."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

from pieces.world import MARKER, PASSWORD, USERS, world
from sudia.pieces.cli import desk_for
from sudia.web.app import create_app

pytestmark = pytest.mark.slow
CALLERS = ["anonyme", "agent", "admin", "autre-instructeur", "instructeur", "jeton instructeur", "jeton sans ingest"]
SEES = {"instructeur", "jeton instructeur", "jeton sans ingest"}


@pytest.fixture(scope="module", params=["sqlite", pytest.param("postgresql", marks=pytest.mark.integration)])
def matrix(request, tmp_path_factory):
    with world(request.param, tmp_path_factory.mktemp(request.param)) as w:
        desk = desk_for(w.platform)
        submitted = desk.submit(w.principals["instructeur"], "aide-permis", w.applicant, MARKER, [("rib.png", w.rib)])
        piece_id = desk.store.pieces(submitted.dossier_id)[0].id
        directory = w.platform.trust.directory
        tokens = {"jeton instructeur": directory.create_token("cli:test", USERS["instructeur"][0], ("search", "ingest"), 5).secret,
                  "jeton sans ingest": directory.create_token("cli:test", USERS["instructeur"][0], ("search",), 5).secret}
        app = create_app(w.settings)
        with TestClient(app) as client:
            yield w, client, submitted.dossier_id, piece_id, tokens


def headers_for(client: TestClient, w, caller: str, tokens: dict[str, str]) -> dict[str, str]:
    client.cookies.clear()
    if caller in tokens:
        return {"Authorization": f"Bearer {tokens[caller]}"}
    if caller in USERS:
        signed = client.app.state.platform.trust.auth.login(USERS[caller][0], PASSWORD)
        client.cookies.set("sudia_session", signed.cookie)
    return {}


@pytest.mark.parametrize("caller", CALLERS)
def test_reading_entry_points(matrix, caller: str) -> None:
    w, client, dossier_id, piece_id, tokens = matrix
    headers = headers_for(client, w, caller, tokens)
    sees = caller in SEES
    listing = client.get("/pieces/api/dossiers", headers=headers)
    assert listing.status_code == (200 if caller != "anonyme" else 401)
    assert (dossier_id in listing.text) == sees
    detail = client.get(f"/pieces/api/dossiers/{dossier_id}", headers=headers)
    assert detail.status_code == (200 if sees else 404 if caller != "anonyme" else 401)
    assert (MARKER in detail.text) is False  # the reference is not in the JSON detail either way
    assert ("iban" in detail.text) == sees
    page = client.get(f"/pieces/dossiers/{dossier_id}", headers=headers, follow_redirects=False)
    if sees:
        assert page.status_code == 200 and MARKER in page.text
    else:
        assert page.status_code in (303, 404) and MARKER not in page.text
    image = client.get(f"/pieces/fichiers/{piece_id}/page-1.png", headers=headers, follow_redirects=False)
    assert (image.status_code == 200 and image.headers["content-type"] == "image/png") == sees
    home = client.get("/pieces", headers=headers, follow_redirects=False)
    assert (MARKER in home.text) == sees


@pytest.mark.parametrize("caller", CALLERS)
def test_changing_entry_points(matrix, caller: str) -> None:
    w, client, dossier_id, _, tokens = matrix
    headers = headers_for(client, w, caller, tokens)
    csrf = {}
    if caller in USERS:
        found = re.search(r'name="csrf" value="([^"]+)"', client.get("/compte").text)
        csrf = {"X-CSRF-Token": found.group(1)} if found else {}
    decided = client.post(f"/pieces/api/dossiers/{dossier_id}/decision", json={"decision": "acceptee", "comment": ""},
                          headers=headers | csrf)
    assert decided.status_code == (200 if caller in SEES else 401 if caller == "anonyme" else 404), decided.text
    upload = client.post("/pieces/api/dossiers", data={"procedure": "aide-permis", "applicant": "{}"},
                         files=[("files", ("rib.png", w.rib, "image/png"))], headers=headers | csrf)
    expected = {"instructeur": 201, "jeton instructeur": 201, "jeton sans ingest": 403, "anonyme": 401}
    assert upload.status_code == expected.get(caller, 403), upload.text
