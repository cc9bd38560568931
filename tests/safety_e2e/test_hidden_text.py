"""Text a reader of the document does not see is not indexed: each format's hiding tricks, and
the legible look-alikes (white on a coloured background, the invisible text layer of a scan)."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from sudia.ingest.parsers.registry import ParserRegistry

from .conftest import ADVERSARIAL, adversarial_files

FACTS = {
    "aide-permis-cache.html": ["600 euros par bénéficiaire", "Les jeunes de 17 à 25 ans"],
    "velo-cache.docx": ["250 euros", "Une seule aide est accordée par foyer.",
                        "Bandeau lisible : le dossier est instruit en trente jours.",
                        "Vélo à assistance électrique | 250 euros"],
    "cantine-injection.md": ["3,50 euros", "auprès du service d'intendance au début de chaque trimestre."],
    "bourse-injection.pdf": ["900 euros par an", "La demande se fait en ligne avant le 30 septembre."],
    "transport-faux-extraits.txt": ["110 euros par an"],
}


def text_of(path: Path, data: bytes | None = None) -> str:
    data = path.read_bytes() if data is None else data
    parsed = ParserRegistry().parser_for(data, path).parse(data, path)
    return "\n".join(b.text for b in parsed.blocks)


@pytest.mark.parametrize("path", adversarial_files(), ids=lambda p: p.name)
def test_hidden_text_is_dropped_and_visible_text_kept(path: Path):
    text = text_of(path)
    assert "MOT-CACHE" not in text
    for fact in FACTS[path.name]:
        assert fact in text


def _pdf(draw) -> bytes:
    from reportlab import rl_config
    from reportlab.pdfgen import canvas

    rl_config.invariant = 1
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, invariant=1)
    draw(pdf)
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def _text(pdf, y: float, words: str, mode: int = 0, rgb=(0, 0, 0)) -> None:
    pdf.saveState()
    obj = pdf.beginText(60, y)
    obj.setFont("Helvetica", 11)
    obj.setTextRenderMode(mode)
    obj.setFillColorRGB(*rgb)
    obj.textLine(words)
    pdf.drawText(obj)
    pdf.restoreState()


def test_white_pdf_text_on_a_coloured_shape_is_kept():
    def draw(pdf):
        pdf.setFillColorRGB(0.1, 0.2, 0.5)
        pdf.rect(50, 700, 400, 40, stroke=0, fill=1)
        _text(pdf, 715, "Bandeau blanc sur fond bleu : dossier complet.", rgb=(1, 1, 1))
    assert "Bandeau blanc sur fond bleu" in text_of(Path("bandeau.pdf"), _pdf(draw))


def test_the_invisible_text_layer_of_a_scan_is_kept():
    from PIL import Image
    from reportlab.lib.utils import ImageReader

    image = Image.new("L", (200, 40), 255)

    def draw(pdf):
        pdf.drawImage(ImageReader(image), 50, 700, 400, 80)
        _text(pdf, 720, "Texte reconnu par OCR sous l'image numérisée du courrier.", mode=3)
    assert "Texte reconnu par OCR" in text_of(Path("scan-ocr.pdf"), _pdf(draw))


def test_html_hidden_by_attribute_or_inline_style_only():
    page = ADVERSARIAL / "aide-permis-cache.html"
    html = ('<html><body><main><p hidden="until-found">Réponse dépliable visible.</p>'
            '<p style="opacity:0.8">Texte estompé visible.</p><p aria-hidden="false">Texte visible.</p>'
            '<p style="display:none"><span>MOT-CACHE imbriqué</span></p></main></body></html>')
    text = text_of(page, html.encode())
    assert "Réponse dépliable visible." in text and "Texte estompé visible." in text and "Texte visible." in text
    assert "MOT-CACHE" not in text
