#!/usr/bin/env python3
"""Generate the ingestion test samples in this folder (deterministic, re-runnable).

Usage:  python tests/samples/ingest/make_samples.py
Needs:  reportlab, python-docx, Pillow, and a TrueType font for the scanned page
        (DejaVu Sans or Liberation Sans; Debian: apt-get install fonts-dejavu-core).

See tests/samples/README.md for what each file is for. The generated files are committed:
the tests read them and do not need this script (nor reportlab) to run.
"""

from __future__ import annotations

import io
import random
import sys
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
FIXED_DATE = (2024, 9, 2, 9, 0, 0)

# Sentences the tests look for: keep them in sync with tests/samples/README.md.
TRANSPORT_PAGE2 = "La demande de carte scolaire se fait avant le 15 juillet."
TRANSPORT_PAGE3 = "Le tarif annuel est de 110 euros pour les internes."
SCAN_SENTENCE = "L'aide au permis de conduire s'élève à 500 euros."
CANTINE_SENTENCE = "Le prix du repas est fixé à 2,80 euros."
BOURSES_SENTENCE = "La bourse régionale est versée en deux fois."
TER_SENTENCE = "L'abonnement Zou Études coûte 15 euros par mois."
LATIN1_SENTENCE = "Les élèves reçoivent une aide à la cantine."


def write(name: str, data: bytes) -> None:
    target = HERE / name
    if not target.exists() or target.read_bytes() != data:
        target.write_bytes(data)
    print(f"{name:28s} {len(data):>10,d} bytes")


# --------------------------------------------------------------------------- guide-transport.pdf

TRANSPORT_PAGES = [
    (
        "1. Qui peut en bénéficier ?",
        [
            "Le transport scolaire régional est ouvert aux lycéens domiciliés dans la région.",
            "Le domicile doit être situé à plus de 3 kilomètres du lycée fréquenté.",
            "Les apprentis inscrits dans un centre de formation peuvent aussi en profiter.",
            "Les élèves en situation de handicap ont droit à un transport adapté gratuit.",
        ],
    ),
    (
        "2. Comment faire la demande ?",
        [
            "La famille crée un compte sur le portail des transports de la Région.",
            TRANSPORT_PAGE2,
            "Il faut joindre une photo d'identité et un justificatif de domicile récent.",
            "La carte est envoyée par courrier au domicile avant la rentrée.",
        ],
    ),
    (
        "3. Tarifs et paiement",
        [
            "Le tarif annuel est de 90 euros pour les externes et les demi-pensionnaires.",
            TRANSPORT_PAGE3,
            "Le paiement peut se faire en trois fois par prélèvement automatique.",
            "Le transport est gratuit à partir du troisième enfant transporté.",
        ],
    ),
]


def make_guide_transport() -> bytes:
    from reportlab import rl_config

    rl_config.invariant = 1  # no timestamp nor random id: reproducible bytes
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4, invariant=1)
    pdf.setTitle("Guide du transport scolaire")
    pdf.setAuthor("Sud IA — échantillon de test")
    pdf.setSubject("Échantillon de test fictif pour l'ingestion")
    width, height = A4
    for number, (heading, paragraphs) in enumerate(TRANSPORT_PAGES, start=1):
        y = height - 72
        if number == 1:
            pdf.setFont("Helvetica-Bold", 18)
            pdf.drawString(72, y, "Guide du transport scolaire")
            y -= 40
        pdf.setFont("Helvetica-Bold", 14)
        pdf.drawString(72, y, heading)
        y -= 30
        pdf.setFont("Helvetica", 11)
        for paragraph in paragraphs:
            pdf.drawString(72, y, paragraph)  # one sentence per line: tests can find it whole
            y -= 24
        pdf.showPage()
    pdf.save()
    return buffer.getvalue()


# --------------------------------------------------------------------------- scan-aide-permis.pdf

SCAN_LINES = [
    ("Aide régionale au permis de conduire", True),
    ("", False),
    ("La Région aide les jeunes de 17 à 25 ans à passer le permis B.", False),
    (SCAN_SENTENCE, False),
    ("Elle est versée directement à l'auto-école partenaire.", False),
    ("", False),
    ("Conditions", True),
    ("Le demandeur doit être lycéen, apprenti ou suivi par une mission", False),
    ("locale, et résider dans la région depuis au moins six mois.", False),
    ("", False),
    ("Démarche", True),
    ("Le dossier est déposé en ligne avant la première leçon de conduite.", False),
    ("La décision est envoyée par courriel sous quatre semaines.", False),
]

FONT_CANDIDATES = [
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    "/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf",
    "/usr/share/fonts/dejavu/DejaVuSans.ttf",
]
BOLD_CANDIDATES = [
    "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
    "/usr/share/fonts/truetype/liberation/LiberationSans-Bold.ttf",
    "/usr/share/fonts/dejavu/DejaVuSans-Bold.ttf",
]


def _font(candidates: list[str], size: int):
    from PIL import ImageFont

    for path in candidates:
        if Path(path).exists():
            return ImageFont.truetype(path, size)
    raise SystemExit("no TrueType font found: apt-get install fonts-dejavu-core")


def make_scan() -> bytes:
    """An image-only PDF (no text layer): one A4 page rendered at 200 dpi, bilevel like a fax scan."""
    from PIL import Image, ImageDraw

    dpi = 200
    width, height = int(8.27 * dpi), int(11.69 * dpi)
    image = Image.new("L", (width, height), 255)
    draw = ImageDraw.Draw(image)
    regular, bold = _font(FONT_CANDIDATES, 34), _font(BOLD_CANDIDATES, 40)
    y = 220
    for text, is_heading in SCAN_LINES:
        if text:
            draw.text((170, y), text, fill=0, font=bold if is_heading else regular)
        y += 62 if text else 40
    bilevel = image.point(lambda v: 255 if v > 160 else 0).convert("1")
    buffer = io.BytesIO()
    import datetime as dt

    fixed = dt.datetime(*FIXED_DATE).utctimetuple()  # Pillow would stamp "now"
    bilevel.save(buffer, format="PDF", resolution=dpi, title="Aide au permis (scan)", creationDate=fixed, modDate=fixed)
    return buffer.getvalue()


# --------------------------------------------------------------------------- reglement-cantine.docx


def _normalize_zip(data: bytes) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=FIXED_DATE)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            zout.writestr(entry, zin.read(info.filename))
    return out.getvalue()


def make_cantine() -> bytes:
    import datetime as dt

    import docx

    document = docx.Document()
    props = document.core_properties
    props.title = "Règlement du service de restauration"
    props.author = "Sud IA — échantillon de test"
    props.last_modified_by = props.author
    props.created = props.modified = dt.datetime(*FIXED_DATE)
    props.revision = 1
    document.add_heading("Règlement du service de restauration", level=1)
    document.add_paragraph("Ce règlement fictif s'applique à la demi-pension du lycée de démonstration.")
    document.add_heading("Inscription à la demi-pension", level=2)
    document.add_paragraph("L'inscription se fait au début de chaque trimestre auprès du service d'intendance.")
    document.add_paragraph("Un changement de régime en cours de trimestre n'est accepté que pour raison de santé.")
    document.add_heading("Tarifs", level=2)
    document.add_paragraph(CANTINE_SENTENCE)
    table = document.add_table(rows=4, cols=2)
    table.style = "Table Grid"
    for row, (label, price) in enumerate(
        [("Catégorie", "Prix"), ("Repas élève", "2,80 euros"), ("Repas commensal", "4,50 euros"), ("Forfait interne", "11,90 euros par jour")]
    ):
        table.cell(row, 0).text = label
        table.cell(row, 1).text = price
    document.add_heading("Hygiène et sécurité", level=1)
    document.add_heading("Allergies alimentaires", level=2)
    document.add_paragraph("Les élèves allergiques peuvent apporter un panier-repas dans le cadre d'un projet d'accueil individualisé.")
    buffer = io.BytesIO()
    document.save(buffer)
    return _normalize_zip(buffer.getvalue())


# --------------------------------------------------------------------------- text formats

PAGE_BOURSES = f"""<!DOCTYPE html>
<html lang="fr">
<head>
<meta charset="utf-8">
<title>Bourses régionales — Région Sud (échantillon)</title>
<style>nav {{ display: flex; }} .menu-secret {{ color: red; }}</style>
<script>var trackingNavigation = "script-ne-doit-pas-etre-indexe";</script>
</head>
<body>
<header>
  <nav><ul><li><a href="/">Accueil</a></li><li><a href="/aides">Menu des aides</a></li><li><a href="/contact">Nous contacter</a></li></ul></nav>
</header>
<main>
  <h1>Bourses régionales d'études</h1>
  <p>La Région attribue des bourses aux étudiants des formations sanitaires et sociales.</p>
  <h2>Montant de la bourse</h2>
  <p>Le montant dépend des revenus de la famille et varie de 1 000 à 6 000 euros par an.</p>
  <h2>Versement</h2>
  <p>{BOURSES_SENTENCE}</p>
  <ul>
    <li>Premier versement en novembre.</li>
    <li>Second versement en mars.</li>
  </ul>
  <script>console.log("autre-script-non-indexe");</script>
</main>
<footer>
  <p>Mentions légales</p>
  <p>Plan du site — Accessibilité</p>
</footer>
</body>
</html>
"""

FAQ_TER = f"""---
title: FAQ des trains régionaux
auteur: Sud IA (échantillon de test)
date: 2024-09-02
---

# FAQ des trains régionaux

Questions fréquentes sur les abonnements des jeunes.

## Abonnements

{TER_SENTENCE}

Avantages de l'abonnement :

- trajets illimités entre deux gares ;
- paiement mensuel sans frais ;
- résiliation possible chaque mois.

## Tarifs

| Formule | Prix |
|---|---|
| Zou Études mensuel | 15 euros |
| Zou Études annuel | 150 euros |

## Remboursements

En cas de retards répétés, une compensation est versée aux abonnés.
"""

NOTICE_LATIN1 = f"""Notice d'information sur la restauration scolaire

{LATIN1_SENTENCE}
Le montant de l'aide dépend du quotient familial de la famille.
Les élèves boursiers reçoivent en plus une aide spécifique versée à la rentrée.
La demande est à déposer au secrétariat de l'établissement, accompagnée des pièces justificatives.
Après étude du dossier, la décision est communiquée à la famille par courrier.
Le reçu de paiement est remis à la famille à la fin de chaque trimestre.
Ça concerne tous les lycées publics : à vérifier auprès de l'intendance.
"""


def make_bomb() -> bytes:
    """A valid ZIP named .docx whose one entry inflates to 400 MB of zeros (the file stays small)."""
    buffer = io.BytesIO()
    chunk = bytes(1024 * 1024)
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        entry = zipfile.ZipInfo("word/document.xml", date_time=FIXED_DATE)
        entry.compress_type = zipfile.ZIP_DEFLATED
        with archive.open(entry, "w") as stream:
            for _ in range(400):
                stream.write(chunk)
    return buffer.getvalue()


def main() -> int:
    write("guide-transport.pdf", make_guide_transport())
    write("scan-aide-permis.pdf", make_scan())
    write("reglement-cantine.docx", make_cantine())
    write("page-bourses.html", PAGE_BOURSES.encode("utf-8"))
    write("faq-ter.md", FAQ_TER.encode("utf-8"))
    write("notice-latin1.txt", NOTICE_LATIN1.encode("iso-8859-1"))
    rng = random.Random(20240902)
    write("corrompu.pdf", b"%PDF-1.4\n" + rng.randbytes(4096))
    write("vide.txt", b"")
    garbage = rng.randbytes(2048)
    write("binaire.docx", b"\x00\x01" + garbage)  # never starts with the ZIP magic "PK"
    bomb = make_bomb()
    if len(bomb) >= 1024 * 1024:
        raise SystemExit("bombe.docx is over 1 MB")
    write("bombe.docx", bomb)
    return 0


if __name__ == "__main__":
    sys.exit(main())
