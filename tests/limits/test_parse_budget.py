"""The parser worker's budget: a file past its time or memory is refused, and the next file is read."""

from __future__ import annotations

from pathlib import Path

import pytest

from sudia.errors import SudiaError
from sudia.ingest.parsers.html import HtmlParser
from sudia.ingest.parsers.pdf import PdfParser
from sudia.ingest.parsers.sandbox import ParseBudget

from .malformed_pdfs import page_pdf

SMALL_HTML = "<html><body><main><p>Le tarif est de 3,20 euros.</p></main></body></html>".encode()


def refusal(parser, data: bytes, name: str) -> str:
    with pytest.raises(SudiaError) as caught:
        parser.parse(data, Path(name))
    return caught.value.message


def test_a_page_that_takes_too_long_is_stopped_and_the_worker_replaced():
    budget = ParseBudget(timeout_s=1)
    slow = page_pdf(b"BT /F1 12 Tf 72 720 Td " + b"(abc def ghi) Tj 0 -1 Td " * 300_000 + b"ET")  # ~30 s of pypdf
    assert refusal(PdfParser(budget=budget), slow, "lent.pdf") == \
        "Lecture impossible : lent.pdf (lecture arrêtée au bout de 1 s, fichier trop complexe)"
    assert HtmlParser(budget).parse(SMALL_HTML, Path("suivant.html")).blocks[0].text == "Le tarif est de 3,20 euros."


def test_html_nested_beyond_reason_is_stopped():
    deep = f"<html><body><main>{'<div>' * 200_000}<p>x</p>{'</div>' * 200_000}</main></body></html>".encode()
    assert "lecture arrêtée au bout de 2 s" in refusal(HtmlParser(ParseBudget(timeout_s=2)), deep, "profond.html")


def test_a_file_that_needs_too_much_memory_is_refused():
    big = ("<html><body><main>" + "<p>Paragraphe de test numéro</p>" * 300_000 + "</main></body></html>").encode()
    budget = ParseBudget(memory_mb=150)  # the 9 MB page needs more to be parsed
    assert refusal(HtmlParser(budget), big, "gros.html").startswith("Lecture impossible : gros.html (")
    assert HtmlParser(budget).parse(SMALL_HTML, Path("suivant.html")).blocks


def test_the_page_count_is_capped():
    many = page_pdf()  # one page, referenced 3 000 times by the page tree
    many = many.replace(b"/Kids [3 0 R] /Count 1", b"/Kids [" + b" ".join([b"3 0 R"] * 3000) + b"] /Count 3000")
    assert "3000 pages, au plus 2000 acceptées" in refusal(PdfParser(), many, "pages.pdf")
    assert PdfParser(budget=ParseBudget(max_pdf_pages=5000)).parse(many, Path("pages.pdf")).pages == 3000
