"""The review's low findings, one test each (the others sit beside their medium findings:
`collections delete` in test_fail_closed.py, keyed question hashes in tests/audit/test_chain.py)."""

from __future__ import annotations

import pytest

from accounts.engines import engine_url, trust, trust_settings  # noqa: F401 - fixtures

from sudia.answer.guard import AnswerGuard
from sudia.types import Chunk, Hit

PASSAGE = "Le repas coûte 2,80 euros. Plus d'informations : https://www.maregionsud.fr/cantine-et-restauration."


def test_a_link_cut_in_two_by_the_stream_is_not_refused() -> None:
    guard = AnswerGuard("Quel est le prix du repas et le site web de la cantine ?", [Hit(Chunk("c1", "d1", "c", 0, PASSAGE), 1.0)])
    stream = guard.stream()
    pieces = ["Le repas coûte 2,80 euros [1]. Plus d'informations : ", "https://www.maregionsud.fr/can",
              "tine-et-rest", "auration [1]."]
    shown = "".join(stream.feed(p) for p in pieces) + stream.flush()
    assert stream.problem is None, stream.problem
    assert "https://www.maregionsud.fr/cantine-et-restauration" in shown
    # A link absent from the documents is still never shown once it is whole.
    stream = guard.stream()
    shown = "".join(stream.feed(p) for p in ["Le repas coûte 2,80 euros [1]. Voir ", "https://collecte.exa",
                                             "mple/x [1]."]) + stream.flush()
    assert "collecte" not in shown


# -- logins and passwords -------------------------------------------------------------------------
def test_wrong_passwords_lock_out_their_address_not_the_account_owner(trust) -> None:
    from sudia.audit.base import AuditQuery
    from sudia.errors import SudiaError

    trust.directory.add_user("cli:ops", "agent@region.fr", "Agent", "un-mot-de-passe-solide")
    for _ in range(trust.settings.login_max_failures + 3):
        with pytest.raises(SudiaError):
            trust.auth.login("agent@region.fr", "mauvais", ip="198.51.100.66")
    assert trust.auth.login("agent@region.fr", "un-mot-de-passe-solide", ip="10.1.2.3")  # the owner gets in
    entries = trust.audit.entries(AuditQuery(kind="admin"))
    actions = [(e.action, e.outcome) for e in entries if e.action.startswith("auth.")]
    assert actions.count(("auth.login", "denied")) == trust.settings.login_max_failures
    assert actions.count(("auth.lockout", "denied")) == 1  # once, not at each knock on the locked door
    assert actions[0] == ("auth.login", "ok") and entries[0].actor == "user:agent@region.fr"


def test_guessing_spread_over_many_addresses_still_locks_the_account(trust_settings, engine_url) -> None:
    from accounts.engines import CHEAP

    from sudia.accounts.trust import Trust
    from sudia.errors import SudiaError

    settings = trust_settings.model_copy(update={"login_max_failures_per_account": 8})
    trust = Trust.open(engine_url, settings, cost=CHEAP)
    try:
        trust.directory.add_user("cli:ops", "agent@region.fr", "Agent", "un-mot-de-passe-solide")
        for n in range(8):
            with pytest.raises(SudiaError):
                trust.auth.login("agent@region.fr", "mauvais", ip=f"198.51.100.{n}")
        with pytest.raises(SudiaError) as locked:
            trust.auth.login("agent@region.fr", "un-mot-de-passe-solide", ip="10.1.2.3")
        assert locked.value.code == "SUDIA-A002"
    finally:
        trust.close()


def test_a_new_password_revokes_the_api_tokens(trust) -> None:
    from sudia.errors import SudiaError

    trust.directory.add_user("cli:ops", "agent@region.fr", "Agent", "un-mot-de-passe-solide")
    issued = trust.directory.create_token("cli:ops", "agent@region.fr", ["ask"])
    assert trust.auth.token(issued.secret).email == "agent@region.fr"
    trust.directory.set_password("cli:ops", "agent@region.fr", "un-autre-mot-de-passe-solide")
    with pytest.raises(SudiaError) as refused:
        trust.auth.token(issued.secret)
    assert refused.value.code == "SUDIA-A009"


# -- files and personal data ----------------------------------------------------------------------
@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be", "utf-32"])
def test_utf16_text_files_are_read(encoding: str) -> None:
    from pathlib import Path

    from sudia.ingest.parsers.registry import ParserRegistry

    data = "Horaires d'accueil\n\nLe guichet ouvre à 8 h 30, fermé le 14 juillet.\n".encode(encoding)
    parsed = ParserRegistry().parser_for(data, Path("horaires.txt")).parse(data, Path("horaires.txt"))
    assert "Le guichet ouvre à 8 h 30, fermé le 14 juillet." in [b.text for b in parsed.blocks]


def test_hyphenated_ibans_and_lowercase_names_are_masked() -> None:
    from sudia.safety.pii import IBAN, PERSON, find_pii

    text = ("Virement de mme martin sur FR76-3000-6000-0112-3456-7890-189 ; madame dupont a signé. "
            "Madame la présidente et monsieur le maire ont reçu Mme Durand.")
    found = [(s.kind, s.value) for s in find_pii(text)]
    assert (IBAN, "FR76-3000-6000-0112-3456-7890-189") in found
    assert (PERSON, "martin") in found and (PERSON, "dupont") in found and (PERSON, "Durand") in found
    assert all(value not in ("la", "le", "la présidente", "le maire") for _, value in found)


# -- the CLI's audit trail ------------------------------------------------------------------------
def test_an_interrupted_cli_ingestion_leaves_an_audit_entry_for_what_it_committed(tmp_path) -> None:
    import os
    import signal
    import sqlite3
    import subprocess
    import time

    from cli.conftest import sudia_command

    from sudia.audit.base import AuditQuery
    from sudia.platform import Platform
    from sudia.settings import Settings

    folder = tmp_path / "notes"
    folder.mkdir()
    for n in range(400):
        (folder / f"note-{n:03d}.md").write_text(f"# Note {n}\n\nLe dossier {n} est instruit en {n} jours.\n",
                                                 encoding="utf-8")
    data = tmp_path / "data"
    env = {k: v for k, v in os.environ.items() if not k.startswith("SUDIA_")}
    env.update(SUDIA_DATA_DIR=str(data), SUDIA_DEMO="false", SUDIA_EMBEDDER="none")
    process = subprocess.Popen([*sudia_command(), "ingest", str(folder), "-c", "notes", "--json"], env=env,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    committed = 0
    while committed < 30 and time.monotonic() < deadline and process.poll() is None:
        time.sleep(0.2)
        try:
            with sqlite3.connect(data / "sudia.db") as db:
                committed = db.execute("SELECT count(*) FROM documents").fetchone()[0]
        except sqlite3.Error:
            pass
    process.send_signal(signal.SIGTERM)  # `kill`, or a stopped service
    process.wait(timeout=60)
    platform = Platform.from_settings(Settings(data_dir=data, demo=False, embedder="none"))
    try:
        stored = {d.id for d in platform.store.list_documents("notes")}
        entries = platform.trust.audit.entries(AuditQuery(action="document.ingest"), limit=1000)
        audited = {d for e in entries for d in e.details.get("documents", [])}
        assert 0 < len(stored) < 400
        assert stored <= audited
        assert platform.trust.audit.verify().ok
    finally:
        platform.close()


# -- response headers -----------------------------------------------------------------------------
def test_pages_and_apis_cannot_be_framed_nor_kept(make_app) -> None:
    client = make_app(allow_anonymous=True)
    client.app.state.platform.store.ensure_collection("guides", "", "public")
    for response in (client.get("/"), client.get("/recherche", params={"q": "tarif"}),
                     client.get("/api/collections"), client.get("/connexion")):
        assert response.headers["x-frame-options"] == "DENY"
        assert "frame-ancestors 'none'" in response.headers["content-security-policy"]
        assert response.headers["cache-control"] == "no-store"
        assert response.headers["x-content-type-options"] == "nosniff"
    static = client.get("/static/sudia.css")
    assert static.status_code == 200 and static.headers.get("cache-control") != "no-store"
