"""One small world per database engine: three collections, a document each, and every kind of caller.

The same database is served by two apps, one that opens public collections to anonymous visitors
and one that does not. Ingestion runs once per engine (module scope); documents are tiny and the
embedder is off, so the answers come from the French lexical search alone.
"""

from __future__ import annotations

import shutil
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

import pytest
from pg_schema import postgres_schema
from fastapi.testclient import TestClient

from sudia.accounts.base import ApiToken, iso, now
from sudia.accounts.tokens import new_token_secret, secret_hash
from sudia.accounts.trust import Trust
from sudia.platform import Platform
from sudia.settings import Settings
from sudia.usecases.uploads import Uploads
from sudia.web.app import create_app
from sudia.web.auth import SESSION_COOKIE

QUESTION = "Quel est le montant de la prime de télétravail ?"
PASSWORD = "mot-de-passe-de-test-42"


@dataclass(frozen=True)
class Corpus:
    """A collection and its one document, with the strings that must never leak from it."""

    key: str
    name: str
    visibility: str
    groups: tuple[str, ...]
    marker: str  # a word only this document contains
    title: str
    source: str

    def markdown(self) -> str:
        return (f"# {self.title}\n\n## Rémunération\n\n"
                f"Le montant de la prime de télétravail est fixé à 42 euros par mois ({self.marker}).\n")

    def secrets(self, named: bool) -> list[str]:
        """What must not appear in a response to someone who may not read it; the name only when the
        request did not name the collection itself (an error message repeats what was asked)."""
        return [self.marker, self.title, self.source] + ([] if named else [self.name])


CORPORA = {
    "public": Corpus("public", "docs-publics", "public", (), "MARQUEUR-PUBLIC-1111", "Guide public MISTRAL-TITRE",
                     "guide-public-1111.md"),
    "agents": Corpus("agents", "notes-agents", "authenticated", (), "MARQUEUR-AGENTS-2222",
                     "Note interne TRAMONTANE-TITRE", "note-agents-2222.md"),
    "rh": Corpus("rh", "rh-confidentiel", "restricted", ("rh",), "CONFIDENTIEL-RH-4242",
                 "Dossier salarial ZEPHYR-TITRE", "dossier-rh-4242.md"),
    # A new collection whose rights were not set yet: administrators only (#10, fail closed).
    "prive": Corpus("prive", "paie-en-preparation", "private", (), "BROUILLON-PAIE-3333",
                    "Brouillon de paie SIROCCO-TITRE", "brouillon-paie-3333.md"),
}


@dataclass
class World:
    settings: Settings
    closed: object  # app that keeps anonymous visitors out
    opened: object  # app that lets them read public collections
    trust: Trust
    documents: dict[str, str]  # corpus key -> document id
    clients: dict[str, TestClient] = field(default_factory=dict)
    emails: dict[str, str] = field(default_factory=dict)

    def env(self) -> dict[str, str]:
        """Environment of a `sudia` command on this world's database."""
        return {"SUDIA_DATA_DIR": str(self.settings.data_dir), "SUDIA_DATABASE_URL": self.settings.database_url,
                "SUDIA_EMBEDDER": "none", "SUDIA_DEMO": "false", "SUDIA_LLM_BASE_URL": "", "SUDIA_LLM_MODEL": "",
                "SUDIA_AUDIT_QUESTIONS": "full"}


def _database(engine: str, data: Path) -> Iterator[str]:
    if engine == "sqlite":
        yield ""
        return
    with postgres_schema("sudia_matrix") as url:
        yield url


def _cheap_trust(app, url: str) -> Trust:
    """argon2id at test speed: the app's trust layer, rebuilt with a low hashing cost."""
    from accounts.engines import CHEAP

    platform = app.state.platform
    platform.__dict__["trust"] = Trust.open(url, platform.settings, cost=CHEAP)
    return platform.trust


def _ingest(platform: Platform) -> dict[str, str]:
    uploads = Uploads(platform.store, platform.ingestor, platform.settings)  # keeps the originals on disk
    ids = {}
    for corpus in CORPORA.values():
        platform.store.ensure_collection(corpus.name, "", corpus.visibility, corpus.groups)  # type: ignore[arg-type]
        sink = uploads.receive(corpus.name, corpus.source)
        sink.write(corpus.markdown().encode())
        [result] = uploads.process([sink.close()])
        assert result.status == "done", result.message
        ids[corpus.key] = result.document_id
    return ids


def _token(trust: Trust, email: str, scopes: tuple[str, ...], expired: bool = False, revoked: bool = False) -> str:
    user = trust.directory.user(email)
    if not expired:
        issued = trust.directory.create_token("cli:test", email, scopes, 30, "matrice")
        if revoked:
            trust.directory.revoke_token("cli:test", issued.token.id)
        return issued.secret
    secret = new_token_secret()  # the directory refuses a past expiry: write one that expired yesterday
    moment = now()
    trust.store.add_token(ApiToken(uuid.uuid4().hex[:16], user.id, "périmé", scopes, iso(moment - timedelta(days=31)),
                                   iso(moment - timedelta(days=1))), secret_hash(secret))
    return secret


@pytest.fixture(scope="module", params=["sqlite", pytest.param("postgres", marks=pytest.mark.integration)])
def world(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    data = tmp_path_factory.mktemp(f"matrix-{request.param}") / "data"
    databases = _database(request.param, data)
    url = next(databases)
    settings = Settings(data_dir=data, database_url=url, demo=False, embedder="none", llm_base_url="", llm_model="",
                        allow_anonymous=False, audit_questions="full", rate_limit_per_minute=0,
                        rate_limit_anonymous_per_minute=0, auth_failures_per_ip_per_minute=0,
                        default_collection="allo-region")
    closed = create_app(settings)
    opened = create_app(settings.model_copy(update={"allow_anonymous": True}))
    trust = _cheap_trust(closed, settings.resolved_database_url())
    _cheap_trust(opened, settings.resolved_database_url())
    documents = _ingest(closed.state.platform)
    world = World(settings, closed, opened, trust, documents)

    directory = trust.directory
    world.emails = {"user": "agent@region.fr", "hr": "rh@region.fr", "admin": "admin@region.fr"}
    directory.add_user("cli:test", world.emails["user"], "Agent", PASSWORD)
    directory.add_user("cli:test", world.emails["hr"], "Agente RH", PASSWORD, groups=["rh"])
    directory.add_user("cli:test", world.emails["admin"], "Admin", PASSWORD, is_admin=True)
    sessions = {key: trust.auth.login(email, PASSWORD).cookie for key, email in world.emails.items()}

    world.clients = {
        "anonymous (instance fermée)": TestClient(closed),
        "anonymous (instance ouverte)": TestClient(opened),
        **{key: TestClient(closed, cookies={SESSION_COOKIE: cookie}) for key, cookie in sessions.items()},
        "token search": TestClient(closed, headers={"Authorization": f"Bearer {_token(trust, world.emails['hr'], ('search',))}"}),
        "token expired": TestClient(closed, headers={"Authorization": f"Bearer {_token(trust, world.emails['hr'], ('ask', 'search'), expired=True)}"}),
        "token revoked": TestClient(closed, headers={"Authorization": f"Bearer {_token(trust, world.emails['hr'], ('ask', 'search'), revoked=True)}"}),
    }
    yield world
    for client in world.clients.values():
        client.close()
    for app in (closed, opened):
        app.state.platform.close()
    next(databases, None)
    shutil.rmtree(data, ignore_errors=True)
