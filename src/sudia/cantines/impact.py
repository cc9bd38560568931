"""Food, carbon and money per meal and per kg wasted, with the source of every factor.

One coherent source for all factors: ADEME's study of the full cost of food loss and waste in
12 collective-catering sites (« Approche du coût complet des pertes et gaspillage alimentaire en
restauration collective », rapport d'étude, août 2016). Per meal served it measured 113 g lost,
equal to 17 % of the food bought (by weight), 0.27 € of food bought (14 % of the purchase cost;
0.68 € with indirect costs: staff time, energy, waste collection) and 452 gCO2e (17 % of a meal's
emissions). The factors below are derived from those published figures; the administrator may
replace them (settings `SUDIA_CANTINES_*`).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

ADEME_2016 = ("ADEME (2016), « Approche du coût complet des pertes et gaspillage alimentaire en restauration "
              "collective », rapport d'étude, août 2016 (12 établissements, Auvergne-Rhône-Alpes) ; chiffres repris "
              "dans http://juristes-environnement.com/article_detail.php?id=3012 et "
              "https://recyclage-recuperation.fr/archives-dechets-com/gaspi-alimentaire-un-cout-non-negligeable-pour-les-collectivites")
ADEME_2016_DERIVATION = {
    "kg_per_meal": "113 g perdus par repas = 17 % du poids des denrées achetées → 0,113 / 0,17 = 0,665 kg de denrées par repas",
    "co2e_kg_per_meal": "452 gCO2e perdus par repas = 17 % des émissions d'un repas → 0,452 / 0,17 = 2,66 kgCO2e par repas",
    "euros_per_meal": "0,27 € de denrées perdues par repas = 14 % du coût d'achat → 0,27 / 0,14 = 1,93 € de denrées par repas",
    "co2e_kg_per_kg_waste": "452 gCO2e pour 113 g perdus → 4,0 kgCO2e par kg de nourriture jetée",
    "euros_per_kg_waste": "0,27 € pour 113 g perdus → 2,39 € de denrées par kg jeté (6,02 € avec les coûts indirects, 0,68 €)",
}


@dataclass(frozen=True)
class ImpactFactors:
    kg_per_meal: float = 0.665
    co2e_kg_per_meal: float = 2.66
    euros_per_meal: float = 1.93
    co2e_kg_per_kg_waste: float = 4.0
    euros_per_kg_waste: float = 2.39
    source: str = ADEME_2016

    def meals(self, n: float) -> dict[str, float]:
        """What `n` meals not prepared spare: their food, its carbon and its purchase cost (an upper bound:
        part of a surplus is sometimes served as second helpings or given away)."""
        return {"meals": round(n, 1), "kg": round(n * self.kg_per_meal, 1),
                "co2e_kg": round(n * self.co2e_kg_per_meal, 1), "euros": round(n * self.euros_per_meal, 2)}

    def waste(self, kg: float) -> dict[str, float]:
        return {"kg": round(kg, 1), "co2e_kg": round(kg * self.co2e_kg_per_kg_waste, 1),
                "euros": round(kg * self.euros_per_kg_waste, 2)}

    def to_dict(self) -> dict[str, object]:
        return {**asdict(self), "derivation": ADEME_2016_DERIVATION if self.source == ADEME_2016 else {}}
