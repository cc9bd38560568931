#!/usr/bin/env python3
"""Build the "Allo Région" demo collection from the sources in scripts/demo_sources/.

Every source is a small Markdown file written for Sud IA (fictional content) with a front
matter naming its target format:

    ---
    title: Transport scolaire des lycéens
    format: pdf            # pdf | docx | html | md
    ---
    ## Section            -> numbered heading (PDF), Heading 1 (DOCX), <h2> (HTML)
    ### Sub-section       -> numbered heading (PDF), Heading 2 (DOCX), <h3> (HTML)
    paragraphs, "- " bullets, "1. " numbered items, | pipe | tables |, **bold**
    <!-- page -->          -> page break (PDF only)

The output goes to src/sudia/demo/allo-region/. The build is deterministic: PDFs are written
in reportlab's "invariant" mode and DOCX archives get fixed dates, so re-running the script
on unchanged sources gives byte-identical files.

Usage:  python scripts/build_demo_documents.py [--out DIR]
Needs:  reportlab, python-docx (pip install reportlab python-docx)
"""

from __future__ import annotations

import argparse
import datetime as dt
import html
import io
import re
import sys
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCES = Path(__file__).resolve().parent / "demo_sources"
DEFAULT_OUT = ROOT / "src" / "sudia" / "demo" / "allo-region"

DISCLAIMER = "Document de démonstration — contenu fictif rédigé pour Sud IA."
AUTHOR = "Sud IA — contenu de démonstration"
FIXED_DATE = dt.datetime(2024, 9, 2, 9, 0, 0)
MAX_BYTES = 200 * 1024


# --------------------------------------------------------------------------- source model


@dataclass
class Block:
    kind: str  # "h2" | "h3" | "p" | "ul" | "ol" | "table" | "page"
    text: str = ""
    items: list[str] = field(default_factory=list)
    rows: list[list[str]] = field(default_factory=list)


@dataclass
class Source:
    slug: str
    title: str
    fmt: str
    blocks: list[Block]
    meta: dict[str, str]


def parse_source(path: Path) -> Source:
    text = path.read_text(encoding="utf-8")
    if not text.startswith("---\n"):
        raise ValueError(f"{path.name}: front matter missing")
    end = text.index("\n---\n", 4)
    meta = {}
    for line in text[4:end].splitlines():
        if line.strip():
            key, _, value = line.partition(":")
            meta[key.strip()] = value.strip()
    body = text[end + 5 :]
    blocks: list[Block] = []
    paragraph: list[str] = []

    def flush() -> None:
        if paragraph:
            blocks.append(Block("p", " ".join(paragraph)))
            paragraph.clear()

    for raw in body.splitlines():
        line = raw.rstrip()
        stripped = line.strip()
        if not stripped:
            flush()
        elif stripped == "<!-- page -->":
            flush()
            blocks.append(Block("page"))
        elif stripped.startswith("### "):
            flush()
            blocks.append(Block("h3", stripped[4:].strip()))
        elif stripped.startswith("## "):
            flush()
            blocks.append(Block("h2", stripped[3:].strip()))
        elif stripped.startswith("- "):
            flush()
            if not blocks or blocks[-1].kind != "ul":
                blocks.append(Block("ul"))
            blocks[-1].items.append(stripped[2:].strip())
        elif re.match(r"^\d+\. ", stripped):
            flush()
            if not blocks or blocks[-1].kind != "ol":
                blocks.append(Block("ol"))
            blocks[-1].items.append(stripped.split(" ", 1)[1].strip())
        elif stripped.startswith("|"):
            flush()
            cells = [c.strip() for c in stripped.strip("|").split("|")]
            if all(re.fullmatch(r":?-+:?", c) for c in cells):
                continue  # Markdown separator row
            if not blocks or blocks[-1].kind != "table":
                blocks.append(Block("table"))
            blocks[-1].rows.append(cells)
        else:
            paragraph.append(stripped)
    flush()
    fmt = meta.get("format", "")
    if fmt not in ("pdf", "docx", "html", "md"):
        raise ValueError(f"{path.name}: unknown format {fmt!r}")
    return Source(path.stem, meta["title"], fmt, blocks, meta)


def bold_spans(text: str) -> list[tuple[str, bool]]:
    """Split "a **b** c" into [("a ", False), ("b", True), (" c", False)]."""
    parts = re.split(r"\*\*(.+?)\*\*", text)
    return [(part, i % 2 == 1) for i, part in enumerate(parts) if part]


def plain(text: str) -> str:
    return text.replace("**", "")


# --------------------------------------------------------------------------- PDF


def build_pdf(src: Source) -> bytes:
    from reportlab import rl_config

    rl_config.invariant = 1  # no creation date / random document id: reproducible bytes
    from reportlab.lib import colors
    from reportlab.lib.enums import TA_LEFT
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import cm
    from reportlab.platypus import (
        ListFlowable,
        ListItem,
        PageBreak,
        Paragraph,
        SimpleDocTemplate,
        Spacer,
        Table,
        TableStyle,
    )

    base = ParagraphStyle("base", fontName="Helvetica", fontSize=10.5, leading=14.5, alignment=TA_LEFT, spaceAfter=6)
    demo = ParagraphStyle("demo", parent=base, fontName="Helvetica-Oblique", fontSize=9, textColor=colors.HexColor("#555555"))
    title = ParagraphStyle("title", parent=base, fontName="Helvetica-Bold", fontSize=18, leading=22, spaceBefore=6, spaceAfter=12, textColor=colors.HexColor("#0b4f8a"))
    h2 = ParagraphStyle("h2", parent=base, fontName="Helvetica-Bold", fontSize=13.5, leading=17, spaceBefore=12, spaceAfter=6, textColor=colors.HexColor("#0b4f8a"))
    h3 = ParagraphStyle("h3", parent=base, fontName="Helvetica-Bold", fontSize=11.5, leading=15, spaceBefore=8, spaceAfter=4)
    cell = ParagraphStyle("cell", parent=base, fontSize=9.5, leading=12, spaceAfter=0)
    cell_head = ParagraphStyle("cellhead", parent=cell, fontName="Helvetica-Bold")

    def markup(text: str) -> str:
        return "".join(f"<b>{html.escape(t, quote=False)}</b>" if b else html.escape(t, quote=False) for t, b in bold_spans(text))

    story = [Paragraph(html.escape(DISCLAIMER, quote=False), demo), Paragraph(html.escape(src.title, quote=False), title)]
    n2 = n3 = 0
    for block in src.blocks:
        if block.kind == "page":
            story.append(PageBreak())
        elif block.kind == "h2":
            n2, n3 = n2 + 1, 0
            story.append(Paragraph(f"{n2}. {markup(block.text)}", h2))
        elif block.kind == "h3":
            n3 += 1
            story.append(Paragraph(f"{n2}.{n3}. {markup(block.text)}", h3))
        elif block.kind == "p":
            story.append(Paragraph(markup(block.text), base))
        elif block.kind in ("ul", "ol"):
            items = [ListItem(Paragraph(markup(item), base), leftIndent=14) for item in block.items]
            if block.kind == "ul":
                story.append(ListFlowable(items, bulletType="bullet", start="•", leftIndent=14, bulletFontSize=9))
            else:
                story.append(ListFlowable(items, bulletType="1", leftIndent=16, bulletFontName="Helvetica"))
        elif block.kind == "table":
            data = [[Paragraph(markup(c), cell_head if r == 0 else cell) for c in row] for r, row in enumerate(block.rows)]
            table = Table(data, hAlign="LEFT", colWidths=[(A4[0] - 4.4 * cm) / len(block.rows[0])] * len(block.rows[0]))
            table.setStyle(TableStyle([
                ("GRID", (0, 0), (-1, -1), 0.5, colors.HexColor("#8a8a8a")),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e3edf7")),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ]))
            story += [table, Spacer(1, 8)]
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer, pagesize=A4, leftMargin=2.2 * cm, rightMargin=2.2 * cm, topMargin=2 * cm, bottomMargin=2 * cm,
        title=src.title, author=AUTHOR, subject=DISCLAIMER, creator="scripts/build_demo_documents.py",
        producer="reportlab", lang="fr-FR",
    )
    doc.build(story)
    return buffer.getvalue()


# --------------------------------------------------------------------------- DOCX


def normalize_zip(data: bytes) -> bytes:
    """Rewrite an Office archive with fixed entry dates and order, so builds are reproducible."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=FIXED_DATE.timetuple()[:6])
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            zout.writestr(entry, zin.read(info.filename))
    return out.getvalue()


def build_docx(src: Source) -> bytes:
    import docx
    from docx.shared import Pt, RGBColor

    document = docx.Document()
    props = document.core_properties
    props.title = src.title
    props.author = AUTHOR
    props.last_modified_by = AUTHOR
    props.subject = DISCLAIMER
    props.language = "fr-FR"
    props.created = FIXED_DATE
    props.modified = FIXED_DATE
    props.revision = 1

    demo = document.add_paragraph()
    run = demo.add_run(DISCLAIMER)
    run.italic = True
    run.font.size = Pt(9)
    run.font.color.rgb = RGBColor(0x55, 0x55, 0x55)
    document.add_paragraph(src.title, style="Title")

    def fill(paragraph, text: str) -> None:
        for part, is_bold in bold_spans(text):
            paragraph.add_run(part).bold = is_bold

    for block in src.blocks:
        if block.kind == "h2":
            document.add_heading(plain(block.text), level=1)
        elif block.kind == "h3":
            document.add_heading(plain(block.text), level=2)
        elif block.kind == "p":
            fill(document.add_paragraph(), block.text)
        elif block.kind in ("ul", "ol"):
            style = "List Bullet" if block.kind == "ul" else "List Number"
            for item in block.items:
                fill(document.add_paragraph(style=style), item)
        elif block.kind == "table":
            table = document.add_table(rows=len(block.rows), cols=len(block.rows[0]))
            table.style = "Table Grid"
            for r, row in enumerate(block.rows):
                for c, value in enumerate(row):
                    cell = table.cell(r, c)
                    cell.text = ""
                    run = cell.paragraphs[0].add_run(plain(value))
                    run.bold = r == 0
            document.add_paragraph()
    buffer = io.BytesIO()
    document.save(buffer)
    return normalize_zip(buffer.getvalue())


# --------------------------------------------------------------------------- HTML

HTML_PAGE = """<!DOCTYPE html>
<html lang="fr">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="description" content="{description}">
<title>{title} — Région Sud (démo)</title>
<link rel="stylesheet" href="/assets/site.css">
<script>window.dataLayer = window.dataLayer || []; /* mesure d'audience fictive */</script>
</head>
<body>
<header class="site-header">
  <a class="logo" href="/">Région Sud <span>(site de démonstration)</span></a>
  <nav aria-label="Menu principal">
    <ul>
      <li><a href="/aides">Aides et services</a></li>
      <li><a href="/jeunesse">Jeunesse et lycées</a></li>
      <li><a href="/transports">Transports</a></li>
      <li><a href="/economie">Économie et emploi</a></li>
      <li><a href="/contact">Allo Région</a></li>
    </ul>
  </nav>
</header>
<nav class="breadcrumb" aria-label="Fil d'Ariane">
  <a href="/">Accueil</a> › <a href="/aides">Aides et services</a> › {title}
</nav>
<main id="contenu">
<p class="demo-banner"><strong>{disclaimer}</strong></p>
<article>
<h1>{title}</h1>
{body}
</article>
</main>
<footer class="site-footer">
  <p>Région Sud — site fictif de démonstration de Sud IA.</p>
  <ul>
    <li><a href="/mentions-legales">Mentions légales</a></li>
    <li><a href="/accessibilite">Accessibilité : partiellement conforme</a></li>
    <li><a href="/donnees-personnelles">Données personnelles</a></li>
    <li><a href="/plan-du-site">Plan du site</a></li>
  </ul>
</footer>
<script src="/assets/site.js" defer></script>
</body>
</html>
"""


def build_html(src: Source) -> bytes:
    def markup(text: str) -> str:
        return "".join(f"<strong>{html.escape(t)}</strong>" if b else html.escape(t) for t, b in bold_spans(text))

    parts: list[str] = []
    for block in src.blocks:
        if block.kind == "h2":
            parts.append(f"<h2>{markup(block.text)}</h2>")
        elif block.kind == "h3":
            parts.append(f"<h3>{markup(block.text)}</h3>")
        elif block.kind == "p":
            parts.append(f"<p>{markup(block.text)}</p>")
        elif block.kind in ("ul", "ol"):
            items = "\n".join(f"  <li>{markup(i)}</li>" for i in block.items)
            parts.append(f"<{block.kind}>\n{items}\n</{block.kind}>")
        elif block.kind == "table":
            head = "".join(f"<th scope=\"col\">{markup(c)}</th>" for c in block.rows[0])
            rows = "\n".join("  <tr>" + "".join(f"<td>{markup(c)}</td>" for c in row) + "</tr>" for row in block.rows[1:])
            parts.append(f"<table>\n<thead><tr>{head}</tr></thead>\n<tbody>\n{rows}\n</tbody>\n</table>")
    description = plain(next((b.text for b in src.blocks if b.kind == "p"), src.title))[:155]
    page = HTML_PAGE.format(
        title=html.escape(src.title), description=html.escape(description), disclaimer=html.escape(DISCLAIMER),
        body="\n".join(parts),
    )
    return page.encode("utf-8")


# --------------------------------------------------------------------------- Markdown


def build_md(src: Source) -> bytes:
    lines = [f"*{DISCLAIMER}*", "", f"# {src.title}", ""]
    for block in src.blocks:
        if block.kind == "h2":
            lines += [f"## {block.text}", ""]
        elif block.kind == "h3":
            lines += [f"### {block.text}", ""]
        elif block.kind == "p":
            lines += [block.text, ""]
        elif block.kind == "ul":
            lines += [f"- {i}" for i in block.items] + [""]
        elif block.kind == "ol":
            lines += [f"{n}. {i}" for n, i in enumerate(block.items, start=1)] + [""]
        elif block.kind == "table":
            header, *rows = block.rows
            lines.append("| " + " | ".join(header) + " |")
            lines.append("|" + "|".join("---" for _ in header) + "|")
            lines += ["| " + " | ".join(r) + " |" for r in rows]
            lines.append("")
    return ("\n".join(lines).rstrip() + "\n").encode("utf-8")


BUILDERS = {"pdf": build_pdf, "docx": build_docx, "html": build_html, "md": build_md}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="output folder (default: %(default)s)")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    sources = sorted(SOURCES.glob("*.md"))
    if not sources:
        print(f"no sources in {SOURCES}", file=sys.stderr)
        return 1
    expected: set[str] = set()
    counts: dict[str, int] = {}
    for path in sources:
        src = parse_source(path)
        data = BUILDERS[src.fmt](src)
        if len(data) > MAX_BYTES:
            raise SystemExit(f"{path.name}: {len(data)} bytes, over the {MAX_BYTES} limit")
        name = f"{src.slug}.{src.fmt}"
        target = args.out / name
        expected.add(name)
        counts[src.fmt] = counts.get(src.fmt, 0) + 1
        if not target.exists() or target.read_bytes() != data:
            target.write_bytes(data)
        print(f"{name:55s} {len(data):>8,d} bytes")
    stale = sorted(p.name for p in args.out.iterdir() if p.is_file() and p.name not in expected)
    for name in stale:
        print(f"warning: {name} has no source (left in place)", file=sys.stderr)
    print("formats: " + ", ".join(f"{k}={v}" for k, v in sorted(counts.items())))
    return 0


if __name__ == "__main__":
    sys.exit(main())
