"""The assistant's pages: ask (within a conversation), reopen a conversation, the agent's history.

Questions travel in POST bodies, never in URLs, so that they stay out of access logs, proxies and
browser history whatever SUDIA_AUDIT_QUESTIONS says (issue #10). Without JavaScript every page
works through plain forms: a signed-in agent's question is stored, then the browser is sent to
the conversation's page; an anonymous visitor's answer is shown at once and the form carries the
previous question so that a follow-up can still be understood. `static/assistant.js` asks through
`/api/conversations/ask` instead and shows the answer as it comes, without reloading the page.
Every question is admitted (scope, rate limit, collections) and audited by `AiRequest`.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from sudia.errors import SudiaError
from sudia.usecases.conversations import Answered
from sudia.web.errors import error_headers
from sudia.web.auth import AiRequest, check_csrf, get_caller_quietly, get_principal, login_url, readable, require_reader, resolve
from sudia.web.conversation_views import (
    MODES, TurnView, audited_question, check_feedback_target, conversation_views, examples_for, get_chat, history_owner, owner_of,
    readable_names,
)
from sudia.web.templating import templates

router = APIRouter(include_in_schema=False, default_response_class=HTMLResponse)

QUESTION_CHARS = 4000  # what the form accepts; the question limit of the settings applies on top
NO_STORE = {"Cache-Control": "no-store"}  # answers may quote restricted collections
SIDE_HISTORY = 8
DONE = {"renommee": "La conversation a été renommée.", "supprimee": "La conversation a été supprimée.",
        "avis": "Avis enregistré, merci."}


def _chosen(request: Request, names: list[str], requested: list[str]) -> list[str]:
    """The collections ticked: those asked for, else the default one, else all readable ones."""
    requested = [c for c in dict.fromkeys(requested) if c in names]
    if requested:
        return requested
    default = request.app.state.platform.settings.default_collection
    return [default] if default in names else names


def _page(request: Request, *, tours: list[TurnView] | None = None, conversation=None, question: str = "",
          requested: list[str] | None = None, error: SudiaError | None = None, previous: str = "") -> Response:
    principal = get_principal(request)
    owner = owner_of(principal) if principal.allows("ask") else ""
    collections = readable(request)
    names = [c.name for c in collections]
    if requested is None and tours:
        last = tours[-1].answer
        requested = list(last.collections) if last else []
    chosen = _chosen(request, names, requested or [])
    chat = get_chat(request)
    examples = examples_for(chosen) or examples_for(names)
    context = {
        "tours": tours or [], "conversation": conversation, "question": question, "error": error,
        "collections": collections, "chosen": chosen, "modes": MODES, "proprietaire": owner,
        "historique": chat.history(owner, SIDE_HISTORY) if owner else None, "precedente": previous,
        "exemples": examples, "exemple": (examples or ["Quels sont les horaires d'Allo Région ?"])[0],
        "retention": chat.options.retention_days, "longueur_max": QUESTION_CHARS,
    }
    status = error.status if error else 200
    headers = {**NO_STORE, **(error_headers(error) if error else {})}
    return templates.TemplateResponse(request, "assistant.html", context, status_code=status, headers=headers)


@router.get("/", name="assistant")
def assistant_page(request: Request) -> Response:
    """A new conversation. A `?question=` left in an old link is ignored: questions are posted."""
    require_reader(request)  # a visitor who may read nothing is asked to log in
    return _page(request)


@router.post("/", name="poser")
def ask_without_script(request: Request, question: Annotated[str, Form(max_length=QUESTION_CHARS)] = "",
                       collections: Annotated[list[str], Form()] = [],  # noqa: B006
                       conversation: Annotated[str, Form(max_length=64)] = "",
                       precedente: Annotated[str, Form(max_length=QUESTION_CHARS)] = "",
                       csrf: Annotated[str, Form()] = "") -> Response:
    principal = get_principal(request)
    if get_caller_quietly(request).session is not None:
        check_csrf(request, csrf)  # a signed-in agent's history must not be written from another site
    chat = get_chat(request)
    owner = owner_of(principal)
    audit = AiRequest(request, "ask", question, collections, "web")
    try:
        with audit.guard():
            require_reader(request)
            names = audit.admit("ask")
            prepared = chat.prepare(owner, question, conversation, [precedente] if precedente else [])
            audit.question = audited_question(prepared)
            answered = _consume(chat.answer(prepared, names, resolve(request, [])))
        audit.done(answer=answered.answer)
    except SudiaError as exc:
        if exc.status == 401 and exc.code != "SUDIA-A009":
            return RedirectResponse(login_url(request), status_code=303)  # recorded; then the login page
        found = None
        if conversation and owner:
            try:
                found = chat.conversation(owner, conversation)
            except SudiaError:
                found = None
        views = conversation_views(found, readable_names(request)) if found else []
        return _page(request, tours=views, conversation=found, question=question, requested=collections,
                     error=exc, previous=precedente)
    if answered.turn is not None and answered.conversation is not None:
        return RedirectResponse(f"/conversations/{answered.conversation.id}#tour-{answered.turn.id}", status_code=303)
    view = TurnView("tour-1", prepared.question, answered.query, answered.answer)
    return _page(request, tours=[view], requested=collections, previous=answered.query)


def _consume(events) -> Answered:
    for item in events:
        if isinstance(item, Answered):
            return item
    raise SudiaError("SUDIA-R002", detail="aucune réponse produite")


@router.get("/conversations/{conversation_id}", name="conversation")
def conversation_page(request: Request, conversation_id: str) -> Response:
    owner = history_owner(request)
    found = get_chat(request).conversation(owner, conversation_id)  # SUDIA-H001: 404, whoever owns it
    return _page(request, tours=conversation_views(found, readable_names(request)), conversation=found)


@router.get("/historique", name="historique")
def history_page(request: Request, fait: str = "") -> Response:
    owner = history_owner(request)
    chat = get_chat(request)
    return templates.TemplateResponse(request, "historique.html", {
        "conversations": chat.history(owner, 500), "fait": DONE.get(fait, ""),
        "retention": chat.options.retention_days,
    }, headers=NO_STORE)


@router.post("/conversations/{conversation_id}/renommer", name="renommer_conversation")
def rename_conversation(request: Request, conversation_id: str, titre: Annotated[str, Form(max_length=500)] = "",
                        csrf: Annotated[str, Form()] = "") -> Response:
    owner = history_owner(request)
    check_csrf(request, csrf)
    get_chat(request).rename(owner, conversation_id, titre)
    return RedirectResponse("/historique?fait=renommee", status_code=303)


@router.post("/conversations/{conversation_id}/supprimer", name="supprimer_conversation")
def delete_conversation(request: Request, conversation_id: str, confirmation: Annotated[str, Form()] = "",
                        csrf: Annotated[str, Form()] = "") -> Response:
    owner = history_owner(request)
    check_csrf(request, csrf)
    chat = get_chat(request)
    found = chat.conversation(owner, conversation_id)
    if confirmation != "oui":
        return templates.TemplateResponse(request, "confirmation.html", {
            "action": f"/conversations/{conversation_id}/supprimer", "retour": "/historique",
            "objet": f"la conversation « {found.title} » et ses {found.turn_count} questions"})
    chat.delete(owner, conversation_id)
    return RedirectResponse("/historique?fait=supprimee", status_code=303)


@router.post("/conversations/{conversation_id}/tours/{turn_id}/avis", name="avis")
def give_feedback(request: Request, conversation_id: str, turn_id: str, note: Annotated[str, Form()] = "",
                  commentaire: Annotated[str, Form(max_length=4000)] = "",
                  csrf: Annotated[str, Form()] = "") -> Response:
    owner = history_owner(request)
    check_csrf(request, csrf)
    rating = int(note) if note in ("1", "-1") else 0
    check_feedback_target(request, owner, conversation_id, turn_id)
    get_chat(request).give_feedback(owner, conversation_id, turn_id, rating, commentaire)
    return RedirectResponse(f"/conversations/{conversation_id}#tour-{turn_id}", status_code=303)
