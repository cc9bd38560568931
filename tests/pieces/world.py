"""A pieces instance on one engine: users in and out of the instructors' group, one submitted dossier."""

from __future__ import annotations

import json
import random
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from pg_schema import postgres_schema

from sudia.access import Principal
from sudia.accounts.authenticator import principal_for
from sudia.pieces.fakes import paper_docs
from sudia.pieces.fakes.people import declared, person
from sudia.platform import Platform
from sudia.settings import Settings

PASSWORD = "mot-de-passe-des-pieces-42"
USERS = {"instructeur": ("instructeur@region.fr", ("instructeurs-permis",), False),
         "autre-instructeur": ("entreprises@region.fr", ("instructeurs-entreprises",), False),
         "agent": ("agent@region.fr", (), False),
         "admin": ("admin-pieces@region.fr", (), True)}
MARKER = "REF-SECRETE-4242"  # the dossier's reference: must never reach someone who may not see it


@dataclass
class World:
    settings: Settings
    platform: Platform
    principals: dict[str, Principal] = field(default_factory=dict)
    rib: bytes = b""
    applicant: dict[str, str] = field(default_factory=dict)


def rib_png(seed: int = 3) -> tuple[bytes, dict[str, str]]:
    import io

    rng = random.Random(seed)
    holder = person(rng, date(2026, 3, 2))
    drawn = paper_docs.bank_details(rng, holder, date(2026, 3, 2))
    out = io.BytesIO()
    drawn.pages[0].save(out, "PNG")
    return out.getvalue(), declared(holder, rng, variation=False)


@contextmanager
def world(engine: str, tmp: Path) -> Iterator[World]:
    if engine == "postgresql":
        with postgres_schema("sudia_pieces") as url:
            yield from _world(Settings(data_dir=tmp, database_url=url, demo=False, llm_base_url="", llm_model=""))
    else:
        yield from _world(Settings(data_dir=tmp, demo=False, llm_base_url="", llm_model=""))


def _world(settings: Settings) -> Iterator[World]:
    from accounts.engines import CHEAP

    from sudia.accounts.trust import Trust

    p = Platform.from_settings(settings)
    p.__dict__["trust"] = Trust.open(settings.resolved_database_url(), settings, cost=CHEAP)
    p.upgrade_schema()
    w = World(settings, p)
    for key, (email, groups, admin) in USERS.items():
        p.trust.directory.add_user("cli:test", email, key, PASSWORD, is_admin=admin)
        for group in groups:
            p.trust.directory.add_to_group("cli:test", email, group)
        w.principals[key] = principal_for(p.trust.directory.user(email))
    w.rib, w.applicant = rib_png()
    try:
        yield w
    finally:
        p.close()


def audit_json(p: Platform) -> str:
    return json.dumps([e.content() for e in p.trust.audit.entries(limit=100)], ensure_ascii=False)
