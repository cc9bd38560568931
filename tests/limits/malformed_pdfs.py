"""Malformed PDFs built byte by byte: broken structure, lying lengths, loops, bombs, huge trees."""

from __future__ import annotations

import io
import random
import zlib
from collections.abc import Iterator

FONT = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"
TEXT = b"BT /F1 12 Tf 72 720 Td (Bonjour, ceci est un texte de test lisible par un humain.) Tj ET"


def build(objects: list[bytes], trailer_extra: bytes = b"") -> bytes:
    """A PDF whose cross-reference table is right for `objects` (numbered from 1, root 1)."""
    out = io.BytesIO()
    out.write(b"%PDF-1.7\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n%s\nendobj\n" % (number, body))
    start = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    out.write(b"".join(b"%010d 00000 n \n" % o for o in offsets))
    out.write(b"trailer\n<< /Size %d /Root 1 0 R %s >>\nstartxref\n%d\n%%%%EOF\n"
              % (len(objects) + 1, trailer_extra, start))
    return out.getvalue()


def stream(data: bytes, extra: bytes = b"") -> bytes:
    return b"<< /Length %d %s >>\nstream\n%s\nendstream" % (len(data), extra, data)


def page_pdf(content: bytes = TEXT, contents_object: bytes | None = None) -> bytes:
    return build([b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                  b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
                  b"/Resources << /Font << /F1 5 0 R >> >> >>",
                  contents_object or stream(content), FONT])


def _deflated_spaces(megabytes: int) -> bytes:
    packer, chunk = zlib.compressobj(9), b" " * (1 << 20)
    return b"".join(packer.compress(chunk) for _ in range(megabytes)) + packer.flush()


def malformed_pdfs() -> Iterator[tuple[str, bytes]]:
    rnd = random.Random(7)
    good = page_pdf()
    yield "tronque-moitie.pdf", good[: len(good) // 2]
    yield "tronque-fin.pdf", good[:-30]
    yield "entete-seul.pdf", b"%PDF-1.4\n"
    yield "entete-aleatoire.pdf", b"%PDF-1.4\n" + rnd.randbytes(4096)
    yield "entete-aleatoire-gros.pdf", b"%PDF-1.4\n" + rnd.randbytes(300_000)
    yield "zeros.pdf", b"%PDF-1.4\n" + bytes(100_000)
    empty_pages = b"<< /Type /Pages /Kids [] /Count 0 >>"
    yield "tableaux-imbriques.pdf", build([b"<< /Type /Catalog /Pages 2 0 R /X %s%s >>" % (b"[" * 50_000, b"]" * 50_000),
                                          empty_pages])
    yield "dictionnaires-imbriques.pdf", build([b"<< /Type /Catalog /Pages 2 0 R /X %s1%s >>"
                                                % (b"<< /A " * 20_000, b" >>" * 20_000), empty_pages])
    yield "longueur-enorme.pdf", good.replace(b"/Length %d" % len(TEXT), b"/Length 999999999999")
    yield "longueur-negative.pdf", good.replace(b"/Length %d" % len(TEXT), b"/Length -5")
    yield "xref-faux.pdf", good.replace(b"0000000009 00000 n", b"0000099999 00000 n")
    yield "startxref-hors-fichier.pdf", good[: good.rfind(b"startxref")] + b"startxref\n99999999\n%%EOF\n"
    yield "sans-xref.pdf", good.split(b"xref")[0] + b"trailer\n<< /Root 1 0 R >>\n%%EOF"
    tail = good.rfind(b"startxref\n") + 10
    yield "prev-en-boucle.pdf", good.replace(b"/Root 1 0 R", b"/Root 1 0 R /Prev " + good[tail:good.find(b"\n", tail)])
    yield "arbre-en-boucle.pdf", build([b"<< /Type /Catalog /Pages 2 0 R >>",
                                        b"<< /Type /Pages /Kids [2 0 R 3 0 R] /Count 2 >>",
                                        b"<< /Type /Pages /Kids [2 0 R] /Count 1 /Parent 2 0 R >>"])
    yield "cent-mille-pages.pdf", build([b"<< /Type /Catalog /Pages 2 0 R >>",
                                         b"<< /Type /Pages /Kids [%s] /Count 100000 >>" % b" ".join([b"3 0 R"] * 100_000),
                                         b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
                                         b"/Resources << /Font << /F1 5 0 R >> >> >>", stream(TEXT), FONT])
    yield "bombe-flate.pdf", page_pdf(contents_object=stream(_deflated_spaces(200), b"/Filter /FlateDecode"))
    yield "objstm-faux.pdf", build([b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                                    b"<< /Type /Page /Parent 2 0 R /Contents 4 0 R >>",
                                    stream(b"1 0 2 5 garbage", b"/Type /ObjStm /N 999999 /First 99999999")])
    yield "chiffre.pdf", build([b"<< /Type /Catalog /Pages 2 0 R >>", empty_pages,
                                b"<< /Filter /Standard /V 2 /R 3 /O <00> /U <00> /P -4 /Length 128 >>"],
                               trailer_extra=b"/Encrypt 3 0 R /ID [<01> <01>]")
    cmap = (b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap 1 begincodespacerange <0000> <FFFF> "
            b"endcodespacerange 1 beginbfrange <0000> <FFFF> <0041> endbfrange endcmap end end")
    yield "tounicode-immense.pdf", build([b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                                          b"<< /Type /Page /Parent 2 0 R /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
                                          stream(b"BT /F1 12 Tf 72 720 Td <00410042> Tj ET"),
                                          b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /ToUnicode 6 0 R >>",
                                          stream(cmap)])
    yield "objets-absents.pdf", build([b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R 77 0 R] /Count 2 >>",
                                       b"<< /Type /Page /Parent 2 0 R /Contents 99 0 R /Resources << /Font << /F1 88 0 R >> >> >>"])
    yield "contenu-en-boucle.pdf", page_pdf(contents_object=b"[4 0 R 4 0 R]")
    form = stream(b"/X1 Do", b"/Type /XObject /Subtype /Form /BBox [0 0 1 1] /Resources << /XObject << /X1 6 0 R >> >>")
    yield "xobject-recursif.pdf", build([b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                                         b"<< /Type /Page /Parent 2 0 R /Contents 4 0 R "
                                         b"/Resources << /XObject << /X1 6 0 R >> /Font << /F1 5 0 R >> >> >>",
                                         stream(b"/X1 Do"), FONT, form])
    yield "operateurs-innombrables.pdf", page_pdf(b"0 0 m 10 10 l S " * 40_000 + TEXT)
