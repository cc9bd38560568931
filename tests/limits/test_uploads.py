"""Uploads through the real HTTP API: size limit, hostile file names, ZIP and XML bombs.

Each bad file is refused alone, with a French message and its code, and the server goes on.
"""

from __future__ import annotations

import io
import os
import uuid
import zipfile
from pathlib import Path

from .conftest import COLLECTION, Instance, multipart

INGEST_SAMPLES = Path(__file__).parents[1] / "samples" / "ingest"


def files_under(root: Path) -> set[Path]:
    return {Path(d) / f for d, _, names in os.walk(root) for f in names}


def markdown(n: int) -> bytes:
    return f"# Note {n}\n\nParagraphe de la note de service numéro {n}, assez long pour faire un passage.\n".encode()


def test_a_file_over_the_size_limit_is_refused_in_french(instance: Instance):
    jobs = instance.upload([(b"trop-gros.txt", b"Texte de remplissage. " * 80_000),  # 1.7 MB, limit 1 MB
                            (b"petit.md", markdown(0))])
    big, small = sorted(jobs, key=lambda j: j["filename"] != "trop-gros.txt")
    assert big["status"] == "error"
    assert big["message"].startswith("Fichier trop volumineux : trop-gros.txt (1.7 Mo, maximum 1 Mo)")
    assert big["message"].endswith("[SUDIA-I003]")
    assert small["status"] == "done"  # the other file of the same upload goes through
    assert not [p for p in files_under(instance.data_dir) if "trop-gros" in p.name]  # never kept on disk
    instance.healthy()


def test_file_names_cannot_escape_the_upload_folder(instance: Instance):
    outside = instance.root / f"evasion-{uuid.uuid4().hex}.md"  # an absolute path next to the data folder
    names = [b"../../evasion.md", b"../../../../../../tmp/evasion-tmp.md", str(outside).encode(),
             b"/etc/sudia-evasion.md", b"..\\..\\windows.md", b"C:\\Windows\\system32\\evasion.md",
             b"nul\x00octet.md", b"a" * 300 + b".md", b"b" * 900 + b".md", "écolo-漢字-😀.md".encode(),
             "facture\u202edm.md".encode(), b"dossier/sous/fichier.md", b"%2e%2e%2fencode.md", b"..", b".cache.md",
             b"   ", b"CON.md", b"\xff\xfe-latin1-\xe9.md"]
    before = files_under(instance.root)
    jobs = instance.upload([(name, markdown(i)) for i, name in enumerate(names)])
    assert len(jobs) == len(names)

    created = files_under(instance.root) - before
    allowed = [(instance.data_dir / folder).resolve() for folder in ("uploads", "files")]
    strays = [p for p in created if not any(p.resolve().is_relative_to(a) for a in allowed)
              and not (p.parent == instance.data_dir and p.name.startswith("sudia.db"))]  # the database
    assert strays == []
    assert not outside.exists() and not Path("/etc/sudia-evasion.md").exists()
    assert not Path("/tmp/evasion-tmp.md").exists()

    for job in jobs:
        name = job["filename"]
        assert "/" not in name and "\\" not in name and "\x00" not in name
        assert len(name.encode()) <= 200
        if job["status"] == "error":  # refused names say so, in French, with their code
            assert job["message"].startswith(("Nom de fichier refusé", "Format non pris en charge")), job
    refused = {j["filename"] for j in jobs if j["status"] == "error"}
    assert any(j["filename"].startswith("aaaa") and j["status"] == "done" for j in jobs)  # long names are cut
    assert {"..", ".cache.md", "   "} <= refused
    documents = instance.client.get(f"/api/collections/{COLLECTION}/documents").json()
    for document in documents:
        assert "/" not in document["source"] and "\\" not in document["source"] and ".." not in document["source"]
    instance.healthy()


def test_a_name_longer_than_a_header_may_be_is_refused_with_the_whole_request(instance: Instance):
    body, headers = multipart([(b"c" * 20_000 + b".md", markdown(1))])
    response = instance.client.post(f"/api/collections/{COLLECTION}/documents", content=body, headers=headers)
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "SUDIA-R002"
    assert response.json()["error"]["message"].startswith("Requête invalide : corps multipart illisible")
    instance.healthy()


def _docx_with(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def test_docx_and_zip_bombs_are_refused_and_the_server_goes_on(instance: Instance):
    laughs = ('<?xml version="1.0"?><!DOCTYPE lol [<!ENTITY a "rirerirerirerirerire">'
              + "".join(f'<!ENTITY {c} "{("&" + p + ";") * 10}">' for p, c in zip("abcdefgh", "bcdefghi"))
              + ']><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>'
              '<w:p><w:r><w:t>&i;</w:t></w:r></w:p></w:body></w:document>').encode()
    many = _docx_with({str(i): b"" for i in range(11_000)})  # 0.9 MB: under the size limit
    base = zipfile.ZipFile(INGEST_SAMPLES / "reglement-cantine.docx")
    billion = _docx_with({n: (laughs if n == "word/document.xml" else base.read(n)) for n in base.namelist()})
    deep = _docx_with({n: (b"<a>" * 100_000 + b"</a>" * 100_000 if n == "word/document.xml" else base.read(n))
                       for n in base.namelist()})
    jobs = instance.upload([(b"bombe.docx", (INGEST_SAMPLES / "bombe.docx").read_bytes()),
                            (b"onze-mille-parties.docx", many), (b"milliard-de-rires.docx", billion),
                            (b"imbrication.docx", deep),
                            (b"binaire.docx", (INGEST_SAMPLES / "binaire.docx").read_bytes())])
    by_name = {j["filename"]: j for j in jobs}
    assert "bombe ZIP" in by_name["bombe.docx"]["message"] and by_name["bombe.docx"]["status"] == "error"
    assert "archive de 11000 fichiers, au plus 10000 (bombe ZIP)" in by_name["onze-mille-parties.docx"]["message"]
    assert "archive ZIP invalide" in by_name["binaire.docx"]["message"]
    for job in jobs:  # refused, or read without expanding the entities: never a crash of the process
        assert job["status"] == "error" or job["status"] == "done", job
        if job["status"] == "error":
            assert job["message"].endswith(("[SUDIA-I006]", "[SUDIA-I009]", "[SUDIA-I008]")), job
    text = "".join(c["text"] for d in instance.client.get(f"/api/collections/{COLLECTION}/documents").json()
                   for c in instance.client.get(f"/api/documents/{d['id']}").json()["chunks"])
    assert "rirerirerire" * 100 not in text  # entities were never expanded
    instance.healthy()
