"""The ingestor on real files: bad files are reported and skipped, unchanged files are not redone."""

from __future__ import annotations

from pathlib import Path

import pytest

from sudia.ingest.pipeline import SourceFile, discover
from sudia.platform import Platform
from sudia.settings import Settings

SAMPLES = Path(__file__).parents[1] / "samples" / "ingest"
BAD = {
    "corrompu.pdf": ("SUDIA-I005", "PDF illisible ou corrompu"),
    "vide.txt": ("SUDIA-I002", "Fichier vide"),
    "binaire.docx": ("SUDIA-I006", "archive ZIP invalide"),
    "bombe.docx": ("SUDIA-I006", "bombe ZIP"),
}
GOOD = ["faq-ter.md", "guide-transport.pdf", "notice-latin1.txt", "page-bourses.html", "reglement-cantine.docx"]


@pytest.fixture(scope="module")
def batch(tmp_path_factory: pytest.TempPathFactory):
    """Every sample but the scan (OCR is tested on its own) ingested in one batch."""
    data = tmp_path_factory.mktemp("batch")
    platform = Platform.from_settings(Settings(data_dir=data, demo=False, llm_base_url=""))
    files = [f for f in discover([SAMPLES]) if f.source != "scan-aide-permis.pdf"]
    assert sorted(f.source for f in files) == sorted([*BAD, *GOOD])
    report = platform.ingestor.ingest("samples", files)
    yield platform, {r.source: r for r in report.results}
    platform.close()


def test_bad_files_are_reported_with_a_code_and_a_french_message(batch):
    _, results = batch
    for name, (code, words) in BAD.items():
        result = results[name]
        assert (result.status, result.error_code) == ("error", code), name
        assert words in result.message and name in result.message
        assert result.chunks == 0 and not result.document_id


def test_the_batch_goes_on_after_bad_files(batch):
    platform, results = batch
    assert {name: results[name].status for name in GOOD} == dict.fromkeys(GOOD, "added")
    documents = platform.store.list_documents("samples")
    assert sorted(d.source for d in documents) == sorted(GOOD)
    assert all(d.chunks > 0 for d in documents)
    assert platform.store.count_chunks(["samples"]) == sum(d.chunks for d in documents)
    pdf = platform.store.find_document("samples", "guide-transport.pdf")
    assert pdf.pages == 3 and results["guide-transport.pdf"].pages == 3


@pytest.mark.parametrize(("query", "source"), [
    ("bourse versée en deux fois", "page-bourses.html"),
    ("Zou Études", "faq-ter.md"),
    ("élèves cantine aide", "notice-latin1.txt"),
    ("prix du repas 2,80 euros", "reglement-cantine.docx"),
    ("carte scolaire 15 juillet", "guide-transport.pdf"),
])
def test_ingested_text_is_searchable(batch, query, source):
    platform, _ = batch
    hits = platform.retriever.search(query, ["samples"], k=3)
    assert hits[0].chunk.document_source == source


@pytest.mark.parametrize(("noise", "word"), [
    ("Mentions légales", "Mentions légales"), ("Menu des aides", "menu"), ("Nous contacter", "contacter"),
    ("script-ne-doit-pas-etre-indexe", "script"), ("autre-script-non-indexe", "indexe"), ("auteur:", "auteur"),
])
def test_page_furniture_scripts_and_front_matter_are_not_indexed(batch, noise, word):
    platform, _ = batch
    for document in platform.store.list_documents("samples"):
        for chunk in platform.store.document_chunks(document.id):
            assert noise not in chunk.context_text()
    assert platform.store.lexical_search(["samples"], word, 5) == []


def test_an_oversized_file_is_refused(settings: Settings, tmp_path: Path):
    small = settings.model_copy(update={"max_file_mb": 1})
    platform = Platform.from_settings(small)
    try:
        big = tmp_path / "gros.txt"
        big.write_text("Une ligne de texte sur les aides régionales.\n" * 46_000, encoding="utf-8")
        assert big.stat().st_size > 2_000_000
        result = platform.ingestor.ingest_file("aides", big)
        assert (result.status, result.error_code) == ("error", "SUDIA-I003")
        assert "trop volumineux" in result.message and "maximum 1 Mo" in result.message
        assert platform.store.find_document("aides", "gros.txt") is None
    finally:
        platform.close()


def test_a_missing_file_is_reported(platform: Platform, tmp_path: Path):
    result = platform.ingestor.ingest_file("aides", tmp_path / "absent.pdf")
    assert (result.status, result.error_code) == ("error", "SUDIA-I001")
    assert "introuvable" in result.message


def write_fiche(path: Path, sections: list[str]) -> None:
    body = "\n\n".join(f"## {name}\n\nCe paragraphe décrit {name.lower()} de l'aide régionale." for name in sections)
    path.write_text(f"# Fiche aide\n\n{body}\n", encoding="utf-8")


def test_reingesting_an_unchanged_file_does_nothing(platform: Platform, tmp_path: Path):
    fiche = tmp_path / "fiche.md"
    write_fiche(fiche, ["Conditions", "Montant", "Démarches"])
    first = platform.ingestor.ingest_file("aides", fiche)
    assert first.status == "added" and first.chunks == 3
    revision = platform.store.revision("aides")
    chunks = platform.store.document_chunks(first.document_id)
    again = platform.ingestor.ingest_file("aides", fiche)
    assert (again.status, again.document_id, again.chunks) == ("unchanged", first.document_id, 3)
    assert platform.store.revision("aides") == revision
    assert platform.store.document_chunks(first.document_id) == chunks
    assert platform.store.count_chunks(["aides"]) == 3


def test_force_reindexes_an_unchanged_file_in_place(platform: Platform, tmp_path: Path):
    fiche = tmp_path / "fiche.md"
    write_fiche(fiche, ["Conditions", "Montant", "Démarches"])
    first = platform.ingestor.ingest_file("aides", fiche)
    revision = platform.store.revision("aides")
    [again] = platform.ingestor.ingest("aides", [SourceFile(fiche, "fiche.md")], force=True).results
    assert (again.status, again.document_id, again.chunks) == ("updated", first.document_id, 3)
    assert platform.store.revision("aides") != revision
    assert platform.store.count_chunks(["aides"]) == 3


def test_an_unchanged_file_indexed_with_other_settings_is_indexed_again(platform: Platform, tmp_path: Path):
    # A deployment that changes SUDIA_EMBED_MODE (or the model, or the passage size) must not keep
    # vectors the search no longer expects: the next ingest of the same files redoes them.
    fiche = tmp_path / "fiche.md"
    write_fiche(fiche, ["Conditions", "Montant", "Démarches"])
    first = platform.ingestor.ingest_file("aides", fiche)
    assert platform.store.get_document(first.document_id).indexed_with == platform.ingestor.index_profile
    assert platform.stale_index() == {}

    head = Platform(platform.settings.model_copy(update={"embed_mode": "head"}), platform.store)
    assert head.ingestor.index_profile != platform.ingestor.index_profile
    assert head.stale_index() == {"aides": 1}
    again = head.ingestor.ingest_file("aides", fiche)
    assert (again.status, again.document_id, again.chunks) == ("updated", first.document_id, 3)
    assert head.stale_index() == {} and platform.stale_index() == {"aides": 1}
    assert head.ingestor.ingest_file("aides", fiche).status == "unchanged"


def test_a_changed_file_replaces_its_old_chunks(platform: Platform, tmp_path: Path):
    fiche = tmp_path / "fiche.md"
    write_fiche(fiche, ["Conditions", "Montant", "Démarches"])
    first = platform.ingestor.ingest_file("aides", fiche)
    other = tmp_path / "autre.md"
    write_fiche(other, ["Contact"])
    platform.ingestor.ingest_file("aides", other)
    write_fiche(fiche, ["Bénéficiaires"])
    updated = platform.ingestor.ingest_file("aides", fiche)
    assert (updated.status, updated.document_id, updated.chunks) == ("updated", first.document_id, 1)
    document = platform.store.get_document(first.document_id)
    assert document.chunks == 1
    assert [c.section for c in platform.store.document_chunks(first.document_id)] == ["Fiche aide > Bénéficiaires"]
    assert platform.store.count_chunks(["aides"]) == 2
    assert platform.store.lexical_search(["aides"], "démarches", 5) == []
    assert len(platform.store.vectors("aides")[0]) == 2


def test_the_same_source_in_two_collections_is_two_documents(platform: Platform, tmp_path: Path):
    fiche = tmp_path / "fiche.md"
    write_fiche(fiche, ["Conditions"])
    a = platform.ingestor.ingest_file("a", fiche)
    b = platform.ingestor.ingest_file("b", fiche)
    assert a.status == b.status == "added" and a.document_id != b.document_id


def test_discover_walks_folders_in_order_and_skips_hidden_and_unsupported(tmp_path: Path):
    (tmp_path / "sous" / ".cache").mkdir(parents=True)
    for name in ["b.md", "a.pdf", "sous/c.html", "sous/.cache/d.md", ".cache.md", "image.png", "notes.txt"]:
        (tmp_path / name).write_text("x", encoding="utf-8")
    found = discover([tmp_path])
    assert [f.source for f in found] == ["a.pdf", "b.md", "notes.txt", "sous/c.html"]
    single = discover([tmp_path / "b.md"])
    assert single == [SourceFile(tmp_path / "b.md", "b.md")]
