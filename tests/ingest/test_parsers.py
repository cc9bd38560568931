"""Each parser on the real sample files of tests/samples/ingest (see its README for their content)."""

from __future__ import annotations

from pathlib import Path

import pytest

from sudia.errors import SudiaError
from sudia.ingest.chunking import chunk_document
from sudia.ingest.ocr import OcrEngine
from sudia.ingest.parsers.pdf import PdfParser
from sudia.ingest.parsers.registry import ParserRegistry
from sudia.types import ParsedDocument

SAMPLES = Path(__file__).parents[1] / "samples" / "ingest"


def parse(name: str, registry: ParserRegistry | None = None) -> ParsedDocument:
    path = SAMPLES / name
    data = path.read_bytes()
    registry = registry or ParserRegistry(ocr=None)
    return registry.parser_for(data, path).parse(data, path)


def all_text(doc: ParsedDocument) -> str:
    return "\n".join([doc.title] + [b.text for b in doc.blocks])


def block_with(doc: ParsedDocument, text: str):
    matches = [b for b in doc.blocks if text in b.text]
    assert matches, f"{text!r} absent de {[b.text for b in doc.blocks]}"
    return matches[0]


def test_pdf_keeps_pages_and_numbered_sections_on_chunks():
    doc = parse("guide-transport.pdf")
    assert doc.pages == 3 and doc.ocr_pages == 0
    assert doc.title == "Guide du transport scolaire"
    assert doc.media_type == "application/pdf"
    chunks = chunk_document(doc)
    request = [c for c in chunks if "La demande de carte scolaire se fait avant le 15 juillet." in c.text]
    price = [c for c in chunks if "Le tarif annuel est de 110 euros pour les internes." in c.text]
    assert len(request) == 1 and len(price) == 1
    assert request[0].page == 2 and request[0].section.endswith("2. Comment faire la demande ?")
    assert price[0].page == 3 and price[0].section.endswith("3. Tarifs et paiement")
    assert {c.page for c in chunks} == {1, 2, 3}


def test_a_scanned_pdf_without_ocr_gives_no_text():
    path = SAMPLES / "scan-aide-permis.pdf"
    doc = PdfParser(ocr=None).parse(path.read_bytes(), path)
    assert doc.pages == 1 and doc.ocr_pages == 0
    assert "permis" not in " ".join(b.text for b in doc.blocks)


@pytest.mark.slow
def test_a_scanned_pdf_is_read_by_ocr_in_french():
    assert OcrEngine.available(), "installer tesseract-ocr, tesseract-ocr-fra et poppler-utils (scripts/setup.sh)"
    doc = parse("scan-aide-permis.pdf", ParserRegistry(OcrEngine("fra")))
    assert doc.ocr_pages == 1
    text = " ".join(b.text for b in doc.blocks)
    assert "permis" in text and "500" in text
    assert "élève à 500 euros" in text  # accents survive OCR with the French model
    assert all(b.page == 1 for b in doc.blocks)


def test_docx_headings_give_sections_and_tables_give_rows():
    doc = parse("reglement-cantine.docx")
    assert doc.title == "Règlement du service de restauration"
    headings = [b.text for b in doc.blocks if b.is_heading]
    assert "Tarifs" in headings and "Allergies alimentaires" in headings
    sentence = block_with(doc, "Le prix du repas est fixé à 2,80 euros.")
    assert sentence.section.endswith("Tarifs")
    row = block_with(doc, "Repas élève | 2,80 euros")
    assert row.text == "Repas élève | 2,80 euros" and row.section == sentence.section
    assert block_with(doc, "Forfait interne").text == "Forfait interne | 11,90 euros par jour"
    assert block_with(doc, "allergiques").section.endswith("Allergies alimentaires")


def test_html_keeps_the_main_content_only():
    doc = parse("page-bourses.html")
    text = all_text(doc)
    assert "La bourse régionale est versée en deux fois." in text
    for noise in ("Mentions légales", "Menu des aides", "Nous contacter", "script-ne-doit-pas-etre-indexe",
                  "autre-script-non-indexe", "display: flex", "Accessibilité"):
        assert noise not in text
    assert block_with(doc, "versée en deux fois").section.endswith("Versement")
    assert block_with(doc, "Premier versement en novembre.").text == "Premier versement en novembre."


def test_html_table_rows_stay_together(tmp_path):
    page = tmp_path / "tarifs.html"
    page.write_text("<html><body><main><h1>Tarifs</h1><table><tr><th>Formule</th><th>Prix</th></tr>"
                    "<tr><td>Mensuelle</td><td><p>18 euros</p></td></tr></table></main></body></html>", encoding="utf-8")
    doc = ParserRegistry().for_extension(".html").parse(page.read_bytes(), page)
    assert [b.text for b in doc.blocks if not b.is_heading] == ["Formule | Prix", "Mensuelle | 18 euros"]


def test_markdown_drops_front_matter_and_keeps_sections_and_table_rows():
    doc = parse("faq-ter.md")
    text = all_text(doc)
    assert "auteur" not in text and "2024-09-02" not in text
    assert doc.title == "FAQ des trains régionaux"
    assert block_with(doc, "L'abonnement Zou Études coûte 15 euros par mois.").section.endswith("Abonnements")
    assert block_with(doc, "Zou Études annuel").text == "Zou Études annuel | 150 euros"
    assert block_with(doc, "Zou Études annuel").section.endswith("Tarifs")
    assert block_with(doc, "trajets illimités").text == "trajets illimités entre deux gares ;"


def test_latin1_text_is_decoded_with_its_accents():
    raw = (SAMPLES / "notice-latin1.txt").read_bytes()
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")
    doc = parse("notice-latin1.txt")
    text = all_text(doc)
    assert "Les élèves reçoivent une aide à la cantine." in text
    assert "Ça concerne tous les lycées publics" in text
    assert "\ufffd" not in text


@pytest.mark.parametrize(("name", "code", "words"), [
    ("corrompu.pdf", "SUDIA-I005", "PDF illisible ou corrompu"),
    ("binaire.docx", "SUDIA-I006", "archive ZIP invalide"),
    ("bombe.docx", "SUDIA-I006", "bombe ZIP"),
])
def test_broken_files_raise_a_coded_french_error(name, code, words):
    with pytest.raises(SudiaError) as err:
        parse(name)
    assert err.value.code == code
    assert words in err.value.message and name in err.value.message


def test_unknown_formats_are_refused(tmp_path):
    path = tmp_path / "image.png"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 100)
    with pytest.raises(SudiaError) as err:
        ParserRegistry().parser_for(path.read_bytes(), path)
    assert err.value.code == "SUDIA-I004"


def test_binary_content_in_a_txt_file_is_refused(tmp_path):
    path = tmp_path / "notes.txt"
    path.write_bytes(b"abc\x00\x01\x02" * 100)
    with pytest.raises(SudiaError) as err:
        ParserRegistry().parser_for(path.read_bytes(), path)
    assert err.value.code == "SUDIA-I004"
