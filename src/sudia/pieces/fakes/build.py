"""Writes a set of fake pieces and their labels (`labels.jsonl`), split dev / held-out.

Each type gets clean, degraded and tampered variants; one piece in three (by a hash of its
name, so the split never depends on the order) is held out. Labels hold the type, the variant,
the applicant's declared identity, what a perfect reader finds (MRZ fields, IBAN, dates) and
whether the piece is valid (must not be « non conforme ») or not (must not be « conforme »).
"""

from __future__ import annotations

import hashlib
import json
import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from sudia.pieces.fakes import identity_docs as ids
from sudia.pieces.fakes import paper_docs as paper
from sudia.pieces.fakes.degrade import degrade
from sudia.pieces.fakes.people import declared, other_person, person

Maker = Callable[..., ids.Drawn]
# type -> (renderer, tampers that make sense for it)
KINDS: dict[str, tuple[Maker, tuple[str, ...]]] = {
    "cni": (ids.identity_card, ("expire", "cle_mrz", "nom_modifie", "autre_personne")),
    "cni_ancienne": (ids.old_identity_card, ("expire", "cle_mrz", "autre_personne")),
    "passeport": (ids.passport, ("expire", "cle_mrz", "nom_modifie", "autre_personne")),
    "titre_sejour": (ids.residence_permit, ("expire", "cle_mrz", "autre_personne")),
    "permis_conduire": (ids.driving_licence, ("expire", "autre_personne")),
    "facture": (paper.bill, ("expire", "montant_modifie", "nom_modifie", "signature_cassee")),
    "quittance": (paper.rent_receipt, ("expire", "autre_personne")),
    "avis_imposition": (paper.tax_notice, ("expire", "montant_modifie", "nom_modifie", "signature_cassee")),
    "rib": (paper.bank_details, ("iban_faux", "autre_personne")),
    "bulletin_salaire": (paper.payslip, ("expire", "siret_faux")),
    "kbis": (paper.kbis, ("expire", "siret_faux")),
    "attestation_urssaf": (paper.urssaf, ("expire", "siret_faux")),
    "autre": (paper.other, ()),
}


@dataclass(frozen=True)
class Plan:
    clean: int = 10
    degraded: int = 10
    tampered: int = 6


def held_out(name: str) -> bool:
    return int(hashlib.sha256(name.encode()).hexdigest()[:8], 16) % 3 == 0


def _save(pages: list, path: Path, fmt: str) -> Path:
    if fmt == "pdf":
        pages[0].save(path.with_suffix(".pdf"), "PDF", resolution=150.0, save_all=True, append_images=pages[1:])
        return path.with_suffix(".pdf")
    if fmt == "heic":
        import pillow_heif

        pillow_heif.register_heif_opener()
        pages[0].save(path.with_suffix(".heic"), quality=80)
        return path.with_suffix(".heic")
    if fmt == "jpg":
        pages[0].save(path.with_suffix(".jpg"), "JPEG", quality=85)
        return path.with_suffix(".jpg")
    pages[0].save(path.with_suffix(".png"), "PNG", optimize=False, compress_level=3)
    return path.with_suffix(".png")


def generate(out: Path, plan: Plan = Plan(), seed: int = 12, today: date | None = None,
             progress: Callable[[int, int], None] | None = None, kinds: tuple[str, ...] = ()) -> Path:
    """Writes the pieces into `out` and returns the labels file."""
    today = today or date.today()
    rng = random.Random(seed)
    out.mkdir(parents=True, exist_ok=True)
    jobs = [(kind, variant, i) for kind, (_, tampers) in KINDS.items() if not kinds or kind in kinds
            for variant, count in (("propre", plan.clean), ("degrade", plan.degraded),
                                   ("falsifie", plan.tampered if tampers else 0)) for i in range(count)]
    labels_path = out / "labels.jsonl"
    with labels_path.open("w", encoding="utf-8") as labels:
        for n, (kind, variant, i) in enumerate(jobs):
            maker, tampers = KINDS[kind]
            holder = person(rng, today)
            tamper = tampers[i % len(tampers)] if variant == "falsifie" else ""
            drawn = maker(rng, holder, today, tamper="" if tamper == "autre_personne" else tamper)
            applicant_person = other_person(rng, today, holder) if tamper == "autre_personne" else holder
            applicant = declared(applicant_person, rng, variation=True)
            pages, conditions = drawn.pages, []
            if variant == "degrade":
                first, conditions = degrade(pages[0], rng)
                pages = [first] + pages[1:]
            fmt = ("pdf" if rng.random() < 0.35 else "png") if variant != "degrade" else (
                "heic" if rng.random() < 0.1 else "jpg")
            name = f"{kind}-{variant}-{i:02d}"
            path = _save(pages, out / name, fmt)
            record = {"file": path.name, "split": "heldout" if held_out(name) else "dev", "type": drawn.doc_type,
                      "kind": kind, "variant": variant, "tamper": tamper, "conditions": conditions,
                      "valid": variant != "falsifie", "applicant": applicant, "truth": drawn.truth,
                      "reference_date": today.isoformat()}
            labels.write(json.dumps(record, ensure_ascii=False, default=str) + "\n")
            if progress:
                progress(n + 1, len(jobs))
    return labels_path
