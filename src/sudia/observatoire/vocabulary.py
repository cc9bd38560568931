"""French names of the observatory's kinds, fact types and scopes, for pages and exports alike."""

from __future__ import annotations

from sudia.text.french import fold

KIND_LABELS: dict[str, str] = {
    "company": "Entreprise", "startup": "Start-up", "lab": "Laboratoire", "school": "Formation",
    "public_body": "Acteur public", "accelerator": "Accélérateur", "venue": "Lieu", "event": "Événement",
    "investor": "Investisseur", "infrastructure": "Centre de données",
}
FACT_LABELS: dict[str, str] = {
    "investment_eur": "Investissement annoncé", "funding_eur": "Levée de fonds", "budget_eur": "Budget",
    "revenue_eur": "Chiffre d'affaires", "power_mw": "Puissance", "area_m2": "Surface", "jobs": "Effectif",
    "count": "Nombre",
}
SCOPE_LABELS: dict[str, str] = {"regional": "régionale", "national": "nationale", "other_region": "autre région",
                                 "worldwide": "mondiale"}


def fact_label(fact_type: str, unit: str = "") -> str:
    """'jobs' -> 'Effectif'; a count says what it counts: 'Nombre de participants'."""
    if fact_type == "count" and unit:
        return f"Nombre d'{unit}" if fold(unit)[:1] in "aeiouyh" else f"Nombre de {unit}"
    return FACT_LABELS.get(fact_type, fact_type)
