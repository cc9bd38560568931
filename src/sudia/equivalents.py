"""Everyday equivalents of an energy (Wh) or a carbon footprint (gCO2e), in the spirit of Compar:IA.

Each factor names its source, shown on the frugality page next to the figures. Compar:IA
(betagouv/ComparIA, frontend/src/lib/energyEquivalences.ts) compares an answer's energy with a
6 W LED bulb, a 15 Wh smartphone battery and 80 W of video streaming; we take the same references,
so that figures read the same on both sites, and add ADEME's car factors (Impact CO2, Base Empreinte).
"""

from __future__ import annotations

from dataclasses import dataclass

# Compar:IA's LED reference: 6 W gives the light of a 60 W incandescent bulb (UFC-Que Choisir,
# « Ampoules LED : guide d'achat »: « une LED performante de 6 W éclaire aussi bien qu'une ampoule à
# incandescence de 60 W »).
LED_WATTS = 6.0
# Compar:IA's smartphone battery: about 15 Wh (a 3 900 mAh battery at 3,85 V; current phones hold
# 3 000 to 5 000 mAh). One "charge" is a full battery, charger losses left out.
PHONE_CHARGE_WH = 15.0
# Compar:IA's video streaming reference: 80 W (watching on a television with its box).
VIDEO_WATTS = 80.0
# A compact electric car uses 15 kWh per 100 km in mixed driving (Automobile Propre, « La
# consommation d'une voiture électrique »: 10 to 20 kWh/100 km; WLTP of a Peugeot e-208: 15,4).
ELECTRIC_CAR_WH_PER_KM = 150.0
# ADEME Impact CO2, « Voiture — moteur thermique », per km and per person: 192 g of use (fuel and its
# production) plus 25,6 g of construction (manufacture, upkeep, end of life) = 217,6 gCO2e/km.
# Source: impactco2.fr/outils/transport/voiturethermique, from Base Empreinte (« Routier »).
THERMAL_CAR_G_PER_KM = 217.6

SOURCES: tuple[tuple[str, str], ...] = (
    ("Compar:IA (ministère de la Culture, beta.gouv.fr) — références ampoule LED 6 W, batterie de "
     "smartphone 15 Wh, vidéo en ligne 80 W", "https://comparia.beta.gouv.fr"),
    ("ADEME, Impact CO2 — voiture thermique : 217,6 gCO2e/km (usage 192 g + construction 25,6 g), "
     "Base Empreinte", "https://impactco2.fr/outils/transport/voiturethermique"),
    ("Automobile Propre — consommation d'une voiture électrique compacte : environ 15 kWh/100 km",
     "https://www.automobile-propre.com/dossiers/la-consommation-dune-voiture-electrique/"),
)


@dataclass(frozen=True)
class Equivalent:
    """One comparison: `value` of `unit` (minutes, charges, km...), and the sentence to show."""

    key: str
    value: float
    unit: str
    text: str


def energy_equivalents(wh: float) -> list[Equivalent]:
    """LED lighting, smartphone charges, video streaming and electric-car distance for `wh` watt-hours."""
    wh = max(float(wh), 0.0)
    led_s = wh / LED_WATTS * 3600
    video_s = wh / VIDEO_WATTS * 3600
    charges = wh / PHONE_CHARGE_WH
    km = wh / ELECTRIC_CAR_WH_PER_KM
    return [
        Equivalent("ampoule_led", led_s / 60, "minutes", f"{duration(led_s)} d'éclairage d'une ampoule LED de 6 W"),
        Equivalent("smartphone", charges, "recharges", _charges(charges)),
        Equivalent("video", video_s / 60, "minutes", f"{duration(video_s)} de vidéo en ligne sur un téléviseur"),
        Equivalent("voiture_electrique", km, "km", f"{distance(km)} en voiture électrique"),
    ]


def carbon_equivalents(gco2e: float) -> list[Equivalent]:
    """Distance driven in a petrol or diesel car emitting the same `gco2e`."""
    km = max(float(gco2e), 0.0) / THERMAL_CAR_G_PER_KM
    return [Equivalent("voiture_thermique", km, "km", f"{distance(km)} en voiture thermique")]


def duration(seconds: float) -> str:
    """'< 1 s', '42 s', '12 min', '3 h 20 min', '2,5 jours' — French, rounded for reading."""
    if seconds < 0.5:
        return "moins d'une seconde"
    if seconds < 60:
        return f"{round(seconds)} s"
    if seconds < 3600:
        return f"{round(seconds / 60)} min"
    if seconds < 86400:
        hours, minutes = divmod(round(seconds / 60), 60)
        return f"{hours} h" + (f" {minutes:02d} min" if minutes else "")
    return f"{_decimal(seconds / 86400)} jours"


def distance(km: float) -> str:
    """'moins d'un mètre', '35 m', '1,2 km', '1 250 km'."""
    metres = km * 1000
    if metres < 1:
        return "moins d'un mètre"
    if metres < 1000:
        return f"{round(metres)} m"
    return f"{_decimal(km)} km"


def _charges(charges: float) -> str:
    if charges < 0.001:
        return "moins d'un millième de recharge de smartphone"
    if charges < 1:
        return f"{_decimal(charges * 100)} % d'une recharge de smartphone"
    return f"{_decimal(charges)} recharge{'s' if charges >= 2 else ''} de smartphone"


def _decimal(value: float) -> str:
    """One decimal under 10, none above; French separators (1 234,5)."""
    text = f"{value:,.1f}" if value < 10 else f"{value:,.0f}"
    text = text.removesuffix(".0")
    return text.replace(",", "\u202f").replace(".", ",")
