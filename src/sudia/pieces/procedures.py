"""Dossier types as configuration: one TOML file per procedure lists its pieces and their rules.

```toml
name = "aide-permis"
title = "Aide au permis de conduire"
instructors = "instructeurs-permis"      # the group that may see this procedure's pieces
[[pieces]]
key = "domicile"
label = "Justificatif de domicile de moins de 3 mois"
types = ["justificatif_domicile"]
max_age_days = 92
identity = true                           # holder's name against the declared identity
address = true                            # address against the declared address
```
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from sudia.errors import SudiaError
from sudia.pieces.types import DOC_TYPES

PACKAGED = Path(__file__).resolve().parent / "procedures"
# Freshness when a procedure does not say (days): what French administrations usually ask.
DEFAULT_MAX_AGE = {"justificatif_domicile": 92, "bulletin_salaire": 92, "kbis": 92, "attestation_urssaf": 183}


@dataclass(frozen=True)
class PieceRule:
    key: str
    label: str
    types: tuple[str, ...]
    required: bool = True
    max_age_days: int = 0  # 0: the type's default freshness, if any
    identity: bool = True
    address: bool = False
    company: bool = False  # SIREN against the applicant's declared company

    def max_age(self, doc_type: str) -> int:
        return self.max_age_days or DEFAULT_MAX_AGE.get(doc_type, 0)


@dataclass(frozen=True)
class Procedure:
    name: str
    title: str
    instructors: str
    pieces: tuple[PieceRule, ...] = field(default_factory=tuple)

    def rule_for(self, doc_type: str, taken: set[str] = frozenset()) -> PieceRule | None:
        """The first piece of the procedure this type can stand for (one not yet matched, if possible)."""
        matching = [r for r in self.pieces if doc_type in r.types]
        free = [r for r in matching if r.key not in taken]
        return (free or matching or [None])[0]


def load(path: Path) -> Procedure:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        pieces = []
        for p in data.get("pieces", []):
            unknown = [t for t in p["types"] if t not in DOC_TYPES]
            if unknown:
                raise ValueError(f"types inconnus {unknown} (choix : {', '.join(DOC_TYPES)})")
            pieces.append(PieceRule(p["key"], p["label"], tuple(p["types"]), bool(p.get("required", True)),
                                    int(p.get("max_age_days", 0)), bool(p.get("identity", True)),
                                    bool(p.get("address", False)), bool(p.get("company", False))))
        return Procedure(data["name"], data["title"], data["instructors"], tuple(pieces))
    except (OSError, ValueError, KeyError, TypeError, tomllib.TOMLDecodeError) as exc:
        raise SudiaError("SUDIA-P002", path=str(path), detail=str(exc)) from exc


def available(extra_dir: Path | None = None) -> dict[str, Procedure]:
    """Procedures shipped with Sud IA, then those of `extra_dir` (same name: the local one wins)."""
    found: dict[str, Procedure] = {}
    for directory in (PACKAGED, extra_dir):
        if directory and directory.is_dir():
            for path in sorted(directory.glob("*.toml")):
                procedure = load(path)
                found[procedure.name] = procedure
    return found


def get(name: str, extra_dir: Path | None = None) -> Procedure:
    procedures = available(extra_dir)
    if name not in procedures:
        raise SudiaError("SUDIA-P001", name=name, choices=", ".join(sorted(procedures)))
    return procedures[name]
