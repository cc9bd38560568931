"""The RGAA 4.1 self-assessment of Sud IA's pages, from which the accessibility declaration is built.

Each of the 106 criteria (numbered theme.criterion) is conforming (C), not conforming (NC) or not
applicable (NA) on the sample of pages listed in `SAMPLE`; the notes say, in our words, what was
checked. The rate is C / (C + NC), as the RGAA computes it, and the status follows the RGAA's rule:
totally conforming at 100 %, partially from 50 %, not conforming below. This is an internal
self-assessment (automated axe-core checks of every sampled page in the browser tests, keyboard,
200 % zoom, 320 px reflow and contrast checked by hand), not an audit by an independent body:
the declaration says so. Update `CHECKED_ON` and the grid whenever a page changes.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Status = Literal["C", "NC", "NA"]
RGAA_VERSION = "4.1.2"
CHECKED_ON = "2026-12-01"
CRITERIA_PER_THEME = {1: 9, 2: 2, 3: 3, 4: 13, 5: 8, 6: 2, 7: 5, 8: 10, 9: 4, 10: 14, 11: 13, 12: 11, 13: 12}
THEMES = {1: "Images", 2: "Cadres", 3: "Couleurs", 4: "Multimédia", 5: "Tableaux", 6: "Liens", 7: "Scripts",
          8: "Éléments obligatoires", 9: "Structuration de l'information", 10: "Présentation de l'information",
          11: "Formulaires", 12: "Navigation", 13: "Consultation"}

SAMPLE = (
    ("Assistant (accueil), avec une conversation", "/"),
    ("Mes conversations", "/historique"),
    ("Recherche, avec des résultats", "/recherche"),
    ("Documents d'une collection", "/documents"),
    ("Passage cité dans un document", "/documents/…"),
    ("Connexion", "/connexion"),
    ("Avis sur les réponses (administration)", "/admin/avis"),
    ("Déclaration d'accessibilité", "/accessibilite"),
    ("Plan du site", "/plan-du-site"),
)

# Criteria that are not applicable on the sample: no frames, no media, no complex or layout tables,
# no CAPTCHA, no text in images, no change of reading direction, no time limit, no moving content.
_NOT_APPLICABLE = {
    "1.4", "1.5", "1.8", "1.9", "2.1", "2.2", *(f"4.{i}" for i in range(1, 14)), "5.1", "5.2", "5.3", "5.8",
    "8.10", "10.14", "12.10", "13.1", "13.7", "13.8", "13.10", "13.12",
}

# What fails, in our words, and what is planned.
NON_CONFORMITIES: dict[str, str] = {
    "11.10": "Les champs obligatoires de certains formulaires (connexion, administration) ne sont pas signalés "
             "comme tels avant l'envoi ; une erreur en français explique ce qui manque après l'envoi.",
    "13.4": "La version HTML d'un document déposé (page « passage cité ») reprend son texte, ses pages et ses "
            "sections, mais pas ses images ni la mise en forme de ses tableaux : elle ne donne pas toujours la "
            "même information que le fichier d'origine.",
}

# How the conforming criteria were checked (themes that are not obvious from the grid).
NOTES: dict[str, str] = {
    "1": "Pas d'image porteuse d'information hors des graphiques, qui ont chacun un titre et un tableau de données.",
    "3": "Contrastes vérifiés par axe-core et à la main (texte 4,5:1, composants 3:1) ; l'état d'un avis (utile, "
         "pas utile) est donné par le texte et par l'état « pressé » du bouton, pas par la couleur seule.",
    "7": "Chaque page fonctionne sans script ; la réponse qui s'affiche sans rechargement est annoncée par une "
         "zone de statut ; boutons natifs, utilisables au clavier.",
    "8": "Balises équilibrées et identifiants uniques vérifiés automatiquement sur chaque page de l'échantillon ; "
         "langue « fr » ; titre de page propre à chaque page (titre de la conversation, mots recherchés).",
    "10": "Lisible à 200 % ; aucune barre de défilement horizontale à 320 pixels de large (menu repliable sur "
          "téléphone) ; prise de focus visible ; liens soulignés.",
    "12": "Menu principal, plan du site et moteur de recherche sur chaque page ; lien d'évitement vers le contenu.",
    "13": "Chaque document déposé a une version HTML (texte, pages, sections) consultable dans Sud IA ; "
          "les émoticônes 👍 et 👎 sont doublées d'un texte.",
}


@dataclass(frozen=True)
class Assessment:
    grid: dict[str, Status]

    @property
    def conforming(self) -> int:
        return sum(1 for s in self.grid.values() if s == "C")

    @property
    def not_conforming(self) -> int:
        return sum(1 for s in self.grid.values() if s == "NC")

    @property
    def not_applicable(self) -> int:
        return sum(1 for s in self.grid.values() if s == "NA")

    @property
    def rate(self) -> float:
        applicable = self.conforming + self.not_conforming
        return self.conforming / applicable if applicable else 1.0

    @property
    def status(self) -> str:
        """The RGAA's wording: « totalement conforme », « partiellement conforme » or « non conforme »."""
        if self.not_conforming == 0:
            return "totalement conforme"
        return "partiellement conforme" if self.rate >= 0.5 else "non conforme"

    def by_theme(self) -> list[tuple[int, str, int, int, int]]:
        """(theme, name, C, NC, NA) for each theme."""
        rows = []
        for theme, name in THEMES.items():
            statuses = [s for k, s in self.grid.items() if int(k.split(".")[0]) == theme]
            rows.append((theme, name, statuses.count("C"), statuses.count("NC"), statuses.count("NA")))
        return rows


def assessment() -> Assessment:
    grid: dict[str, Status] = {}
    for theme, count in CRITERIA_PER_THEME.items():
        for number in range(1, count + 1):
            key = f"{theme}.{number}"
            grid[key] = "NC" if key in NON_CONFORMITIES else "NA" if key in _NOT_APPLICABLE else "C"
    return Assessment(grid)
