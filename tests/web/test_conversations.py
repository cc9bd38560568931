"""The assistant's conversations on the real app: follow-ups, history, feedback, streamed API, privacy.

A small lexical instance (no embeddings model) with a public guide and an HR collection restricted
to the « rh » group; agents sign in with real sessions.
"""

from __future__ import annotations

import csv
import html
import io
import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from accounts.engines import CHEAP
from fake_llm import FakeLLM
from fastapi.testclient import TestClient

from sudia.accounts.trust import Trust
from sudia.audit.base import AuditQuery
from sudia.settings import Settings
from sudia.usecases.uploads import Uploads
from sudia.web.app import create_app
from sudia.web.auth import SESSION_COOKIE
from sudia.web.conversation_views import EXAMPLES, add_examples

PASSWORD = "phrase-secrete-des-conversations"
FIRST = "Comment commander le Pass Jeunes ?"
FOLLOW = "Qui peut l'avoir ?"
GUIDE = ("# Pass Jeunes\n\n## Commander le pass\n\nLe Pass Jeunes se commande en ligne sur l'application "
         "de la Région.\n\n## Public\n\nLe Pass Jeunes est réservé aux jeunes de 15 à 25 ans.\n")
HR = "# Congés\n\n## Droits\n\nLes agents ont droit à 25 jours de congés annuels (MARQUEUR-RH-CONGES).\n"


def _ingest(app, collection: str, name: str, text: str, visibility: str = "public", groups=()) -> None:
    platform = app.state.platform
    platform.store.ensure_collection(collection, "", visibility, tuple(groups))
    uploads = Uploads(platform.store, platform.ingestor, platform.settings)
    sink = uploads.receive(collection, name)
    sink.write(text.encode())
    [result] = uploads.process([sink.close()])
    assert result.status == "done", result.message


def _app(tmp_path: Path, **overrides):
    values = {"data_dir": tmp_path / "data", "demo": False, "embedder": "none", "llm_base_url": "", "llm_model": "",
              "allow_anonymous": True, "default_collection": "guides", "rate_limit_per_minute": 0,
              "rate_limit_anonymous_per_minute": 0, "audit_questions": "full"}
    settings = Settings(**(values | overrides))
    app = create_app(settings)
    platform = app.state.platform
    platform.__dict__["trust"] = Trust.open(settings.resolved_database_url(), settings, cost=CHEAP)
    directory = platform.trust.directory
    directory.add_user("cli:test", "agent@region.fr", "Agent", PASSWORD, groups=["rh"])
    directory.add_user("cli:test", "collegue@region.fr", "Collègue", PASSWORD)
    directory.add_user("cli:test", "admin@region.fr", "Admin", PASSWORD, is_admin=True)
    _ingest(app, "guides", "pass-jeunes.md", GUIDE)
    _ingest(app, "rh", "conges.md", HR, "restricted", ["rh"])
    return app


@pytest.fixture
def app(tmp_path: Path) -> Iterator[object]:
    application = _app(tmp_path)
    yield application
    application.state.platform.close()


def signed_in(app, email: str) -> TestClient:
    cookie = app.state.platform.trust.auth.login(email, PASSWORD).cookie
    client = TestClient(app, cookies={SESSION_COOKIE: cookie})
    client.csrf = re.search(r'name="csrf" value="([^"]+)"', client.get("/").text).group(1)  # type: ignore[attr-defined]
    return client


def ask(client: TestClient, question: str, **form) -> object:
    return client.post("/", data={"question": question, "csrf": getattr(client, "csrf", ""), **form},
                       follow_redirects=False)


def text(response) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", response.text)).split())


def events(response) -> list[dict]:
    return [json.loads(line) for line in response.text.splitlines() if line.strip()]


def api_ask(client: TestClient, question: str, **body) -> object:
    return client.post("/api/conversations/ask", json={"question": question, **body},
                       headers={"X-CSRF-Token": getattr(client, "csrf", "")})


# -- pages without script ----------------------------------------------------------------------------
def test_a_signed_in_agent_asks_follows_up_and_reopens_the_conversation(app) -> None:
    agent = signed_in(app, "agent@region.fr")
    first = ask(agent, FIRST)
    assert first.status_code == 303
    location = first.headers["location"]
    assert re.fullmatch(r"/conversations/[0-9a-f]{32}#tour-[0-9a-f]{32}", location)
    conversation_id = location.split("/")[2].split("#")[0]
    page = agent.get(location)
    assert page.status_code == 200 and page.headers["cache-control"] == "no-store"
    assert FIRST in text(page) and "se commande en ligne" in text(page)
    follow = ask(agent, FOLLOW, conversation=conversation_id)
    assert follow.status_code == 303 and follow.headers["location"].startswith(f"/conversations/{conversation_id}#")
    body = text(agent.get(follow.headers["location"]))
    assert "Question comprise comme : « Qui peut l'avoir (Pass Jeunes) ? »" in body
    assert "réservé aux jeunes de 15 à 25 ans" in body
    assert body.index(FIRST) < body.index(FOLLOW)  # in order, one page
    history = text(agent.get("/historique"))
    assert FIRST in history and "2 questions" in history


def test_an_anonymous_follow_up_carries_the_previous_question_in_the_form(app) -> None:
    visitor = TestClient(app)
    first = ask(visitor, FIRST)
    assert first.status_code == 200  # nothing kept: the answer is shown at once
    previous = re.search(r'name="precedente" value="([^"]*)"', first.text).group(1)
    assert html.unescape(previous) == FIRST
    follow = ask(visitor, FOLLOW, precedente=html.unescape(previous))
    assert "Question comprise comme : « Qui peut l'avoir (Pass Jeunes) ? »" in text(follow)
    assert visitor.get("/historique", follow_redirects=False).status_code == 303  # no history: log in first
    assert app.state.platform.chat.history("") == []


def test_examples_are_buttons_that_post_the_question(app) -> None:
    add_examples("guides", [FIRST])
    try:
        page = TestClient(app).get("/").text
        assert f'<button type="submit" class="exemple" name="question" value="{html.escape(FIRST)}">' in page
    finally:
        EXAMPLES.pop("guides")


def test_history_rename_and_delete(app) -> None:
    agent = signed_in(app, "agent@region.fr")
    conversation_id = ask(agent, FIRST).headers["location"].split("/")[2].split("#")[0]
    renamed = agent.post(f"/conversations/{conversation_id}/renommer", data={"titre": "Pass : commande",
                                                                             "csrf": agent.csrf},
                         follow_redirects=False)
    assert renamed.status_code == 303
    page = agent.get(renamed.headers["location"])
    assert "La conversation a été renommée." in page.text and "Pass : commande" in text(page)
    empty = agent.post(f"/conversations/{conversation_id}/renommer", data={"titre": " ", "csrf": agent.csrf})
    assert empty.status_code == 400 and "Titre de conversation invalide" in text(empty)
    confirm = agent.post(f"/conversations/{conversation_id}/supprimer", data={"csrf": agent.csrf})
    assert "Voulez-vous vraiment supprimer la conversation « Pass : commande » et ses 1 questions" in text(confirm)
    gone = agent.post(f"/conversations/{conversation_id}/supprimer", data={"csrf": agent.csrf, "confirmation": "oui"})
    assert "La conversation a été supprimée." in gone.text
    assert agent.get(f"/conversations/{conversation_id}").status_code == 404
    forged = agent.post(f"/conversations/{conversation_id}/renommer", data={"titre": "x", "csrf": "faux"})
    assert forged.status_code == 403


def test_only_the_owner_sees_a_conversation(app) -> None:
    agent, colleague = signed_in(app, "agent@region.fr"), signed_in(app, "collegue@region.fr")
    admin = signed_in(app, "admin@region.fr")
    location = ask(agent, FIRST).headers["location"]
    conversation_id, turn_id = location.split("/")[2].split("#tour-")
    missing = "0" * 32
    for other in (colleague, admin):
        mine = other.get(f"/conversations/{conversation_id}")
        twin = other.get(f"/conversations/{missing}")
        assert mine.status_code == twin.status_code == 404
        assert mine.text.replace(conversation_id, "X") == twin.text.replace(missing, "X")  # same answer
        assert FIRST not in other.get("/historique").text
        for path, data in ((f"/conversations/{conversation_id}/renommer", {"titre": "volé"}),
                           (f"/conversations/{conversation_id}/supprimer", {"confirmation": "oui"}),
                           (f"/conversations/{conversation_id}/tours/{turn_id}/avis", {"note": "1"})):
            assert other.post(path, data={**data, "csrf": other.csrf}).status_code == 404, path
        refused = ask(other, FOLLOW, conversation=conversation_id)
        assert refused.status_code == 404 and "Conversation inconnue" in text(refused)
        api = other.get(f"/api/conversations/{conversation_id}")
        assert api.status_code == 404 and api.json()["error"]["code"] == "SUDIA-H001"
    assert app.state.platform.chat.conversation(f"user:{_user_id(app, 'agent@region.fr')}", conversation_id).title == FIRST


def _user_id(app, email: str) -> str:
    return app.state.platform.trust.store.find_user(email).id


def test_an_answer_from_a_collection_no_longer_readable_is_hidden(app) -> None:
    agent = signed_in(app, "agent@region.fr")
    location = ask(agent, "Combien de jours de congés annuels ?", collections="rh").headers["location"]
    assert "MARQUEUR-RH-CONGES" in agent.get(location).text
    conversation_id, turn_id = location.split("/")[2].split("#tour-")
    app.state.platform.trust.directory.remove_from_group("cli:test", "agent@region.fr", "rh")
    again = signed_in(app, "agent@region.fr")
    page = again.get(location)
    assert page.status_code == 200 and "MARQUEUR-RH-CONGES" not in page.text
    assert "Réponse masquée" in page.text
    assert "MARQUEUR-RH-CONGES" not in again.get(f"/api/conversations/{conversation_id}").text
    refused = again.put(f"/api/conversations/{conversation_id}/turns/{turn_id}/feedback", json={"rating": 1},
                        headers={"X-CSRF-Token": again.csrf})
    assert refused.status_code == 404 and refused.json()["error"]["code"] == "SUDIA-H004"


# -- feedback ------------------------------------------------------------------------------------------
def test_feedback_is_kept_listed_for_admins_and_exported(app) -> None:
    agent = signed_in(app, "agent@region.fr")
    location = ask(agent, FIRST).headers["location"]
    conversation_id, turn_id = location.split("/")[2].split("#tour-")
    given = agent.post(f"/conversations/{conversation_id}/tours/{turn_id}/avis",
                       data={"note": "-1", "commentaire": "=HYPERLINK(\"http://x\") il manque le prix",
                             "csrf": agent.csrf}, follow_redirects=False)
    assert given.status_code == 303 and given.headers["location"].endswith(f"#tour-{turn_id}")
    page = agent.get(given.headers["location"]).text
    assert 'value="-1" aria-pressed="true"' in page and "Avis enregistré, merci." in page

    assert agent.get("/admin/avis", follow_redirects=False).status_code == 403
    admin = signed_in(app, "admin@region.fr")
    listing = admin.get("/admin/avis")
    assert listing.status_code == 200 and FIRST in text(listing) and "il manque le prix" in text(listing)
    assert "Pas utile" in text(listing)
    exported = admin.get("/admin/avis.csv")
    assert exported.headers["content-type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(exported.content.decode("utf-8-sig"))))
    assert rows[0][:4] == ["date", "avis", "commentaire", "question"]
    assert rows[1][1] == "pas utile" and rows[1][2].startswith("'=HYPERLINK")  # formulas neutralised
    assert rows[1][3] == FIRST and "Pass Jeunes" in rows[1][9] and rows[1][8] == "guides"
    exports = [e for e in app.state.platform.trust.audit.entries(AuditQuery(kind="admin"), limit=50)
               if e.action == "feedback.export"]
    assert exports and exports[0].details["rows"] == 1
    api = admin.get("/api/feedback").json()
    assert api[0]["rating"] == -1 and api[0]["collections"] == ["guides"] and api[0]["citations"]


def test_admins_do_not_see_feedback_on_collections_they_cannot_read(app) -> None:
    agent = signed_in(app, "agent@region.fr")
    location = ask(agent, "Combien de jours de congés annuels ?", collections="rh").headers["location"]
    conversation_id, turn_id = location.split("/")[2].split("#tour-")
    agent.post(f"/conversations/{conversation_id}/tours/{turn_id}/avis", data={"note": "1", "csrf": agent.csrf})
    admin = signed_in(app, "admin@region.fr")  # administrators do not read restricted collections implicitly
    assert "MARQUEUR-RH-CONGES" not in admin.get("/admin/avis").text
    assert "MARQUEUR-RH-CONGES" not in admin.get("/admin/avis.csv").text
    assert "MARQUEUR-RH-CONGES" not in admin.get("/api/feedback").text


# -- the JSON API and its stream ----------------------------------------------------------------------
def test_the_api_streams_events_and_keeps_the_turn(app) -> None:
    agent = signed_in(app, "agent@region.fr")
    first = api_ask(agent, FIRST)
    assert first.status_code == 200 and first.headers["content-type"].startswith("application/x-ndjson")
    kinds = [e["type"] for e in events(first)]
    assert kinds[0] == "start" and "delta" in kinds and kinds[-1] == "done"
    done = events(first)[-1]
    assert done["conversation"] and done["turn"] and 'class="tour"' in done["html"]
    assert "avis-reponse" in done["html"] and done["answer"]["mode"] == "extractive"
    follow = api_ask(agent, FOLLOW, conversation=done["conversation"])
    start = events(follow)[0]
    assert start["rewritten"] and start["query"] == "Qui peut l'avoir (Pass Jeunes) ?"
    listed = agent.get("/api/conversations").json()
    assert listed[0]["id"] == done["conversation"] and listed[0]["turns"] == 2
    detail = agent.get(f"/api/conversations/{done['conversation']}").json()
    assert [t["question"] for t in detail["turns_detail"]] == [FIRST, FOLLOW]
    headers = {"X-CSRF-Token": agent.csrf}
    feedback = agent.put(f"/api/conversations/{done['conversation']}/turns/{done['turn']}/feedback",
                         json={"rating": 1, "comment": "Parfait"}, headers=headers)
    assert feedback.status_code == 200 and feedback.json()["rating"] == 1
    renamed = agent.patch(f"/api/conversations/{done['conversation']}", json={"title": "Pass"}, headers=headers)
    assert renamed.json()["title"] == "Pass"
    assert agent.delete(f"/api/conversations/{done['conversation']}", headers=headers).status_code == 204
    assert agent.get("/api/conversations").json() == []


def test_the_api_is_admitted_and_audited_like_every_ai_request(tmp_path: Path) -> None:
    app = _app(tmp_path, rate_limit_per_minute=2)
    try:
        agent = signed_in(app, "agent@region.fr")
        assert api_ask(agent, FIRST).status_code == 200
        unknown = api_ask(agent, FOLLOW, conversation="0" * 32)
        assert unknown.status_code == 404 and unknown.json()["error"]["code"] == "SUDIA-H001"
        limited = api_ask(agent, FIRST)
        assert limited.status_code == 429 and limited.json()["error"]["code"] == "SUDIA-L001"
        forged = agent.post("/api/conversations/ask", json={"question": FIRST}, headers={"X-CSRF-Token": "faux"})
        assert forged.status_code == 403
        entries = list(app.state.platform.trust.audit.iter_entries(AuditQuery(kind="ai_request")))
        asked = [e for e in entries if e.outcome == "answered"]
        assert asked and asked[0].question == FIRST and asked[0].entry_point == "web"
        assert any(e.outcome == "rate_limited" for e in entries)
        assert any(e.details.get("code") == "SUDIA-H001" for e in entries)
        visitor = TestClient(app)
        assert visitor.get("/api/conversations").status_code == 401
    finally:
        app.state.platform.close()


def test_follow_ups_are_audited_with_the_question_understood(app) -> None:
    agent = signed_in(app, "agent@region.fr")
    conversation_id = ask(agent, FIRST).headers["location"].split("/")[2].split("#")[0]
    ask(agent, FOLLOW, conversation=conversation_id)
    [last] = app.state.platform.trust.audit.entries(AuditQuery(kind="ai_request"), limit=1)
    assert last.question == f"{FOLLOW} → Qui peut l'avoir (Pass Jeunes) ?"


def test_a_generated_answer_is_streamed_piece_by_piece(tmp_path: Path) -> None:
    llm = FakeLLM().start()
    try:
        app = _app(tmp_path, llm_base_url=llm.url, llm_model=llm.model)
        llm.script("Le Pass Jeunes se commande en ligne sur l'application de la Région [1].")
        agent = signed_in(app, "agent@region.fr")
        reply = api_ask(agent, FIRST)
        deltas = [e["text"] for e in events(reply) if e["type"] == "delta"]
        assert len(deltas) > 3 and "".join(deltas).startswith("Le Pass Jeunes se commande")
        done = events(reply)[-1]
        assert done["answer"]["mode"] == "generative" and "Réponse générée" in done["html"]
        app.state.platform.close()
    finally:
        llm.stop()


# -- questions never travel in URLs (issue #10, item 7) -------------------------------------------------
def test_questions_and_searches_are_posted_never_put_in_urls(tmp_path: Path) -> None:
    app = _app(tmp_path, audit_questions="none")
    try:
        visitor = TestClient(app)
        secret = "Question confidentielle sur Mme Martin"
        page = visitor.get("/", params={"question": secret})
        assert page.status_code == 200 and secret not in page.text  # an old link asks nothing
        search = visitor.get("/recherche", params={"q": secret})
        assert search.status_code == 200 and secret not in search.text
        assert list(app.state.platform.trust.audit.iter_entries(AuditQuery(kind="ai_request"))) == []
        home = visitor.get("/").text
        assert re.search(r'<form id="formulaire-question" class="formulaire" method="post" action="/"', home)
        assert '<form class="formulaire" method="post" action="/recherche">' in visitor.get("/recherche").text
        agent = signed_in(app, "agent@region.fr")
        asked = ask(agent, secret)
        assert asked.status_code == 303 and "Martin" not in asked.headers["location"]
        assert "confidentielle" not in asked.headers["location"]
        entries = list(app.state.platform.trust.audit.iter_entries(AuditQuery(kind="ai_request")))
        assert entries and all(e.question == "" and secret not in json.dumps(e.details) for e in entries)
    finally:
        app.state.platform.close()


def test_an_abstention_shows_the_closest_passages_and_other_collections_when_the_answer_has_them() -> None:
    """Issue #8, point 5: `Answer.closest` and `Answer.suggested_collections` (added by the answers work)
    are shown when present; the template degrades gracefully when they are not."""
    from dataclasses import dataclass, field

    from sudia.types import Answer, Chunk, Hit
    from sudia.web.conversation_views import MODES, TurnView
    from sudia.web.templating import env

    @dataclass
    class AnswerWithSuggestions(Answer):
        closest: list = field(default_factory=list)
        suggested_collections: list = field(default_factory=list)

    chunk = Chunk("d1-2", "d1", "guides", 2, "Le Pass se commande en ligne.", 3, "Commander", "Pass Jeunes", "pass.md")
    answer = AnswerWithSuggestions("q", "Les documents ne permettent pas de répondre.", "abstention",
                                   closest=[Hit(chunk, 0.5)], suggested_collections=["rh"])
    tour = env.get_template("_tour.html").module.tour
    shown = str(tour(TurnView("tour-1", "q", "q", answer), "", MODES, {"rh": "Allo RH"}))
    assert "Passages les plus proches" in shown and "Le Pass se commande en ligne." in shown
    assert "/documents/d1?passage=d1-2" in shown and "Page 3" in shown
    assert "Poser la question dans « Allo RH »" in shown and 'name="collections" value="rh"' in shown
    plain = str(tour(TurnView("tour-1", "q", "q", Answer("q", "Non.", "abstention")), "", MODES, None))
    assert "Passages les plus proches" not in plain and "Poser la question dans" not in plain
