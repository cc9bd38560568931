"""Caller × collection × entry point: nothing from a collection reaches a caller who may not read it.

For every caller and entry point, each collection is asked for by name (and, where the entry point
allows it, none is named so that "all readable collections" is used). A readable collection's
marker must come back; an unreadable one's marker, document title, file name and collection name
never do, and asking for it gives exactly the answer given for a collection that does not exist.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from access_matrix.conftest import CORPORA, QUESTION, World
from sudia.cli.main import app as cli_app

SEARCH = "prime télétravail"
MISSING = "collection-inexistante"

# Collections each caller may read (by corpus key), and the scopes of the token callers.
READS: dict[str, set[str]] = {
    "anonymous (instance fermée)": set(),
    "anonymous (instance ouverte)": {"public"},
    "user": {"public", "agents"},
    "hr": {"public", "agents", "rh"},
    "admin": {"public", "agents", "prive"},  # not restricted ones implicitly; private ones (new) yes
    "token search": {"public", "agents", "rh"},  # the HR agent's token, limited to searching
    "token expired": set(),
    "token revoked": set(),
}
SCOPES = {"token search": {"search"}}
LOGIN = {"anonymous (instance fermée)"}  # pages send them to the login page, APIs answer 401
BAD_TOKEN = {"token expired", "token revoked"}  # 401 everywhere


@dataclass(frozen=True)
class Reply:
    status: int
    text: str
    location: str = ""


def _reply(response) -> Reply:
    return Reply(response.status_code, response.text, response.headers.get("location", ""))


def _names(target: str | None) -> list[str]:
    return [target] if target else []


def _csrf(c: TestClient) -> str:
    """The form's CSRF token of a signed-in caller ("" otherwise): questions are posted (issue #10)."""
    found = re.search(r'name="csrf" value="([^"]+)"', c.get("/", follow_redirects=False).text)
    return found.group(1) if found else ""


def page_ask(c: TestClient, target: str | None) -> Reply:
    """Without script: a signed-in agent's answer is kept and shown on the conversation's page."""
    reply = c.post("/", data={"question": QUESTION, "collections": _names(target), "csrf": _csrf(c)},
                   follow_redirects=False)
    if reply.status_code == 303 and reply.headers["location"].startswith("/conversations/"):
        return _reply(c.get(reply.headers["location"], follow_redirects=False))
    return _reply(reply)


def page_search(c: TestClient, target: str | None) -> Reply:
    return _reply(c.post("/recherche", data={"q": SEARCH, "collections": _names(target)}, follow_redirects=False))


def conversation_ask(c: TestClient, target: str | None) -> Reply:
    """The assistant page's streamed API (NDJSON); same origin, as the page's script sends it."""
    body = {"question": QUESTION, "collections": _names(target)}
    return _reply(c.post("/api/conversations/ask", json=body, headers={"Origin": "http://testserver"}))


def page_documents(c: TestClient, target: str | None) -> Reply:
    return _reply(c.get("/documents", params={"collection": target} if target else {}, follow_redirects=False))


def page_document(c: TestClient, document: str) -> Reply:
    return _reply(c.get(f"/documents/{document}", follow_redirects=False))


def api_file(c: TestClient, document: str) -> Reply:
    return _reply(c.get(f"/api/documents/{document}/file"))


def api_document(c: TestClient, document: str) -> Reply:
    return _reply(c.get(f"/api/documents/{document}"))


def api_collection_documents(c: TestClient, target: str | None) -> Reply:
    return _reply(c.get(f"/api/collections/{target}/documents"))


def api_collections(c: TestClient, target: str | None) -> Reply:
    return _reply(c.get("/api/collections"))


def api_search(c: TestClient, target: str | None) -> Reply:
    return _reply(c.post("/api/search", json={"query": SEARCH, "collections": _names(target), "k": 10}))


def api_ask(c: TestClient, target: str | None) -> Reply:
    return _reply(c.post("/api/ask", json={"question": QUESTION, "collections": _names(target)}))


def _chat(target: str | None, stream: bool) -> dict:
    return {"model": "sudia-rag", "messages": [{"role": "user", "content": QUESTION}], "stream": stream,
            **({"collections": [target]} if target else {})}


def chat(c: TestClient, target: str | None) -> Reply:
    return _reply(c.post("/v1/chat/completions", json=_chat(target, False)))


def chat_stream(c: TestClient, target: str | None) -> Reply:
    with c.stream("POST", "/v1/chat/completions", json=_chat(target, True)) as response:
        text = "".join(response.iter_text())
    if response.status_code == 200:  # the events carry JSON-escaped text: read it back
        text += "".join(json.dumps(json.loads(line[6:]), ensure_ascii=False) for line in text.splitlines()
                        if line.startswith("data: {"))
    return Reply(response.status_code, text)


def models(c: TestClient, target: str | None) -> Reply:
    return _reply(c.get("/v1/models"))


@dataclass(frozen=True)
class Entry:
    call: Callable[[TestClient, str | None], Reply]
    scope: str = "read"  # "ask" needs the ask scope; "read" and "search" the search scope
    page: bool = False
    by_document: bool = False  # takes a document id rather than a collection name
    listing: bool = False  # names no collection: shows what the caller may read
    shows: str = "marker"  # what proves that a readable collection came back
    all_readable: bool = True  # also called without a collection


ENTRIES = {
    "page /": Entry(page_ask, "ask", page=True),
    "page /recherche": Entry(page_search, "search", page=True),
    "page /documents": Entry(page_documents, page=True, shows="title"),
    "page /documents/{id}": Entry(page_document, page=True, by_document=True),
    "GET /api/documents/{id}/file": Entry(api_file, by_document=True),
    "GET /api/documents/{id}": Entry(api_document, by_document=True),
    "GET /api/collections/{name}/documents": Entry(api_collection_documents, shows="title", all_readable=False),
    "GET /api/collections": Entry(api_collections, listing=True, shows="name"),
    "POST /api/search": Entry(api_search, "search"),
    "POST /api/ask": Entry(api_ask, "ask"),
    "POST /api/conversations/ask": Entry(conversation_ask, "ask"),
    "POST /v1/chat/completions": Entry(chat, "ask"),
    "POST /v1/chat/completions (stream)": Entry(chat_stream, "ask"),
    "GET /v1/models": Entry(models, listing=True, shows="nothing"),
}


def expected_status(caller: str, entry: Entry, readable: bool | None) -> int:
    """`readable`: whether the named collection is readable; None when none is named."""
    if caller in LOGIN:
        return 303 if entry.page else 401
    if caller in BAD_TOKEN:
        return 401
    wanted = "ask" if entry.scope == "ask" else "search"
    if caller in SCOPES and wanted not in SCOPES[caller]:
        return 403
    if readable is False:
        return 404
    return 200


def shown(corpus_key: str, entry: Entry) -> str:
    corpus = CORPORA[corpus_key]
    return {"marker": corpus.marker, "title": corpus.title, "name": corpus.name}[entry.shows]


def check_secrets(reply: Reply, unreadable: set[str], named: str | None, where: str) -> None:
    for key in unreadable:
        corpus = CORPORA[key]
        for secret in corpus.secrets(named=corpus.name == named):
            assert secret not in reply.text, f"{where}: « {secret} » de {corpus.name} divulgué"


@pytest.mark.parametrize("entry_name", list(ENTRIES))
@pytest.mark.parametrize("caller", list(READS))
def test_caller_reads_only_what_they_may(world: World, caller: str, entry_name: str) -> None:
    entry = ENTRIES[entry_name]
    client = world.clients[caller]
    reads = READS[caller]
    unreadable = set(CORPORA) - reads

    if entry.listing:
        reply = entry.call(client, None)
        where = f"{caller} × {entry_name}"
        assert reply.status == expected_status(caller, entry, None), f"{where}: {reply.status} {reply.text[:300]}"
        check_secrets(reply, unreadable if reply.status == 200 else set(CORPORA), None, where)
        if entry.shows != "nothing" and reply.status == 200:
            for key in reads:
                assert shown(key, entry) in reply.text, f"{where}: {key} absent"
        return

    targets: list[str | None] = list(CORPORA) + ([None] if entry.all_readable and not entry.by_document else [])
    for key in targets:
        readable = None if key is None else key in READS[caller]
        name = CORPORA[key].name if key else None
        argument = world.documents[key] if entry.by_document and key else name
        reply = entry.call(client, argument)
        where = f"{caller} × {entry_name} × {name or 'toutes'}"
        expected = expected_status(caller, entry, readable)
        assert reply.status == expected, f"{where}: {reply.status} au lieu de {expected} — {reply.text[:300]}"
        check_secrets(reply, unreadable, name, where)
        if expected != 200:  # refused: no content at all, even from collections the caller may read
            assert not any(c.marker in reply.text or c.title in reply.text for c in CORPORA.values()), where
        if expected == 303:
            assert reply.location.startswith("/connexion?suivant="), where
        if expected == 200 and key is not None:
            assert shown(key, entry) in reply.text, f"{where}: contenu lisible absent"
        if expected == 200 and key is None and reads:
            assert any(shown(k, entry) in reply.text for k in reads), f"{where}: aucun contenu lisible"
        if expected == 404 and not entry.page or entry_name == "page /documents/{id}" and expected == 404:
            # An unreadable collection or document is answered exactly like a missing one.
            fake = "f" * len(argument) if entry.by_document else MISSING
            twin = entry.call(client, fake)
            assert twin.status == 404, where
            assert reply.text.replace(argument, "X") == twin.text.replace(fake, "X"), where
        if expected == 404 and entry.page and entry_name != "page /documents/{id}":
            twin = entry.call(client, MISSING)
            assert reply.text.replace(name, "X") == twin.text.replace(MISSING, "X"), where


def test_search_returns_every_readable_collection_when_none_is_named(world: World) -> None:
    for caller in ("user", "hr", "anonymous (instance ouverte)"):
        reply = api_search(world.clients[caller], None)
        assert reply.status == 200
        for key in READS[caller]:
            assert CORPORA[key].marker in reply.text, f"{caller}: {key}"


USERS = ["user", "hr", "admin"]


@pytest.mark.parametrize("command", ["ask", "search"])
@pytest.mark.parametrize("caller", USERS)
def test_cli_as_user_reads_only_their_collections(world: World, caller: str, command: str) -> None:
    runner = CliRunner()
    env = world.env()
    for key, corpus in CORPORA.items():
        text = QUESTION if command == "ask" else SEARCH
        result = runner.invoke(cli_app, [command, text, "-c", corpus.name, "--json", "--as-user", world.emails[caller]],
                               env=env)
        where = f"sudia {command} --as-user {caller} -c {corpus.name}"
        output = result.stdout + result.stderr
        if key in READS[caller]:
            assert result.exit_code == 0, f"{where}: {output}"
            assert corpus.marker in output, where
        else:
            assert result.exit_code == 1, f"{where}: {output}"
            assert f"[SUDIA-C001] Collection inconnue : {corpus.name}" in output, where
        check_secrets(Reply(result.exit_code, output), set(CORPORA) - READS[caller], corpus.name, where)


def test_cli_user_from_the_environment(world: World) -> None:
    env = world.env() | {"SUDIA_CLI_USER": world.emails["user"]}
    result = CliRunner().invoke(cli_app, ["search", SEARCH, "-c", CORPORA["rh"].name, "--json"], env=env)
    assert result.exit_code == 1 and CORPORA["rh"].marker not in result.stdout + result.stderr
    operator = CliRunner().invoke(cli_app, ["search", SEARCH, "-c", CORPORA["rh"].name, "--json"], env=world.env())
    assert operator.exit_code == 0 and CORPORA["rh"].marker in operator.stdout  # the local operator holds the base


def test_audit_log_records_requests_and_refusals_and_verifies(world: World) -> None:
    from sudia.audit.base import AuditQuery

    hr = world.clients["hr"]
    assert api_ask(hr, CORPORA["rh"].name).status == 200
    assert api_search(world.clients["user"], CORPORA["rh"].name).status == 404
    assert chat_stream(hr, CORPORA["rh"].name).status == 200
    entries = list(world.trust.audit.iter_entries(AuditQuery(kind="ai_request")))
    answered = [e for e in entries if e.actor == f"user:{world.emails['hr']}" and e.action == "ask"
                and e.outcome == "answered" and e.collections == (CORPORA["rh"].name,)]
    assert answered and answered[-1].question == QUESTION and answered[-1].documents == (world.documents["rh"],)
    assert answered[-1].entry_point == "api" and answered[-1].latency_ms > 0
    denied = [e for e in entries if e.actor == f"user:{world.emails['user']}" and e.outcome == "denied"]
    assert any(e.action == "search" and e.details.get("code") == "SUDIA-C001" for e in denied)
    streamed = [e for e in entries if e.entry_point == "openai" and e.details.get("stream")]
    assert streamed and streamed[-1].outcome == "answered"
    assert any(e.actor.startswith("token:") and e.outcome == "denied" and e.action == "ask" for e in entries)
    assert any(e.entry_point == "cli" for e in entries)
    assert any(e.entry_point == "web" and e.action == "search" for e in entries)

    result = CliRunner().invoke(cli_app, ["audit", "verify"], env=world.env())
    assert result.exit_code == 0, result.stdout + result.stderr
    assert "Journal intègre" in result.stdout + result.stderr


# -- passwords (issue #11): one's own from « Mon compte », anyone's by an administrator ----------------
def _form_csrf(c: TestClient) -> str:
    found = re.search(r'name="csrf" value="([^"]+)"', c.get("/compte", follow_redirects=False).text)
    return found.group(1) if found else ""


PASSWORD_EXPECTED = {  # caller: (own change, reset page, reset form); the forms are sent with wrong values
    "anonymous (instance fermée)": (401, 303, 401),
    "anonymous (instance ouverte)": (401, 303, 401),
    "user": (400, 403, 403),
    "hr": (400, 403, 403),
    "admin": (400, 200, 400),
    "token search": (403, 403, 403),  # a token never changes a password, and is no administrator's
    "token expired": (401, 401, 401),
    "token revoked": (401, 401, 401),
}


@pytest.mark.parametrize("caller", list(READS))
def test_password_entry_points(world: World, caller: str) -> None:
    """Wrong current password, different confirmation: who gets as far as the form's check (400), who is
    refused before it; nothing is changed, so the world's sessions stay valid."""
    client = world.clients[caller]
    target = world.trust.directory.user(world.emails["user"])
    csrf = _form_csrf(client)
    own = client.post("/compte/mot-de-passe", data={"csrf": csrf, "current": "pas-le-bon-mot-de-passe",
                                                    "password": "Nouveau-mot-de-passe-42",
                                                    "confirmation": "Nouveau-mot-de-passe-42"}, follow_redirects=False)
    url = f"/admin/utilisateurs/{target.id}/mot-de-passe"
    page = client.get(url, follow_redirects=False)
    reset = client.post(url, data={"csrf": csrf, "password": "Nouveau-mot-de-passe-42", "confirmation": "autre"},
                        follow_redirects=False)
    assert (own.status_code, page.status_code, reset.status_code) == PASSWORD_EXPECTED[caller], (
        caller, own.text[:200], page.text[:200], reset.text[:200])
    if page.status_code == 303:
        assert page.headers["location"].startswith("/connexion?suivant="), caller
    assert world.trust.auth.login(world.emails["user"], "mot-de-passe-de-test-42")  # unchanged
