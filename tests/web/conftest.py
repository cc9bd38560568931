"""Web fixtures: the real app served by uvicorn on a free localhost port, in a thread, per Settings."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Callable, Iterator

import pytest
import uvicorn
from fake_llm import FakeLLM

from sudia.settings import Settings
from sudia.web.app import create_app


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class RunningServer:
    """One uvicorn server; `url` is its base address, e.g. http://127.0.0.1:54321."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.app = create_app(settings)
        port = free_port()
        self.url = f"http://127.0.0.1:{port}"
        config = uvicorn.Config(self.app, host="127.0.0.1", port=port, log_level="warning", lifespan="on")
        self._server = uvicorn.Server(config)
        self._thread = threading.Thread(target=self._server.run, name=f"uvicorn-{port}", daemon=True)

    def start(self) -> RunningServer:
        self._thread.start()
        deadline = time.monotonic() + 60
        while not self._server.started:
            if not self._thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError("the test server did not start")
            time.sleep(0.05)
        return self

    def stop(self) -> None:
        uploads = getattr(self.app.state, "uploads", None)
        if uploads is not None:
            uploads.wait()  # let background ingestion finish before the store is closed
        self._server.should_exit = True
        self._thread.join(timeout=30)


@pytest.fixture(scope="module")
def start_server() -> Iterator[Callable[[Settings], RunningServer]]:
    """Start servers for the module's tests; all of them stop when the module is done."""
    servers: list[RunningServer] = []

    def start(settings: Settings) -> RunningServer:
        server = RunningServer(settings).start()
        servers.append(server)
        return server

    yield start
    for server in servers:
        server.stop()


@pytest.fixture(scope="module")
def fake_llm() -> Iterator[FakeLLM]:
    llm = FakeLLM().start()
    yield llm
    llm.stop()


ADMIN_EMAIL = "admin-tests@region.fr"
ADMIN_PASSWORD = "mot-de-passe-des-tests-web"


def admin_token(settings: Settings, scopes: tuple[str, ...] = ("ask", "search", "ingest", "admin")) -> str:
    """An administrator's API token on the instance of `settings`: uploads and deletions need rights."""
    from accounts.engines import CHEAP

    from sudia.accounts.trust import Trust

    trust = Trust.open(settings.resolved_database_url(), settings, cost=CHEAP)
    try:
        if trust.store.find_user(ADMIN_EMAIL) is None:
            trust.directory.add_user("cli:test", ADMIN_EMAIL, "Administratrice des tests", ADMIN_PASSWORD,
                                     is_admin=True)
        return trust.directory.create_token("cli:test", ADMIN_EMAIL, scopes, 30, "tests web").secret
    finally:
        trust.close()


def sign_in_admin(client) -> str:
    """Open an administrator's web session in a TestClient; returns the session's CSRF token."""
    import re

    admin_token(client.app.state.settings)  # creates the account on first use
    signed = client.app.state.platform.trust.auth.login(ADMIN_EMAIL, ADMIN_PASSWORD)
    client.cookies.set("sudia_session", signed.cookie)
    return re.search(r'name="csrf" value="([^"]+)"', client.get("/compte").text).group(1)


def form_csrf(client) -> str:
    """The CSRF token the assistant's form carries for this client ("" for an anonymous visitor)."""
    import re

    found = re.search(r'name="csrf" value="([^"]*)"', client.get("/").text)
    return found.group(1) if found else ""


def ask_page(client, question: str, **form):
    """Ask through the assistant's form, as a browser without JavaScript does (questions are posted)."""
    return client.post("/", data={"question": question, "csrf": form_csrf(client), **form}, follow_redirects=False)
