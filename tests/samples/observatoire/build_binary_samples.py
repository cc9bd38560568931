"""Rebuilds the PDF and DOCX samples of the observatory dev set (run by hand: python build_binary_samples.py)."""

from __future__ import annotations

from pathlib import Path

HERE = Path(__file__).parent

LISAP = [
    ("title", "Laboratoire d'Informatique et Systèmes Avancés de Provence"),
    ("h2", "Brochure de présentation 2024"),
    ("p", "Le Laboratoire d'Informatique et Systèmes Avancés de Provence (LISAP) est installé au "
          "Technopôle de Château-Gombert, à Marseille."),
    ("p", "Le LISAP rassemble 120 chercheurs et doctorants en apprentissage automatique, robotique "
          "et traitement du langage. Son budget annuel atteint 9 M€, dont 40 % de contrats de "
          "recherche avec les entreprises."),
    ("p", "Le laboratoire collabore avec la start-up Nexaflow sur la prévision du trafic portuaire "
          "et avec l'ESIAN pour la formation des ingénieurs."),
    ("p", "En 2023, le LISAP a ouvert une plateforme de calcul de 2 MW."),
    ("p", "Directrice : Hélène Garnier, professeure des universités."),
]

SEMAPHORE = [
    ("title", "Dossier de presse — Sémaphore Robotics"),
    ("p", "Toulon, avril 2024."),
    ("p", "Sémaphore Robotics conçoit des drones sous-marins autonomes pour l'inspection des "
          "coques et des infrastructures portuaires. La société a été créée en 2020 à Toulon."),
    ("p", "En mars 2024, SEMAPHORE ROBOTICS a levé 3,5 millions d'euros auprès de Calanques "
          "Ventures et du fonds Méditerranée Deeptech."),
    ("p", "L'entreprise emploie 28 salariés et a ouvert un atelier de 1 500 m² à "
          "La Seyne-sur-Mer."),
    ("p", "Sémaphore Robotics est accompagnée par l'accélérateur Rade Booster depuis 2021."),
    ("p", "« Nos drones réduisent de moitié le temps d'inspection », indique Laura Benedetti, "
          "présidente de Sémaphore Robotics."),
]


def build_pdf(path: Path, parts: list[tuple[str, str]]) -> None:
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer

    styles = getSampleStyleSheet()
    names = {"title": "Title", "h2": "Heading2", "p": "BodyText"}
    story = []
    for kind, text in parts:
        story += [Paragraph(text, styles[names[kind]]), Spacer(1, 8)]
    # Narrow frame on purpose: figures end up split across line breaks, as in real brochures.
    SimpleDocTemplate(str(path), pagesize=A4, leftMargin=150, rightMargin=150, invariant=1).build(story)


def build_docx(path: Path, parts: list[tuple[str, str]]) -> None:
    import docx

    document = docx.Document()
    for kind, text in parts:
        if kind == "title":
            document.add_heading(text, level=1)
        else:
            document.add_paragraph(text)
    import datetime

    document.core_properties.created = datetime.datetime(2024, 4, 2)
    document.save(str(path))


if __name__ == "__main__":
    build_pdf(HERE / "brochure_lisap.pdf", LISAP)
    build_docx(HERE / "dossier_semaphore_robotics.docx", SEMAPHORE)
