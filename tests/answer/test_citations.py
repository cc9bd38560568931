"""Citation markers are checked in code: invalid ones are removed, even while streaming, and quotes are exact."""

from __future__ import annotations

import pytest

from sudia.answer.citations import MarkerFilter, best_quote, passage_sentences, verify_markers
from sudia.answer.generative import cite
from sudia.types import Chunk, Hit


@pytest.mark.parametrize(("text", "passages", "cleaned", "used"), [
    ("Le tarif est de 90 euros [1].", 3, "Le tarif est de 90 euros [1].", [1]),
    ("Gratuit [2] et payant [1].", 2, "Gratuit [2] et payant [1].", [2, 1]),
    ("Inventé [7].", 3, "Inventé.", []),
    ("Zéro [0] n'existe pas.", 3, "Zéro n'existe pas.", []),
    ("Plusieurs [1, 3] et [2;9].", 3, "Plusieurs [1][3] et [2].", [1, 3, 2]),
    ("Répété [1] puis [1].", 2, "Répété [1] puis [1].", [1]),
    ("Espaces [ 2 ] tolérés.", 2, "Espaces [2] tolérés.", [2]),
    ("Sans marqueur.", 2, "Sans marqueur.", []),
    ("Une note [voir annexe] reste.", 2, "Une note [voir annexe] reste.", []),
    ("Attention : le tarif [1] ? Oui [5] !", 2, "Attention : le tarif [1] ? Oui !", [1]),  # French spacing stays
])
def test_verify_markers(text, passages, cleaned, used):
    assert verify_markers(text, passages) == (cleaned, used)


def stream(deltas: list[str], passages: int = 3) -> str:
    markers = MarkerFilter(passages)
    out = [piece for delta in deltas for piece in markers.feed(delta)]
    return "".join(out) + markers.flush()


@pytest.mark.parametrize(("deltas", "expected"), [
    (["Le tarif est de 90 euros ", "[", "1", "]", "."], "Le tarif est de 90 euros [1]."),
    (["Inventé ", "[", "9", "]", "."], "Inventé ."),  # a space already sent cannot be taken back
    (["Deux sources [1", ",", " 2", "] ici."], "Deux sources [1][2] ici."),
    (list("Caractère par caractère [2] et [8] fin."), "Caractère par caractère [2] et  fin."),
    (["Une note [voir", " annexe] reste."], "Une note [voir annexe] reste."),
    (["Fin ouverte ["], "Fin ouverte ["),
    (["Crochet [", "1" * 30, "] long"], "Crochet [" + "1" * 30 + "] long"),
    # The removed-order mark, copied by the model from its prompt (recorded from Qwen2.5-Coder-1.5B).
    (["Jean-Pierre Martin [con", "signe retirée du ", "document]"], "Jean-Pierre Martin "),
    (["Un [consigne] reste."], "Un [consigne] reste."),
])
def test_marker_filter_streams_across_split_deltas(deltas, expected):
    assert stream(deltas) == expected


def test_marker_filter_never_holds_back_plain_text():
    markers = MarkerFilter(3)
    assert "".join(markers.feed("Le transport scolaire ")) == "Le transport scolaire "
    assert "".join(markers.feed("est gratuit [")) == "est gratuit "  # only the open marker waits
    assert "".join(markers.feed("2] pour tous.")) == "[2] pour tous."
    assert markers.flush() == ""


def test_streamed_and_whole_text_agree_on_kept_markers():
    text = "Le tarif [1] est fixé [4] par la Région [2][3]."
    chunks = [text[i:i + 3] for i in range(0, len(text), 3)]
    streamed = stream(chunks, passages=2)
    whole, used = verify_markers(text, 2)
    assert streamed.replace(" ", "") == whole.replace(" ", "")
    assert used == [1, 2]


def test_passage_sentences_are_exact_substrings():
    passage = ("Tarifs\nCatégorie | Prix\nRepas élève | 3,20 euros\n"
               "Le tarif  unique\ts'applique partout. Les familles modestes paient 1 euro.")
    found = passage_sentences(passage)
    assert found == ["Tarifs", "Catégorie | Prix", "Repas élève | 3,20 euros", "Le tarif  unique\ts'applique partout.",
                     "Les familles modestes paient 1 euro."]
    assert all(s in passage for s in found)


def test_best_quote_is_the_sentence_sharing_most_words():
    passage = "Le Pass est gratuit. Il donne 100 euros par an pour la culture. Il se commande en ligne."
    assert best_quote(passage, "Le Pass donne un crédit de 100 euros pour la culture [1].") == \
        "Il donne 100 euros par an pour la culture."
    assert best_quote("Texte sans ponctuation", "autre chose") == "Texte sans ponctuation"


def hit(number: int, text: str) -> Hit:
    chunk = Chunk(f"d-{number}", "d", "c", number, text, page=number, section="S", document_title="Guide",
                  document_source="guide.pdf")
    return Hit(chunk, 1.0 / number, dense_score=0.9)


def test_cite_turns_valid_markers_into_citations_with_exact_quotes():
    hits = [hit(1, "Le transport est gratuit pour les internes. La carte coûte 10 euros."),
            hit(2, "La demande se fait avant le 15 juillet.\nElle se fait en ligne.")]
    text, citations = cite("La carte coûte 10 euros [1]. Il faut demander avant le 15 juillet [2][5].", hits)
    assert text == "La carte coûte 10 euros [1]. Il faut demander avant le 15 juillet [2]."
    assert [(c.number, c.chunk_id, c.page) for c in citations] == [(1, "d-1", 1), (2, "d-2", 2)]
    assert citations[0].quote == "La carte coûte 10 euros."
    assert citations[1].quote == "La demande se fait avant le 15 juillet."
    assert all(c.quote in h.chunk.text for c, h in zip(citations, hits))
