"""No secret ever leaves in a response or a log line (#10): a secret is set in every secret-bearing
setting (database password, LLM key, OIDC client secret, audit key) and API tokens and session
cookies are made; then every route is called by every kind of caller, with the error paths
(storage down, LLM down, bad input, oversized body), on a real server with debug logging; every
response body and header and every log line is scanned. The two answers whose purpose is to hand
a secret over once (a new token's page, the login's Set-Cookie) are the only ones exempt."""

from __future__ import annotations

import logging
import re
import socket
import threading
import time
from collections.abc import Iterator

import httpx
import pytest
import uvicorn
from accounts.oidc_provider import CLIENT_ID, CLIENT_SECRET, FakeOidcProvider, new_key
from fake_llm import FakeLLM

from sudia.errors import SudiaError
from sudia.settings import Settings
from sudia.web.app import create_app
from web.conftest import free_port

DB_SECRET = "DbSecret-7f3a91c2"
LLM_SECRET = "sk-llm-secret-5be0c8d4"
AUDIT_SECRET = "audit-key-secret-0c4f2e9ab1"
PASSWORD = "mot-de-passe-secret-du-scan"


class Capture(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.setFormatter(logging.Formatter("%(levelname)s %(name)s %(message)s"))
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        if record.threadName == "MainThread" and record.name.startswith(("httpx", "httpcore")):
            return  # this test's own HTTP client, which receives the cookies it is given
        self.lines.append(self.format(record))  # message, arguments and traceback


def _served(settings: Settings) -> tuple[uvicorn.Server, threading.Thread, str, object]:
    app = create_app(settings)
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="debug", access_log=True,
                                           log_config=None, lifespan="on"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 60
    while not server.started:
        assert thread.is_alive() and time.monotonic() < deadline
        time.sleep(0.05)
    return server, thread, f"http://127.0.0.1:{port}", app


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]  # nothing listens there once the socket is closed


@pytest.fixture
def capture() -> Iterator[Capture]:
    handler = Capture()
    loggers = [logging.getLogger(n) for n in ("", "uvicorn", "uvicorn.error", "uvicorn.access", "sudia")]
    levels = [lg.level for lg in loggers]
    for lg in loggers:
        lg.addHandler(handler)
        lg.setLevel(logging.DEBUG)
    yield handler
    for lg, level in zip(loggers, levels):
        lg.removeHandler(handler)
        lg.setLevel(level)


@pytest.mark.integration
@pytest.mark.slow
def test_no_secret_in_any_response_header_or_log_line(tmp_path, capture: Capture) -> None:
    from pg_schema import postgres_schema

    scanned: list[tuple[str, str]] = []  # (where, text)
    exempt: set[int] = set()  # indexes of the answers that hand a secret over on purpose
    secrets = [DB_SECRET, LLM_SECRET, AUDIT_SECRET, PASSWORD, CLIENT_SECRET]

    def keep(where: str, response: httpx.Response, allowed: bool = False) -> httpx.Response:
        headers = "\n".join(f"{k}: {v}" for k, v in response.headers.multi_items())
        if allowed:
            exempt.add(len(scanned))
        scanned.append((where, f"{response.status_code}\n{headers}\n{response.text}"))
        return response

    with postgres_schema("sudia_scan") as url, _llm() as llm, FakeOidcProvider(new_key(), new_key()) as provider:
        # The URL form the observatory used to refuse, echoing it whole (finding 1).
        db_url = url.replace("postgresql://postgres@", f"postgresql+psycopg://postgres:{DB_SECRET}@")
        settings = Settings(data_dir=tmp_path / "data", database_url=db_url, demo=False, embedder="none",
                            llm_base_url=llm.url, llm_model=llm.model, llm_api_key=LLM_SECRET,
                            allow_anonymous=True, audit_key=AUDIT_SECRET, audit_questions="full",
                            oidc_issuer=provider.issuer, oidc_client_id=CLIENT_ID, oidc_client_secret=CLIENT_SECRET,
                            rate_limit_anonymous_per_minute=0, rate_limit_per_minute=0,
                            auth_failures_per_ip_per_minute=0)
        server, thread, base, app = _served(settings)
        platform = app.state.platform
        anonymous = agent = token = bogus = httpx.Client()
        try:
            platform.store.ensure_collection("guides", "", "public")
            note = tmp_path / "tarifs.md"
            note.write_text("# Tarifs\n\nLe repas coûte 3 euros. Voir https://www.maregionsud.fr/cantine.\n",
                            encoding="utf-8")
            document = platform.ingestor.ingest_file("guides", note).document_id
            directory = platform.trust.directory
            directory.add_user("cli:test", "agent@region.fr", "Agent", PASSWORD)
            admin = directory.add_user("cli:test", "admin@region.fr", "Admin", PASSWORD, is_admin=True)
            issued = directory.create_token("cli:test", "admin@region.fr", ["ask", "search", "ingest", "admin"])
            secrets.append(issued.secret)
            llm.script(*["Le repas coûte 3 euros [1]."] * 50)

            anonymous = httpx.Client(base_url=base, timeout=60)
            agent = httpx.Client(base_url=base, timeout=60)
            form = keep("page de connexion", agent.get("/connexion"))
            keep("login", agent.post("/connexion", data={"email": "agent@region.fr", "password": PASSWORD,
                                                          "csrf": _csrf(form.text)}, follow_redirects=False),
                 allowed=True)
            session = agent.cookies.get("sudia_session")
            assert session
            secrets.append(session)
            token = httpx.Client(base_url=base, timeout=60, headers={"Authorization": f"Bearer {issued.secret}"})
            bogus = httpx.Client(base_url=base, timeout=60, headers={"Authorization": "Bearer sudia_faux"})
            callers = {"anonyme": anonymous, "agent": agent, "jeton": token, "faux jeton": bogus}

            values = {"document_id": document, "name": "guides", "token_id": issued.token.id, "user_id": admin.id,
                      "ref": "x", "slug": "x", "path": "x"}
            routes = [(re.sub(r"\{(\w+)(?::\w+)?\}", lambda m: values.get(m.group(1), "x"), path), methods)
                      for path, methods in _routes(app.routes)]
            gets = sorted({p for p, m in routes if "GET" in m})
            posts = sorted({p for p, m in routes if "POST" in m and "supprimer" not in p and "revoquer" not in p})
            for who, client in callers.items():
                for path in gets:
                    keep(f"{who} GET {path}", client.get(path, follow_redirects=False))
                for path in posts:  # empty or wrong bodies: the error paths of every form and API
                    keep(f"{who} POST {path} (vide)", client.post(path, data={"x": "y"}, follow_redirects=False))
                for path, body in (("/api/search", {"query": "repas"}), ("/api/ask", {"question": "Prix du repas ?"}),
                                   ("/api/ask", {"question": "x" * 5000}), ("/api/search", {"query": 3}),
                                   ("/v1/chat/completions", {"model": "sudia-rag",
                                                             "messages": [{"role": "user", "content": "Prix ?"}]}),
                                   ("/v1/chat/completions", {"model": llm.model, "stream": True,
                                                             "messages": [{"role": "user", "content": "Bonjour"}]}),
                                   ("/v1/embeddings", {"model": "x", "input": "bonjour"}),
                                   ("/api/collections", {"name": "nouvelle"})):
                    keep(f"{who} POST {path}", client.post(path, json=body))
                keep(f"{who} JSON invalide", client.post("/api/ask", content=b"{pas du json",
                                                         headers={"content-type": "application/json"}))
                keep(f"{who} trop gros", client.post("/api/ask", content=b" " * (600 * 1024),
                                                     headers={"content-type": "application/json"}))
            keep("mauvais mot de passe", anonymous.post("/connexion", data={"email": "agent@region.fr",
                                                                              "password": "faux"}))
            keep("dépôt", token.post("/api/collections/guides/documents", files={"files": ("b.md", b"# B\n\nTexte.")}))
            account = keep("compte", agent.get("/compte"))
            made = keep("page jetons", agent.post("/compte/jetons", data={"name": "x", "scopes": "ask", "days": "30",
                                                                          "csrf": _csrf(account.text)}), allowed=True)
            shown = re.findall(r"sudia_[A-Za-z0-9_-]{20,}", made.text)
            assert shown, made.text[:500]
            secrets += shown
            keep("compte après", agent.get("/compte"))
            started = keep("oidc", anonymous.get("/auth/oidc/login", follow_redirects=False))
            if started.status_code in (302, 303, 307):
                back = httpx.get(started.headers["location"], follow_redirects=False).headers.get("location", "")
                if back:
                    keep("oidc retour", anonymous.get(back.replace("http://testserver", base), follow_redirects=False),
                         allowed=True)

            # The language model down: its error path, with the key set.
            platform.settings.llm_base_url = f"http://127.0.0.1:{_closed_port()}/v1"
            platform.__dict__.pop("llm", None)
            platform.__dict__.pop("assistant", None)
            keep("LLM injoignable", token.post("/api/ask", json={"question": "Prix du repas ?"}))
            keep("LLM injoignable (direct)", token.post("/v1/chat/completions", json={
                "model": llm.model, "messages": [{"role": "user", "content": "Bonjour"}]}))
        finally:
            for client in (anonymous, agent, token, bogus):
                client.close()
            server.should_exit = True
            thread.join(timeout=30)

        # The database down: at start (web, CLI) and in the message a client would see.
        down = db_url.replace(":5432/", f":{_closed_port()}/")
        with pytest.raises(SudiaError) as refused:
            create_app(settings.model_copy(update={"database_url": down}))
        scanned.append(("démarrage, base injoignable", str(refused.value)))
        from cli.conftest import run_cli

        result = run_cli(tmp_path / "cli", "collections", "list", database_url=down)
        scanned.append(("CLI, base injoignable", result.stdout + result.stderr))
        result = run_cli(tmp_path / "cli", "audit", "verify", database_url=db_url)
        scanned.append(("CLI audit verify", result.stdout + result.stderr))

    print(f"\nscanned: {len(scanned)} responses and outputs, {len(capture.lines)} log lines, {len(secrets)} secrets")
    assert len(scanned) > 200 and len(capture.lines) > 200
    leaks = [(where, secret) for i, (where, text) in enumerate(scanned) if i not in exempt
             for secret in secrets if secret and secret in text]
    leaks += [(line[:200], secret) for line in capture.lines for secret in secrets if secret and secret in line]
    assert leaks == []


def _routes(routes, prefix: str = "") -> Iterator[tuple[str, set[str]]]:
    """(path, methods) of every route, routers included as FastAPI includes them."""
    for route in routes:
        if hasattr(route, "original_router"):
            context = getattr(route, "include_context", None)
            yield from _routes(route.original_router.routes, prefix + (getattr(context, "prefix", "") or ""))
        elif hasattr(route, "path") and getattr(route, "methods", None):
            yield prefix + route.path, set(route.methods)


def _csrf(page: str) -> str:
    found = re.search(r'name="csrf" value="([^"]+)"', page)
    return found.group(1) if found else ""


class _llm:
    """A fake LLM server for the duration of the test (stopped on exit)."""

    def __enter__(self) -> FakeLLM:
        self.server = FakeLLM().start()
        return self.server

    def __exit__(self, *exc: object) -> None:
        self.server.stop()
