"""Build the documents folder of the answer-level evaluation (bench/answers/README.md).

    python bench/answers/make_documents.py --out /work/realtext/answers/corpus
    python bench/answers/make_documents.py --set heldout2 --out /work/realtext/answers/corpus-heldout2
    python bench/answers/make_documents.py --set heldout3 --out /work/realtext/answers/corpus-heldout3
    python bench/answers/make_documents.py --set heldout4 --out /work/realtext/answers/corpus-heldout4
    python bench/answers/make_documents.py --set heldout5 --out /work/realtext/answers/corpus-heldout5

- projet/: the two long PDFs written for the project (project_content.py), 12 pages each; pages
  marked as scans are printed as noisy, slightly rotated images without a text layer (OCR path);
- cnil/: the CNIL articles that the questions are about, plus seeded distractor articles;
- pages/: third-party pages from the cache (--pages, default /work/realtext/answers/pages), never
  in the repository.

`--set heldout2` builds the second held-out set's corpus instead (README.md, "Held-out 2"): no PDFs,
the CNIL articles that heldout2.jsonl asks about plus seeded distractors, none of them in the main
corpus, and the pages of sources_heldout2.jsonl (cache: /work/realtext/answers/pages-heldout2).
`--set heldout3` does the same for the third held-out set (heldout3.jsonl, sources_heldout3.jsonl,
cache /work/realtext/answers/pages-heldout3): none of its CNIL articles, distractors included, is in
the main corpus or in held-out 2's. `--set heldout4` likewise (heldout4.jsonl, sources_heldout4.jsonl,
cache /work/realtext/answers/pages-heldout4): none of its CNIL articles is in the main corpus, held-out 2
or held-out 3. `--set heldout5` likewise (heldout5.jsonl, sources_heldout5.jsonl, cache
/work/realtext/answers/pages-heldout5): none of its CNIL articles is in the main corpus or held-outs 2 to 4.

Deterministic: same seed, fonts and library versions give the same files (reportlab invariant mode).
Needs reportlab, Pillow and numpy, and the DejaVu fonts (fonts-dejavu-core).
"""

from __future__ import annotations

import argparse
import io
import json
import random
import shutil
import sys
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFilter, ImageFont
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Image as PdfImage
from reportlab.platypus import ListFlowable, ListItem, PageBreak, Paragraph, SimpleDocTemplate, Spacer, Table

sys.path.insert(0, str(Path(__file__).parent))
from project_content import DOCUMENTS, Page  # noqa: E402

HERE = Path(__file__).parent
CNIL = Path("/work/shared/benchmarks/cnil-faq")
FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
SEED = 20261207
CNIL_DISTRACTORS = 14
CNIL_DISTRACTORS_HELDOUT2 = 6
CNIL_DISTRACTORS_HELDOUT3 = 6
CNIL_DISTRACTORS_HELDOUT4 = 6
CNIL_DISTRACTORS_HELDOUT5 = 5
PAGES = {"main": Path("/work/realtext/answers/pages"), "heldout2": Path("/work/realtext/answers/pages-heldout2"),
         "heldout3": Path("/work/realtext/answers/pages-heldout3"),
         "heldout4": Path("/work/realtext/answers/pages-heldout4"),
         "heldout5": Path("/work/realtext/answers/pages-heldout5")}
SOURCES = {"main": "sources.jsonl", "heldout2": "sources_heldout2.jsonl", "heldout3": "sources_heldout3.jsonl",
           "heldout4": "sources_heldout4.jsonl", "heldout5": "sources_heldout5.jsonl"}
DPI = 200
MARGIN = 2 * cm


def _fonts() -> None:
    pdfmetrics.registerFont(TTFont("DejaVu", str(FONT_DIR / "DejaVuSans.ttf")))
    pdfmetrics.registerFont(TTFont("DejaVu-Bold", str(FONT_DIR / "DejaVuSans-Bold.ttf")))


STYLES = {
    "h": ParagraphStyle("h", fontName="DejaVu-Bold", fontSize=14, leading=18, spaceAfter=8),
    "p": ParagraphStyle("p", fontName="DejaVu", fontSize=10.5, leading=14, spaceAfter=6),
}


def _text_page(page: Page) -> list:
    flow: list = []
    for kind, content in page.blocks:
        if kind in ("h", "p"):
            flow.append(Paragraph(content, STYLES[kind]))
        elif kind == "ul":
            flow.append(ListFlowable([ListItem(Paragraph(item, STYLES["p"])) for item in content],
                                     bulletType="bullet", start="•", leftIndent=14))
        elif kind == "table":
            rows = [[Paragraph(cell, STYLES["p"]) for cell in row] for row in content]
            table = Table(rows, hAlign="LEFT")
            table.setStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.grey),
                            ("BACKGROUND", (0, 0), (-1, 0), colors.whitesmoke),
                            ("VALIGN", (0, 0), (-1, -1), "TOP")])
            flow += [table, Spacer(1, 8)]
    return flow


def _wrap(draw: ImageDraw.ImageDraw, text: str, font: ImageFont.FreeTypeFont, width: int) -> list[str]:
    lines, line = [], ""
    for word in text.split():
        candidate = f"{line} {word}".strip()
        if draw.textlength(candidate, font=font) <= width:
            line = candidate
        else:
            lines.append(line)
            line = word
    return lines + [line] if line else lines


def _scan_image(page: Page, rng: np.random.RandomState, width: int, height: int) -> Image.Image:
    """The page as a photocopy: printed text, grey paper, speckles, a slight tilt and blur."""
    image = Image.new("L", (width, height), 255)
    draw = ImageDraw.Draw(image)
    body = ImageFont.truetype(str(FONT_DIR / "DejaVuSans.ttf"), 29)
    bold = ImageFont.truetype(str(FONT_DIR / "DejaVuSans-Bold.ttf"), 38)
    y, x, usable = 40, 40, width - 80
    for kind, content in page.blocks:
        if kind == "h":
            for line in _wrap(draw, content, bold, usable):
                draw.text((x, y), line, font=bold, fill=20)
                y += 50
            y += 14
        elif kind == "p":
            for line in _wrap(draw, content, body, usable):
                draw.text((x, y), line, font=body, fill=30)
                y += 40
            y += 16
        elif kind == "ul":
            for item in content:
                for i, line in enumerate(_wrap(draw, item, body, usable - 40)):
                    draw.text((x + 40, y), line, font=body, fill=30)
                    if i == 0:
                        draw.text((x + 8, y), "-", font=body, fill=30)
                    y += 40
            y += 16
        elif kind == "table":
            columns = len(content[0])
            cell = usable // columns
            for row in content:
                wrapped = [_wrap(draw, c, body, cell - 20) for c in row]
                tall = max(len(w) for w in wrapped) * 40 + 12
                for j, lines in enumerate(wrapped):
                    draw.rectangle((x + j * cell, y, x + (j + 1) * cell, y + tall), outline=90, width=2)
                    for k, line in enumerate(lines):
                        draw.text((x + j * cell + 10, y + 6 + k * 40), line, font=body, fill=30)
                y += tall
            y += 20
    pixels = np.asarray(image, dtype=np.float32)
    pixels = pixels * 0.86 + 18  # grey paper, greyer ink
    pixels += rng.normal(0, 34, pixels.shape)  # sensor noise
    speckles = rng.random_sample(pixels.shape)
    pixels[speckles < 0.004] = 40  # dust
    pixels[speckles > 0.996] = 255  # toner drop-outs
    noisy = Image.fromarray(np.clip(pixels, 0, 255).astype(np.uint8), "L")
    noisy = noisy.rotate(float(rng.uniform(-0.9, 0.9)), resample=Image.BILINEAR, fillcolor=235)
    return noisy.filter(ImageFilter.GaussianBlur(1.0))


def build_pdf(pages: list[Page], path: Path, seed: int) -> None:
    rng = np.random.RandomState(seed)
    doc = SimpleDocTemplate(str(path), pagesize=A4, leftMargin=MARGIN, rightMargin=MARGIN, topMargin=MARGIN,
                            bottomMargin=MARGIN, invariant=1, title=path.stem, author="Sud IA (tests)")
    frame_w, frame_h = doc.width - 12, doc.height - 12
    flow: list = []
    for number, page in enumerate(pages):
        if page.scan:
            pixels_w, pixels_h = int(frame_w / 72 * DPI), int(frame_h / 72 * DPI)
            png = io.BytesIO()
            _scan_image(page, rng, pixels_w, pixels_h).convert("L").save(png, format="JPEG", quality=40)
            png.seek(0)
            flow.append(PdfImage(png, width=frame_w, height=frame_h))
        else:
            flow += _text_page(page)
        if number < len(pages) - 1:
            flow.append(PageBreak())
    doc.build(flow)


def cnil_documents() -> list[str]:
    """The articles the questions are about, plus distractors drawn with the seed."""
    asked = sorted({json.loads(line)["document"] for line in (CNIL / "questions.jsonl").read_text().splitlines()
                    if line.strip()})
    others = sorted(p.name for p in (CNIL / "documents").glob("*.md") if p.name not in asked)
    return asked + sorted(random.Random(SEED).sample(others, CNIL_DISTRACTORS))


def _asked_cnil(questions_file: str) -> list[str]:
    rows = [json.loads(line) for line in (HERE / questions_file).read_text().splitlines() if line.strip()]
    return sorted({r["document"].split("/", 1)[1] for r in rows if (r["document"] or "").startswith("cnil/")})


def heldout2_cnil_documents() -> list[str]:
    """The articles heldout2.jsonl asks about, plus distractors; none is in the main corpus."""
    asked = _asked_cnil("heldout2.jsonl")
    taken = set(cnil_documents()) | set(asked)
    others = sorted(p.name for p in (CNIL / "documents").glob("*.md") if p.name not in taken)
    # another seed than the main corpus's draw, so that the two sets of distractors are independent
    return asked + sorted(random.Random(SEED + 2).sample(others, CNIL_DISTRACTORS_HELDOUT2))


def heldout3_cnil_documents() -> list[str]:
    """The articles heldout3.jsonl asks about, plus distractors; none is in the main corpus or held-out 2."""
    asked = _asked_cnil("heldout3.jsonl")
    taken = set(cnil_documents()) | set(heldout2_cnil_documents()) | set(asked)
    others = sorted(p.name for p in (CNIL / "documents").glob("*.md") if p.name not in taken)
    return asked + sorted(random.Random(SEED + 3).sample(others, CNIL_DISTRACTORS_HELDOUT3))


def heldout4_cnil_documents() -> list[str]:
    """The articles heldout4.jsonl asks about, plus distractors; none is in the main corpus or held-out 2 or 3."""
    asked = _asked_cnil("heldout4.jsonl")
    taken = set(cnil_documents()) | set(heldout2_cnil_documents()) | set(heldout3_cnil_documents()) | set(asked)
    others = sorted(p.name for p in (CNIL / "documents").glob("*.md") if p.name not in taken)
    return asked + sorted(random.Random(SEED + 4).sample(others, CNIL_DISTRACTORS_HELDOUT4))


def heldout5_cnil_documents() -> list[str]:
    """The articles heldout5.jsonl asks about, plus distractors; none is in the main corpus or held-outs 2 to 4."""
    asked = _asked_cnil("heldout5.jsonl")
    taken = (set(cnil_documents()) | set(heldout2_cnil_documents()) | set(heldout3_cnil_documents())
             | set(heldout4_cnil_documents()) | set(asked))
    others = sorted(p.name for p in (CNIL / "documents").glob("*.md") if p.name not in taken)
    return asked + sorted(random.Random(SEED + 5).sample(others, CNIL_DISTRACTORS_HELDOUT5))


HELDOUT_CNIL = {"heldout2": heldout2_cnil_documents, "heldout3": heldout3_cnil_documents,
                "heldout4": heldout4_cnil_documents, "heldout5": heldout5_cnil_documents}


def copy_cnil(names: list[str], out: Path) -> None:
    (out / "cnil").mkdir(parents=True, exist_ok=True)
    for name in names:
        shutil.copyfile(CNIL / "documents" / name, out / "cnil" / name)


def copy_pages(sources_file: str, pages: Path, out: Path) -> int:
    sources = [json.loads(line) for line in (HERE / sources_file).read_text().splitlines() if line.strip()]
    missing = [s["file"] for s in sources if not (pages / s["file"]).exists()]
    if missing:
        sys.exit(f"third-party cache incomplete ({len(missing)} missing, first {missing[0]}): see README.md")
    (out / "pages").mkdir(parents=True, exist_ok=True)
    for s in sources:
        shutil.copyfile(pages / s["file"], out / "pages" / s["file"])
    return len(sources)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--set", choices=sorted(PAGES), default="main", dest="which")
    parser.add_argument("--pages", type=Path, help="third-party cache (default: the set's folder)")
    args = parser.parse_args()
    pages = args.pages or PAGES[args.which]
    if args.which in HELDOUT_CNIL:
        names = HELDOUT_CNIL[args.which]()
        copy_cnil(names, args.out)
        count = copy_pages(SOURCES[args.which], pages, args.out)
        print(f"{args.out}: {len(names)} CNIL articles, {count} third-party pages")
        return
    _fonts()
    (args.out / "projet").mkdir(parents=True, exist_ok=True)
    for offset, (name, pdf_pages) in enumerate(sorted(DOCUMENTS.items())):
        build_pdf(pdf_pages, args.out / "projet" / name, SEED + offset)
    copy_cnil(cnil_documents(), args.out)
    count = copy_pages(SOURCES["main"], pages, args.out)
    print(f"{args.out}: 2 PDFs, {len(cnil_documents())} CNIL articles, {count} third-party pages")


if __name__ == "__main__":
    main()
