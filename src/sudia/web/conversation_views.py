"""What the assistant's pages and its JSON stream share: who owns a history, turns as shown, examples.

A turn is shown only while its owner may still read every collection it was answered from: an
agent who left the HR group sees « réponse masquée » in place of an HR answer kept in history.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from fastapi import Request

from sudia.access import Principal
from sudia.conversations.base import Conversation, Turn
from sudia.errors import SudiaError
from sudia.types import Answer, Citation
from sudia.usecases.conversations import Chat, Prepared
from sudia.web.auth import get_principal, resolve
from sudia.web.templating import env

MODES = {
    "extractive": "Réponse extractive (sans modèle de langage)",
    "generative": "Réponse générée",
    "abstention": "Les documents ne permettent pas de répondre",
}

# Example questions offered on an empty conversation, per collection (add_examples for others).
EXAMPLES: dict[str, list[str]] = {
    "allo-region": [
        "Jusqu'à quand peut-on demander la carte de transport scolaire ?",
        "Qui peut avoir le Pass Jeunes Sud ?",
        "Quel est le montant de l'aide pour un vélo électrique ?",
        "Quels sont les horaires d'Allo Région ?",
    ],
}


def add_examples(collection: str, questions: Iterable[str]) -> None:
    EXAMPLES.setdefault(collection, [])
    EXAMPLES[collection].extend(q for q in questions if q not in EXAMPLES[collection])


def examples_for(collections: Iterable[str], limit: int = 4) -> list[str]:
    found: list[str] = []
    for name in collections:
        found.extend(q for q in EXAMPLES.get(name, []) if q not in found)
    return found[:limit]


@dataclass(frozen=True)
class Source:
    """The citations of one number, grouped for the list under an answer."""

    number: int
    first: Citation
    quotes: tuple[Citation, ...]


def sources(answer: Answer) -> list[Source]:
    grouped: dict[int, list[Citation]] = {}
    for c in answer.citations:
        grouped.setdefault(c.number, []).append(c)
    return [Source(n, cs[0], tuple(cs)) for n, cs in sorted(grouped.items())]


@dataclass(frozen=True)
class TurnView:
    """One question and its answer as a page shows it."""

    anchor: str  # the element's id: « tour-<turn id> », or « tour-<n> » for an anonymous visitor
    question: str
    query: str
    answer: Answer | None  # None: answered from collections its owner may no longer read
    turn_id: str = ""  # "" when nothing is stored (anonymous visitors): no feedback then
    conversation_id: str = ""
    rating: int = 0
    comment: str = ""

    @property
    def rewritten(self) -> bool:
        return self.query != self.question

    @property
    def sources(self) -> list[Source]:
        return sources(self.answer) if self.answer else []


def turn_view(turn: Turn, readable: set[str]) -> TurnView:
    shown = turn.answer if set(turn.answer.collections) <= readable else None
    return TurnView(f"tour-{turn.id}", turn.question, turn.query, shown, turn.id, turn.conversation_id,
                    turn.rating, turn.comment)


def conversation_views(conversation: Conversation, readable: set[str]) -> list[TurnView]:
    return [turn_view(t, readable) for t in conversation.turns]


# -- who owns a history ---------------------------------------------------------------------------
def owner_of(principal: Principal) -> str:
    """An agent's history key: their sessions and their API tokens share it. "" for anonymous visitors."""
    return f"user:{principal.user_id}" if principal.authenticated else ""


def history_owner(request: Request) -> str:
    """For history routes: signed in (SUDIA-A007 otherwise), and a token needs the « ask » scope."""
    principal = get_principal(request)
    if not principal.authenticated:
        raise SudiaError("SUDIA-A007")
    if not principal.allows("ask"):
        raise SudiaError("SUDIA-A010", scope="ask")
    return owner_of(principal)


def readable_names(request: Request) -> set[str]:
    return set(resolve(request, []))


def check_feedback_target(request: Request, owner: str, conversation_id: str, turn_id: str) -> None:
    """Feedback only on a turn of one's own conversation whose collections one may still read."""
    found = get_chat(request).conversation(owner, conversation_id)
    turn = next((t for t in found.turns if t.id == turn_id), None)
    if turn is None or not set(turn.answer.collections) <= readable_names(request):
        raise SudiaError("SUDIA-H004", id=turn_id)


def get_chat(request: Request) -> Chat:
    return request.app.state.platform.chat


def audited_question(prepared: Prepared) -> str:
    """What the audit log records: the question as typed, and the question understood when it differs."""
    if prepared.rewrite.rewritten:
        return f"{prepared.question} → {prepared.rewrite.query}"
    return prepared.question


def render_turn(request: Request, view: TurnView, csrf: str) -> str:
    """The HTML of one turn, as the pages show it (the stream's last event carries it)."""
    from sudia.web.collection_names import CollectionNames

    template = env.get_template("_tour.html")
    return str(template.module.tour(view, csrf, MODES, CollectionNames(request)))  # type: ignore[attr-defined]
