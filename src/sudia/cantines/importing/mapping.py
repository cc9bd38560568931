"""Which column holds which field: recognised from usual French and English headers, or given.

A mapping names, for each field, one column or several joined with `+` (Nantes' canteens are
named by `site_nom+site_type`), or a constant after `=` (`kind==greve`: every line is a strike). Given mappings win over recognised ones; a required field found
nowhere is a file-level error (SUDIA-K002) that says how to map it.
"""

from __future__ import annotations

from dataclasses import dataclass

from sudia.cantines.text import fold
from sudia.errors import SudiaError


@dataclass(frozen=True)
class Field:
    name: str
    label: str  # French, for errors and the import page
    aliases: tuple[str, ...]  # folded headers that mean this field
    required: bool = False


_CANTEEN = ("cantine", "canteen", "canteen id", "site", "site nom", "nom site", "restaurant", "code cantine",
            "id cantine", "cantine id")
_DATE = ("date", "jour", "day", "date service")
KINDS: dict[str, tuple[Field, ...]] = {
    "services": (
        Field("canteen", "cantine", _CANTEEN, True),
        Field("canteen_type", "type de site", ("site type", "type site", "type cantine")),
        Field("date", "date", _DATE, True),
        Field("planned", "repas prévus", ("prevision", "previsions", "prevus", "prevu", "repas prevus", "planned",
                                          "commande", "commandes", "prevision cuisine")),
        Field("prepared", "repas préparés", ("prepares", "prepare", "repas prepares", "prepared", "produits",
                                             "repas produits")),
        Field("served", "repas servis", ("servis", "servi", "repas servis", "reel", "reels", "served",
                                         "frequentation", "nb repas", "repas")),
    ),
    "menus": (
        Field("date", "date", _DATE, True),
        Field("dish", "plat", ("plat", "dish", "libelle", "intitule", "nom plat"), True),
        Field("category", "catégorie", ("categorie", "category", "composante", "type plat", "rang")),
        Field("canteen", "cantine", _CANTEEN),
    ),
    "waste": (
        Field("canteen", "cantine", _CANTEEN, True),
        Field("date", "date", _DATE, True),
        Field("category", "catégorie", ("categorie", "category", "composante")),
        Field("kg", "kg", ("kg", "poids", "poids kg", "masse", "masse kg")),
        Field("pain", "pain (kg)", ("pain", "pain kg")),
        Field("entree", "entrée (kg)", ("entree", "entrees", "entree kg")),
        Field("plat", "plat (kg)", ("plat", "plat principal", "plat kg")),
        Field("accompagnement", "accompagnement (kg)", ("accompagnement", "garniture", "accompagnement kg")),
        Field("dessert", "dessert (kg)", ("dessert", "desserts", "laitage", "dessert kg")),
        Field("restes_assiettes", "restes d'assiettes (kg)", ("restes assiettes", "restes d assiettes",
                                                              "retour plateaux", "restes")),
    ),
    "calendar": (
        Field("kind", "type", ("type", "nature", "kind", "evenement"), True),
        Field("start", "début", ("debut", "date debut", "start", "du", "date"), True),
        Field("end", "fin", ("fin", "date fin", "end", "au")),
        Field("label", "libellé", ("libelle", "label", "nom", "description", "intitule")),
        Field("zone", "zone", ("zone",)),
        Field("canteen", "cantine", _CANTEEN),
        Field("share_absent", "part d'élèves absents", ("part absents", "absents", "share absent", "part")),
    ),
    "canteens": (
        Field("id", "identifiant", ("id", "identifiant", "code", "code cantine", "uai"), True),
        Field("name", "nom", ("nom", "name", "cantine", "libelle"), True),
        Field("commune", "commune", ("commune", "ville", "city")),
        Field("academie", "académie", ("academie", "academy")),
        Field("zone", "zone", ("zone", "zone scolaire")),
        Field("lycee", "lycée", ("lycee", "etablissement", "school")),
        Field("capacity", "capacité", ("capacite", "places", "capacity")),
    ),
}


def parse_overrides(pairs: list[str] | dict[str, str] | None) -> dict[str, str]:
    """`["served=nb_repas", "canteen=site_nom+site_type"]` or a dict, into {field: columns}."""
    if not pairs:
        return {}
    if isinstance(pairs, dict):
        return {k.strip(): v.strip() for k, v in pairs.items() if v and v.strip()}
    out = {}
    for pair in pairs:
        field, sep, columns = pair.partition("=")
        if not sep or not field.strip() or not columns.strip():
            raise SudiaError("SUDIA-K003", detail=f"« {pair} » (attendu : champ=colonne)")
        out[field.strip()] = columns.strip()
    return out


def resolve(kind: str, header: tuple[str, ...], overrides: dict[str, str], source: str) -> dict[str, list[int] | str]:
    """For each field present, the indexes of its column(s) in `header`, or its constant value."""
    if kind not in KINDS:
        raise SudiaError("SUDIA-K003", detail=f"type de données inconnu « {kind} » (choix : {', '.join(KINDS)})")
    fields = {f.name: f for f in KINDS[kind]}
    folded = [fold(h) for h in header]
    out: dict[str, list[int] | str] = {}
    for name, columns in overrides.items():
        if name not in fields:
            raise SudiaError("SUDIA-K003", detail=f"champ inconnu « {name} » (champs : {', '.join(fields)})")
        if columns.startswith("="):
            out[name] = columns[1:]
            continue
        indexes = []
        for column in columns.split("+"):
            wanted = fold(column)
            if wanted not in folded:
                raise SudiaError("SUDIA-K003", detail=f"colonne « {column} » absente de {source} "
                                                      f"(colonnes : {', '.join(header)})")
            indexes.append(folded.index(wanted))
        out[name] = indexes
    used = {i for indexes in out.values() if isinstance(indexes, list) for i in indexes}
    for f in KINDS[kind]:
        if f.name in out:
            continue
        for i, h in enumerate(folded):
            if i not in used and h in f.aliases:
                out[f.name] = [i]
                used.add(i)
                break
    for f in KINDS[kind]:
        if f.required and f.name not in out:
            raise SudiaError("SUDIA-K002", path=source, field=f.name, columns=", ".join(header) or "aucune")
    return out
