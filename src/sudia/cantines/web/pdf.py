"""The monthly report as a PDF (reportlab, extra `cantines`): the same numbers as the HTML page."""

from __future__ import annotations

import io
from html import escape

from sudia.cantines.impact import ImpactFactors
from sudia.cantines.types import WASTE_CATEGORIES, WASTE_LABELS, Canteen
from sudia.errors import SudiaError


def _n(v: object, unit: str = "") -> str:
    if v is None:
        return "—"
    text = f"{v:,.1f}".replace(",", " ").replace(".", ",") if isinstance(v, float) else f"{v:,}".replace(",", " ")
    return f"{text} {unit}".strip()


def monthly_pdf(canteen: Canteen, month_label: str, summary: dict, dishes: list[dict], factors: ImpactFactors) -> bytes:
    try:
        from reportlab.lib import colors
        from reportlab.lib.pagesizes import A4
        from reportlab.lib.styles import getSampleStyleSheet
        from reportlab.lib.units import cm
        from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle
    except ImportError as exc:
        raise SudiaError("SUDIA-M002", package="reportlab", extra="cantines") from exc
    buffer = io.BytesIO()
    title = f"Rapport mensuel — {canteen.name} — {month_label}"
    doc = SimpleDocTemplate(buffer, pagesize=A4, title=title, author="Sud IA, Région Sud", lang="fr-FR",
                            leftMargin=2 * cm, rightMargin=2 * cm, topMargin=2 * cm, bottomMargin=2 * cm)
    styles = getSampleStyleSheet()
    acc = summary["accuracy"]
    rows = [["Jours de service", _n(summary["days"])], ["Repas servis", _n(summary["served"])],
            ["Repas préparés", _n(summary["prepared"])], ["Surplus préparé", _n(summary["surplus_pct"], "%")],
            ["Jours de manque", _n(summary["shortage_days"])], ["Gaspillage pesé", _n(summary["waste_kg"], "kg")],
            ["Gaspillage par repas", _n(summary["waste_g_per_meal"], "g")],
            ["Écart moyen de la prévision Sud IA", _n(acc["mae_forecast"], "repas")],
            ["Écart moyen de la prévision de la cuisine", _n(acc["mae_staff"], "repas")],
            ["Carbone du gaspillage pesé", _n(summary["waste_impact"]["co2e_kg"], "kgCO2e")],
            ["Coût des denrées jetées", _n(summary["waste_impact"]["euros"], "€")],
            ["Repas évités en suivant les recommandations", _n(summary["avoided"]["meals"])]]
    table_style = TableStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.grey), ("BACKGROUND", (0, 0), (-1, 0), colors.whitesmoke)])
    story = [Paragraph(escape(title), styles["Title"]),
             Paragraph(escape(f"{canteen.commune} — académie {canteen.academie or '—'}"), styles["Normal"]), Spacer(1, 12),
             Table([["Indicateur", "Valeur"]] + rows, colWidths=[10 * cm, 6 * cm], style=table_style), Spacer(1, 12),
             Paragraph("Gaspillage par catégorie (grammes par repas servi)", styles["Heading2"]),
             Table([["Catégorie", "g / repas"]] + [[WASTE_LABELS[c], _n(summary["per_meal"][c])] for c in WASTE_CATEGORIES],
                   colWidths=[10 * cm, 6 * cm], style=table_style)]
    if dishes:
        story += [Spacer(1, 12), Paragraph("Plats après lesquels les assiettes reviennent les plus pleines", styles["Heading2"]),
                  Table([["Plat", "g / repas", "jours"]] + [[Paragraph(escape(d["dish"]), styles["Normal"]), _n(d["grams_per_meal"]), _n(d["days"])] for d in dishes],
                        colWidths=[10 * cm, 3 * cm, 3 * cm], style=table_style)]
    story += [Spacer(1, 12), Paragraph(escape(f"Facteurs : {factors.co2e_kg_per_kg_waste} kgCO2e et {factors.euros_per_kg_waste} € "
                                              f"par kg jeté ; source : {factors.source}"), styles["Normal"])]
    doc.build(story)
    return buffer.getvalue()
