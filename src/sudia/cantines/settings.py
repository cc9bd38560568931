"""The canteens' slice of the `SUDIA_*` settings (prefix `SUDIA_CANTINES_`), read once at the edge."""

from __future__ import annotations

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

from sudia.cantines.impact import ImpactFactors


class CantinesSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="SUDIA_CANTINES_", env_file=None, extra="ignore")

    risk: float = Field(default=0.05, gt=0, lt=1, description="Risque de manque visé par la quantité recommandée (0,05 = un jour sur vingt)")
    default_margin: float = Field(default=0.10, description="Marge habituelle supposée d'une cuisine qui n'a pas encore d'historique (0,10 = 10 %)")
    region_group: str = Field(default="cantines-region", description="Groupe de l'équipe régionale : voit et modifie toutes les cantines, le calendrier et les modèles")
    chef_prefix: str = Field(default="cantine-", description="Préfixe des groupes des chefs : « cantine-X » voit les cantines du lycée X")
    model: str = Field(default="lightgbm", description="Modèle de prévision : lightgbm, sklearn ou statsmodels")
    threads: int = Field(default=1, description="Fils de calcul pour l'apprentissage")
    retrain_days: int = Field(default=7, description="Réentraîner le modèle quand il a plus de N jours (0 = seulement à la demande)")
    demo: bool = Field(default=True, description="Créer des cantines de démonstration (données synthétiques) si aucune n'existe")
    kg_per_meal: float = Field(default=0.665, description="Denrées par repas préparé, en kg (ADEME 2016, voir sudia/cantines/impact.py)")
    co2e_kg_per_meal: float = Field(default=2.66, description="Émissions d'un repas, en kgCO2e (ADEME 2016)")
    euros_per_meal: float = Field(default=1.93, description="Coût des denrées d'un repas, en euros (ADEME 2016)")
    co2e_kg_per_kg_waste: float = Field(default=4.0, description="Émissions par kg de nourriture jetée, en kgCO2e (ADEME 2016)")
    euros_per_kg_waste: float = Field(default=2.39, description="Coût des denrées par kg jeté, en euros (ADEME 2016)")

    def factors(self) -> ImpactFactors:
        defaults = ImpactFactors()
        custom = (self.kg_per_meal, self.co2e_kg_per_meal, self.euros_per_meal, self.co2e_kg_per_kg_waste,
                  self.euros_per_kg_waste) != (defaults.kg_per_meal, defaults.co2e_kg_per_meal, defaults.euros_per_meal,
                                                defaults.co2e_kg_per_kg_waste, defaults.euros_per_kg_waste)
        source = "Facteurs fixés par l'administrateur (SUDIA_CANTINES_*)" if custom else defaults.source
        return ImpactFactors(self.kg_per_meal, self.co2e_kg_per_meal, self.euros_per_meal, self.co2e_kg_per_kg_waste,
                             self.euros_per_kg_waste, source)
