"""Chunking: passages never straddle a page or a section, long paragraphs split with overlap."""

from __future__ import annotations

from sudia.ingest.chunking import chunk_document, split_long
from sudia.text.french import sentences
from sudia.types import Block, ParsedDocument


def doc(*blocks: Block) -> ParsedDocument:
    return ParsedDocument(title="Fiche", blocks=tuple(blocks))


def paragraph(n: int, words: str = "Le transport scolaire est gratuit pour les internes") -> str:
    return " ".join(f"{words} numéro {i}." for i in range(n))


def test_short_blocks_of_one_section_are_packed_together():
    chunks = chunk_document(doc(Block("Un.", section="A"), Block("Deux.", section="A"), Block("Trois.", section="A")))
    assert [(c.text, c.section) for c in chunks] == [("Un.\nDeux.\nTrois.", "A")]


def test_sections_and_pages_are_never_straddled():
    blocks = (
        Block("Titre", page=1, section="Titre", is_heading=True),
        Block("Intro page un.", page=1, section="Titre"),
        Block("1. Conditions", page=1, section="Titre > 1. Conditions", is_heading=True),
        Block("Conditions page un.", page=1, section="Titre > 1. Conditions"),
        Block("Conditions page deux.", page=2, section="Titre > 1. Conditions"),
        Block("2. Tarifs", page=2, section="Titre > 2. Tarifs", is_heading=True),
        Block("Tarifs page deux.", page=2, section="Titre > 2. Tarifs"),
    )
    chunks = chunk_document(doc(*blocks))
    assert [(c.page, c.section, c.text) for c in chunks] == [
        (1, "Titre", "Intro page un."),
        (1, "Titre > 1. Conditions", "Conditions page un."),
        (2, "Titre > 1. Conditions", "Conditions page deux."),
        (2, "Titre > 2. Tarifs", "Tarifs page deux."),
    ]


def test_headings_are_carried_by_the_section_not_the_text():
    chunks = chunk_document(doc(Block("Montant", section="Montant", is_heading=True),
                                Block("L'aide est de 500 euros.", section="Montant")))
    assert [c.text for c in chunks] == ["L'aide est de 500 euros."]


def test_blocks_are_packed_up_to_the_size_limit():
    blocks = [Block(f"Phrase numéro {i} qui parle des bourses régionales.", section="S") for i in range(40)]
    chunks = chunk_document(doc(*blocks), max_chars=300, overlap=50)
    assert len(chunks) > 1
    assert all(len(c.text) <= 300 for c in chunks)
    # nothing lost, nothing repeated when whole blocks fit
    assert "\n".join(c.text for c in chunks).split("\n") == [b.text for b in blocks]


def test_a_long_paragraph_is_split_on_sentences_with_overlap():
    text = paragraph(30)
    chunks = chunk_document(doc(Block(text, page=4, section="Long")), max_chars=300, overlap=120)
    assert len(chunks) > 2
    assert all(len(c.text) <= 300 and c.page == 4 and c.section == "Long" for c in chunks)
    for previous, current in zip(chunks, chunks[1:]):
        last_sentence = sentences(previous.text)[-1]
        assert current.text.startswith(last_sentence)  # the overlap repeats the end of the previous piece
    every = [s for c in chunks for s in sentences(c.text)]
    assert set(every) == set(sentences(text))  # no sentence lost


def test_a_sentence_longer_than_the_limit_is_cut_on_spaces():
    text = "mot " * 400  # a table or list without any punctuation
    pieces = split_long(text.strip(), 200, 50)
    assert all(0 < len(p) <= 200 for p in pieces)
    assert " ".join(pieces).split() == text.split()


def test_no_empty_chunks():
    blocks = (Block("Titre", section="Titre", is_heading=True), Block("Texte.", section="Titre"),
              Block("Vide", section="Vide", is_heading=True), Block("Fin", section="Fin", is_heading=True))
    chunks = chunk_document(doc(*blocks), max_chars=50, overlap=10)
    assert chunks and all(c.text.strip() for c in chunks)
    long_chunks = chunk_document(doc(Block(paragraph(20), section="S")), max_chars=120, overlap=40)
    assert all(c.text.strip() for c in long_chunks)


def test_a_document_made_only_of_headings_still_gives_one_passage():
    chunks = chunk_document(doc(Block("Horaires d'ouverture", page=1, section="Horaires", is_heading=True)))
    assert [(c.text, c.page) for c in chunks] == [("Horaires d'ouverture", 1)]


def test_an_empty_document_gives_no_passage():
    assert chunk_document(doc()) == []
