"""Finding 3: a new collection is private (administrators only) until someone decides who reads it;
`sudia ingest` and `POST /api/collections` take the rights at creation (CLI in a subprocess)."""

from __future__ import annotations

import json
from pathlib import Path

from cli.conftest import run_cli

from security.conftest import bearer


def _folder(tmp_path: Path) -> Path:
    folder = tmp_path / "paie"
    folder.mkdir()
    (folder / "grille.md").write_text("# Grille de paie\n\nLe salaire de l'agent ZORGLUB-77 est de 2 345 euros.\n",
                                      encoding="utf-8")
    return folder


def _collections(data: Path) -> dict[str, dict]:
    listed = run_cli(data, "collections", "list", "--json")
    assert listed.returncode == 0, listed.stderr
    return {c["name"]: c for c in json.loads(listed.stdout)}


def test_ingest_creates_private_collections_unless_told_otherwise(tmp_path: Path) -> None:
    data, folder = tmp_path / "data", _folder(tmp_path)
    result = run_cli(data, "ingest", str(folder), "-c", "paie")
    assert result.returncode == 0, result.stderr
    assert "Collection privée" in result.stderr
    run_cli(data, "ingest", str(folder), "-c", "rh", "--visibility", "restricted", "--group", "rh")
    run_cli(data, "ingest", str(folder), "-c", "public", "--visibility", "public")
    rows = _collections(data)
    assert rows["paie"]["visibility"] == "private"
    assert (rows["rh"]["visibility"], rows["rh"]["groups"]) == ("restricted", ["rh"])
    assert rows["public"]["visibility"] == "public"
    refused = run_cli(data, "ingest", str(folder), "-c", "paie", "--visibility", "public")
    assert refused.returncode == 1 and "sudia collections access" in refused.stderr  # rights change elsewhere
    bad = run_cli(data, "ingest", str(folder), "-c", "autre", "--visibility", "restricted")
    assert bad.returncode == 1 and "au moins un groupe" in bad.stderr and "autre" not in _collections(data)


def test_collections_can_be_created_with_their_rights_before_any_file(tmp_path: Path) -> None:
    data = tmp_path / "data"
    created = run_cli(data, "collections", "create", "allo-rh", "--visibility", "restricted", "-g", "rh")
    assert created.returncode == 0, created.stderr
    assert _collections(data)["allo-rh"]["groups"] == ["rh"]
    again = run_cli(data, "collections", "create", "allo-rh")
    assert again.returncode == 1 and "SUDIA-C006" in again.stderr


def test_a_private_collection_is_read_by_administrators_only(make_app, tmp_path: Path) -> None:
    client = make_app(allow_anonymous=True)
    platform = client.app.state.platform
    assert platform.ingestor.ingest_file("paie", _folder(tmp_path) / "grille.md").status == "added"
    question = {"question": "Quel est le salaire de l'agent ?", "collections": ["paie"]}
    for caller in (client, bearer(client, "agent@region.fr")):
        assert caller.post("/api/ask", json=question).status_code == 404
        assert "ZORGLUB" not in caller.post("/api/search", json={"query": "salaire agent"}).text
        assert "paie" not in caller.get("/api/collections").text
    admin = bearer(client, "admin@region.fr", ("ask", "search", "ingest", "admin"))
    assert "ZORGLUB-77" in admin.post("/api/ask", json=question).text


def test_api_creates_private_collections_by_default(make_app) -> None:
    client = make_app()
    admin = bearer(client, "admin@region.fr", ("ask", "search", "ingest", "admin"))
    created = admin.post("/api/collections", json={"name": "paie"})
    assert created.status_code == 201 and created.json()["visibility"] == "private"
    restricted = admin.post("/api/collections", json={"name": "allo-rh", "visibility": "restricted", "groups": ["rh"]})
    assert restricted.json()["visibility"] == "restricted"
    agent = bearer(client, "agent@region.fr")
    assert agent.get("/api/collections").json() == []


def test_deleting_a_collection_removes_the_originals_kept_on_disk(tmp_path: Path) -> None:
    """Low finding: `sudia collections delete` left uploaded originals under data/files."""
    from sudia.platform import Platform
    from sudia.settings import Settings
    from sudia.usecases.uploads import Uploads

    data = tmp_path / "data"
    platform = Platform.from_settings(Settings(data_dir=data, demo=False, embedder="none"))
    uploads = Uploads(platform.store, platform.ingestor, platform.settings)
    platform.store.ensure_collection("paie")
    sink = uploads.receive("paie", "grille.md")
    sink.write((_folder(tmp_path) / "grille.md").read_bytes())
    [job] = uploads.process([sink.close()])
    platform.close()
    kept = data / "files" / job.document_id
    assert kept.exists()
    result = run_cli(data, "collections", "delete", "paie", "--yes")
    assert result.returncode == 0, result.stderr
    assert not kept.exists()
