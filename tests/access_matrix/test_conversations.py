"""Caller × history entry point: an agent's conversation reaches nobody else, whatever they ask for.

The HR agent asks a question on the HR collection; every other caller then tries every history entry
point on that conversation (pages, JSON API, feedback) and gets exactly what a conversation that does
not exist gives, and never its question, its answer or its marker.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from fastapi.testclient import TestClient

from access_matrix.conftest import CORPORA, QUESTION, World
from access_matrix.test_matrix import Reply, _reply

MISSING = "0" * 32
SAME_ORIGIN = {"Origin": "http://testserver"}
OWNER = "hr"
OTHERS = ["anonymous (instance fermée)", "anonymous (instance ouverte)", "user", "admin", "token search",
          "token expired", "token revoked"]
# What each caller gets for someone else's conversation (as for one that does not exist).
EXPECTED = {"anonymous (instance fermée)": 401, "anonymous (instance ouverte)": 401, "user": 404, "admin": 404,
            "token search": 403, "token expired": 401, "token revoked": 401}
PAGE_EXPECTED = EXPECTED | {"anonymous (instance fermée)": 303, "anonymous (instance ouverte)": 303}


def page(c: TestClient, conversation: str, turn: str) -> Reply:
    return _reply(c.get(f"/conversations/{conversation}", follow_redirects=False))


def api_get(c: TestClient, conversation: str, turn: str) -> Reply:
    return _reply(c.get(f"/api/conversations/{conversation}"))


def api_rename(c: TestClient, conversation: str, turn: str) -> Reply:
    return _reply(c.patch(f"/api/conversations/{conversation}", json={"title": "volé"}, headers=SAME_ORIGIN))


def api_delete(c: TestClient, conversation: str, turn: str) -> Reply:
    return _reply(c.delete(f"/api/conversations/{conversation}", headers=SAME_ORIGIN))


def api_feedback(c: TestClient, conversation: str, turn: str) -> Reply:
    return _reply(c.put(f"/api/conversations/{conversation}/turns/{turn}/feedback", json={"rating": -1},
                        headers=SAME_ORIGIN))


def api_follow_up(c: TestClient, conversation: str, turn: str) -> Reply:
    return _reply(c.post("/api/conversations/ask", json={"question": "Et pour les cadres ?", "conversation": conversation},
                         headers=SAME_ORIGIN))


ENTRIES: dict[str, Callable[[TestClient, str, str], Reply]] = {
    "page /conversations/{id}": page, "GET /api/conversations/{id}": api_get,
    "PATCH /api/conversations/{id}": api_rename, "DELETE /api/conversations/{id}": api_delete,
    "PUT …/turns/{turn}/feedback": api_feedback, "POST /api/conversations/ask (suite)": api_follow_up,
}


@pytest.fixture(scope="module")
def conversation(world: World) -> tuple[str, str]:
    reply = world.clients[OWNER].post("/api/conversations/ask", json={"question": QUESTION,
                                                                      "collections": [CORPORA["rh"].name]},
                                      headers=SAME_ORIGIN)
    assert reply.status_code == 200, reply.text
    import json

    done = json.loads(reply.text.strip().splitlines()[-1])
    assert done["type"] == "done" and CORPORA["rh"].marker in done["html"]
    return done["conversation"], done["turn"]


@pytest.mark.parametrize("entry", list(ENTRIES))
@pytest.mark.parametrize("caller", OTHERS)
def test_nobody_else_reaches_an_agents_conversation(world: World, conversation: tuple[str, str], caller: str,
                                                    entry: str) -> None:
    conversation_id, turn_id = conversation
    client = world.clients[caller]
    call = ENTRIES[entry]
    reply = call(client, conversation_id, turn_id)
    twin = call(client, MISSING, MISSING)
    where = f"{caller} × {entry}"
    expected = (PAGE_EXPECTED if entry.startswith("page") else EXPECTED)[caller]
    if entry.startswith("POST"):  # asking: the « ask » scope first; an open instance lets visitors ask
        expected = {"token search": 403, "anonymous (instance ouverte)": 404}.get(caller, expected)
    assert reply.status == expected, f"{where}: {reply.status} {reply.text[:300]}"
    assert twin.status == reply.status, where
    assert reply.text.replace(conversation_id, "X").replace(turn_id, "X") == twin.text.replace(MISSING, "X"), where
    for secret in (CORPORA["rh"].marker, CORPORA["rh"].title, QUESTION):
        assert secret not in reply.text, f"{where}: « {secret} » divulgué"


def test_the_owner_still_has_the_conversation(world: World, conversation: tuple[str, str]) -> None:
    conversation_id, turn_id = conversation
    owner = world.clients[OWNER]
    shown = owner.get(f"/conversations/{conversation_id}")
    assert shown.status_code == 200 and CORPORA["rh"].marker in shown.text
    assert owner.get(f"/api/conversations/{conversation_id}").json()["title"] == QUESTION  # never renamed
    listed = owner.get("/api/conversations").json()
    assert conversation_id in [c["id"] for c in listed]
    for caller in ("user", "admin"):
        assert conversation_id not in world.clients[caller].get("/api/conversations").text
        assert QUESTION not in world.clients[caller].get("/historique").text
