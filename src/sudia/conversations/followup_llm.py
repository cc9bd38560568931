"""Follow-up questions made to stand alone by the configured language model.

Only the agent's own earlier questions are sent, never the documents' text (nothing a document
says can steer the rewriting). The reply must be one short question; anything else is set aside
and the offline rules (`followup.standalone`) answer instead.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from sudia.conversations.followup import MAX_QUERY_CHARS, Rewrite
from sudia.llm.base import Completion, LanguageModel

SYSTEM = ("Tu aides un agent de la Région Sud qui pose des questions sur des documents. Reformule sa dernière "
          "question pour qu'elle se comprenne sans la conversation, en français, en reprenant le sujet des questions "
          "précédentes si elle en dépend. Ne réponds pas à la question. Si elle se comprend déjà seule, recopie-la. "
          "Écris seulement la question reformulée, sur une ligne.")
MAX_TOKENS = 120
_PREFIX = re.compile(r"^(?:question(?: reformulée)?|reformulation)\s*:\s*", re.IGNORECASE)


def messages_for(question: str, previous: Sequence[str]) -> list[dict[str, str]]:
    lines = "\n".join(f"- {q}" for q in previous[-3:])
    return [{"role": "system", "content": SYSTEM},
            {"role": "user", "content": f"Questions précédentes :\n{lines}\n\nDernière question : {question}"}]


def llm_standalone(llm: LanguageModel, question: str, previous: Sequence[str]) -> tuple[Rewrite | None, Completion]:
    """The model's standalone question (None when its reply is not one), and the completion for its cost."""
    completion = llm.complete(messages_for(question, previous), MAX_TOKENS)
    text = clean(completion.text)
    if not text:
        return None, completion
    same = " ".join(question.split()).casefold() == text.casefold()
    return Rewrite(" ".join(question.split()) if same else text, "alone" if same else "llm"), completion


def clean(reply: str) -> str:
    """The first line, without quotes or a « Question : » label; "" when it is not a plausible question."""
    lines = [line.strip() for line in (reply or "").strip().splitlines() if line.strip()]
    if not lines:
        return ""
    text = _PREFIX.sub("", lines[0]).strip().strip("«»\"“”'` ").strip()
    if not text or len(text) > MAX_QUERY_CHARS or "[" in text or "http" in text.lower():
        return ""
    return text
