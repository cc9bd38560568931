"""Fake pieces drawn once per session by the project's generator (our own writing: regression tests)."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest

from sudia.pieces.fakes import identity_docs, paper_docs
from sudia.pieces.fakes.people import Person, declared, person

TODAY = date(2026, 3, 2)


@dataclass(frozen=True)
class Fake:
    path: Path
    holder: Person
    truth: dict

    def applicant(self) -> dict[str, str]:
        return declared(self.holder, random.Random(0), variation=False)


@pytest.fixture(scope="session")
def fakes(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Fake]:
    folder = tmp_path_factory.mktemp("pieces")
    rng = random.Random(42)
    makers = {"cni": (identity_docs.identity_card, ""), "passeport": (identity_docs.passport, ""),
              "cni_expiree": (identity_docs.identity_card, "expire"),
              "facture": (paper_docs.bill, ""), "facture_montant": (paper_docs.bill, "montant_modifie"),
              "facture_signature": (paper_docs.bill, "signature_cassee"), "rib": (paper_docs.bank_details, ""),
              "rib_faux": (paper_docs.bank_details, "iban_faux"), "kbis": (paper_docs.kbis, "")}
    out = {}
    for key, (maker, tamper) in makers.items():
        holder = person(rng, TODAY)
        drawn = maker(rng, holder, TODAY, tamper=tamper)
        path = folder / f"{key}.png"
        drawn.pages[0].save(path)
        out[key] = Fake(path, holder, drawn.truth)
    return out
