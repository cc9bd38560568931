"""The French analyzer shared by indexing and queries: folding, elisions, stopwords, stems, sentences."""

from __future__ import annotations

import pytest

from sudia.text.french import STOPWORDS, analyze, fold, sentences, words


@pytest.mark.parametrize(("text", "folded"), [
    ("Électricité", "electricite"),
    ("ÉLÈVES", "eleves"),
    ("Œuvre sociale", "oeuvre sociale"),
    ("cæcum", "caecum"),
    ("Ça, Noël, où, naïf", "ca, noel, ou, naif"),
])
def test_fold_lowercases_and_removes_accents(text, folded):
    assert fold(text) == folded


@pytest.mark.parametrize(("text", "tokens"), [
    ("l'aide", ["aide"]),
    ("d’Été", ["ete"]),                     # typographic apostrophe
    ("qu'il s'inscrive", ["il", "inscrive"]),
    ("jusqu'à lorsqu'on puisqu'elle", ["a", "on", "elle"]),
    ("C'est l'électricité !", ["est", "electricite"]),
    ("3,20 euros", ["3", "20", "euros"]),
])
def test_words_remove_elisions_and_punctuation(text, tokens):
    assert words(text) == tokens


@pytest.mark.parametrize("forms", [
    ("élève", "élèves", "Eleves", "ÉLÈVE"),
    ("aide", "aides", "l'aide", "Aides"),
    ("région", "régions", "REGION"),
    ("débroussaillement", "débroussailler"),
    ("transport", "transports"),
])
def test_forms_of_a_word_share_one_term(forms):
    terms = {tuple(analyze(form)) for form in forms}
    assert len(terms) == 1 and all(len(t) == 1 for t in terms)


@pytest.mark.parametrize("text", ["le la les de des du", "et ou mais donc", "est-ce que c'est", "à l'été",
                                  "qu'il y ait", "Les   ", ""])
def test_stopwords_only_give_no_term(text):
    assert analyze(text) == []


def test_stopwords_are_folded_like_the_text():
    assert {"ete", "etaient", "meme", "a"} <= STOPWORDS
    assert all(word == fold(word) for word in STOPWORDS)


def test_numbers_are_kept_and_single_letters_dropped():
    assert analyze("permis B : 500 euros, 2 fois") == analyze("permis") + ["500", "euros", "2", "fois"]


def test_query_and_document_meet_on_the_same_terms():
    document = analyze("Les élèves boursiers reçoivent une aide régionale à la rentrée.")
    query = analyze("aide aux élèves boursiers")
    assert set(query) <= set(document)


@pytest.mark.parametrize(("text", "expected"), [
    ("Première phrase. Deuxième phrase.", ["Première phrase.", "Deuxième phrase."]),
    ("Vraiment ? Oui ! Enfin… Bon.", ["Vraiment ?", "Oui !", "Enfin…", "Bon."]),
    ("M. Dupont est là. Mme Durand aussi.", ["M. Dupont est là.", "Mme Durand aussi."]),
    ("Voir l'art. 3 du règlement. Fin.", ["Voir l'art. 3 du règlement.", "Fin."]),
    ("Le tarif est de 3,20 euros. 2 repas par jour.", ["Le tarif est de 3,20 euros.", "2 repas par jour."]),
    ("Il dit : « Bonjour. » Puis part.", ["Il dit : « Bonjour. » Puis part."]),
    ("version 1.2 du guide. Suite.", ["version 1.2 du guide.", "Suite."]),
    ("sans point final", ["sans point final"]),
    ("  \n  ", []),
])
def test_sentences(text, expected):
    assert sentences(text) == expected


def test_ocr_errors_are_repaired_alike_on_both_sides():
    from sudia.text.french import analyze

    pairs = [("I'IA régio-\nnale", "l'IA régionale"), ("ﬁnancement ﬂotte œuvre", "financement flotte oeuvre"),
             ("re´gion pubIic Ia", "région public la"), ("réegional", "régional")]
    for noisy, clean in pairs:
        assert analyze(noisy) == analyze(clean)
    assert analyze("Il a dit") == analyze("il a dit")  # « Il » is a word, not « ll »
    assert analyze("Provence-\nAlpes") == analyze("Provence Alpes")  # a capital: a compound, kept apart


def test_ocr_repair_leaves_french_ee_words_alone() -> None:
    # « ée » is French before n, r, s and l: only the OCR doubling before other consonants is undone.
    assert words("lycéens européenne créera idées réel") == ["lyceens", "europeenne", "creera", "idees", "reel"]
    assert words("réegion") == ["region"]


def test_ocr_repairs_leave_real_words_alone():
    """Regression: « lycéens » read as « lycéns » broke the follow-up rewriting (é read as ée rule)."""
    from sudia.text.french import words

    assert words("Les lycéens européens agréez réellement") == ["les", "lyceens", "europeens", "agreez", "reellement"]
