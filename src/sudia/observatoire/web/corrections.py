"""Checks a correction typed in the actor page, then hands it to `Observatory` (which logs it)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from sudia.errors import SudiaError
from sudia.observatoire.kb.base import KnowledgeBase
from sudia.observatoire.observatory import Observatory
from sudia.observatoire.types import ACTOR_KINDS, Correction
from sudia.observatoire.web.actor_view import ActorView
from sudia.observatoire.web.labels import FIELD_LABELS, KIND_LABELS, parse_french_number
from sudia.text.french import fold

# What the page lets a reader correct (the library accepts more, e.g. a fact's actor).
ACTOR_FORM_FIELDS = ("name", "kind", "description", "places", "sectors", "aliases")
FACT_FORM_FIELDS = ("value", "date", "place")
_DATE = re.compile(r"\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?")
MAX_VALUE = 2000


@dataclass(frozen=True)
class CorrectionForm:
    """The POSTed fields, kept to fill the form again when they are refused.

    Who corrects is not a field: the correction is signed with the signed-in account's address.
    """

    target: str  # "actor" or "fact"
    fact: str
    field: str
    value: str


def _refuse(detail: str) -> SudiaError:
    return SudiaError("SUDIA-R002", detail=detail)


def _kind(value: str) -> str:
    """The kind from its code or its French label ('Start-up', 'laboratoire')."""
    wanted = fold(value.strip())
    for kind in ACTOR_KINDS:
        if wanted in (kind, fold(KIND_LABELS.get(kind, kind))):
            return kind
    choices = ", ".join(KIND_LABELS.get(k, k) for k in ACTOR_KINDS)
    raise _refuse(f"type d'acteur inconnu « {value} » (types possibles : {choices})")


def clean_value(target: str, field: str, value: str) -> str:
    """The value as the library stores it; raises SUDIA-R002 with a French reason otherwise."""
    value = value.strip()
    if len(value) > MAX_VALUE:
        raise _refuse(f"la valeur dépasse {MAX_VALUE} caractères")
    if target == "fact" and field == "value":
        try:
            return repr(parse_french_number(value))
        except ValueError:
            raise _refuse(f"« {value} » n'est pas un nombre (exemple : 1 200 ou 6,5)") from None
    if target == "fact" and field == "date":
        if value and not _DATE.fullmatch(value):
            raise _refuse(f"date « {value} » invalide : écrivez AAAA, AAAA-MM ou AAAA-MM-JJ (exemple : 2025-06-02)")
        return value
    if target == "actor" and field == "kind":
        return _kind(value)
    if target == "actor" and field == "name" and not value:
        raise _refuse("le nom d'un acteur ne peut pas être vide")
    return value


def apply_correction(kb: KnowledgeBase, view: ActorView, form: CorrectionForm, who: str) -> Correction:
    """`who`: the address of the signed-in administrator (routes only call this for one)."""
    observatory = Observatory(kb)  # no extractor: a correction never loads spaCy
    if form.target == "actor":
        if form.field not in ACTOR_FORM_FIELDS:
            raise SudiaError("SUDIA-O004", field=form.field, choices=_labels(ACTOR_FORM_FIELDS))
        return observatory.correct_actor(who, view.actor.name, form.field, clean_value("actor", form.field, form.value))
    if form.target == "fact":
        if form.fact not in {f.id for f in view.facts}:
            raise SudiaError("SUDIA-O003", id=form.fact)
        if form.field not in FACT_FORM_FIELDS:
            raise SudiaError("SUDIA-O004", field=form.field, choices=_labels(FACT_FORM_FIELDS))
        return observatory.correct_fact(who, form.fact, form.field, clean_value("fact", form.field, form.value))
    raise _refuse(f"cible de correction inconnue « {form.target} »")


def _labels(fields: tuple[str, ...]) -> str:
    return ", ".join(FIELD_LABELS.get(f, f) for f in fields)
