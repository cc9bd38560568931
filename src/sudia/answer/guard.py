"""Checks on generated text before the agent sees it, and flags on the passages it came from.

Passages are sanitised before the model reads them, but a model can still be steered, by the
question itself or by an order the sanitiser did not recognise. So what it wrote is checked in
code: it must not recite our instructions, reproduce our passage framing or chat-template tokens,
carry a link or image absent from the documents (an exfiltration channel once a client renders
Markdown), or state an amount that no passage contains. A text that fails is not shown; the
assistant answers with quoted sentences instead.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from decimal import Decimal, InvalidOperation

from sudia.answer.prompt import ABSTAIN_SENTENCE, SYSTEM, passage_text
from sudia.safety.injection import detect_injection, is_suspicious
from sudia.types import Hit

SHINGLE = 8  # words in a row shared with the system prompt that count as reciting it

_FRAMING = re.compile(r"<\s*/?\s*extraits?\b|\bnumero\s*=\s*[\"'«]|<\|[^|>]{1,40}\|>|\[/?INST\]|<<\s*/?SYS\s*>>",
                      re.IGNORECASE)
_IMAGE = re.compile(r"!\[[^\]]*\]\(|<img\b", re.IGNORECASE)
_URL = re.compile(r"https?://[^\s)\]>\"'«»]+", re.IGNORECASE)
_GROUPED = r"\d{1,3}(?:[ \u00a0\u202f.]\d{3})+(?![\d])"
_NUMBER = re.compile(rf"(?<![\w,.])({_GROUPED}|\d+)(?:[,.](\d+))?")
_AMOUNT = re.compile(rf"(?<![\w,.])({_GROUPED}|\d+)(?:[,.](\d+))?\s*(?:€|euros?\b|EUR\b|%|pour\s?cent\b)",
                     re.IGNORECASE)

_KINDS = {"instruction": "consignes adressées à l'IA", "role_marker": "balises de rôle ou d'extrait",
          "hidden_characters": "caractères invisibles", "hidden_markup": "commentaire caché",
          "exfiltration_link": "image externe", "fake_citation": "faux renvois [n]"}


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", text.casefold())


def _shingles(words: list[str]) -> set[tuple[str, ...]]:
    return {tuple(words[i:i + SHINGLE]) for i in range(len(words) - SHINGLE + 1)}


# The abstention sentence is the one part of the system prompt an answer may repeat.
_SYSTEM_SHINGLES = _shingles(_words(SYSTEM.replace(ABSTAIN_SENTENCE, " ")))


def _value(integer: str, fraction: str | None) -> Decimal | None:
    try:
        return Decimal(re.sub(r"\D", "", integer) + (f".{fraction}" if fraction else "")).normalize()
    except InvalidOperation:
        return None


def flag_passages(hits: list[Hit]) -> list[str]:
    """One warning per passage that tried to steer the model (for the audit log and administrators)."""
    warnings = []
    for number, hit in enumerate(hits, start=1):
        if is_suspicious(hit.chunk.text):
            kinds = dict.fromkeys(_KINDS[f.kind] for f in detect_injection(hit.chunk.text))
            document = hit.chunk.document_title or hit.chunk.document_source
            warnings.append(f"Passage {number} suspect ({', '.join(kinds)}) neutralisé : « {document} », "
                            f"passage {hit.chunk.id}")
    return warnings


class AnswerCheck:
    """What a generated answer may contain, given the question and the passages the model read."""

    def __init__(self, question: str, hits: list[Hit]) -> None:
        sources = [passage_text(h.chunk) for h in hits] + [question]
        self.numbers = {_value(m.group(1), m.group(2)) for s in sources for m in _NUMBER.finditer(s)}
        self.urls = {u.rstrip(".,;:").casefold() for s in sources for u in _URL.findall(s)}

    def problem(self, text: str) -> str | None:
        """Why the text must not be shown, in French, or None when it may."""
        if _shingles(_words(text)) & _SYSTEM_SHINGLES:
            return "elle recopiait les consignes internes de l'assistant"
        if _FRAMING.search(text):
            return "elle reproduisait le balisage interne des extraits"
        if _IMAGE.search(text):
            return "elle contenait une image externe"
        for url in _URL.findall(text):
            if url.rstrip(".,;:").casefold() not in self.urls:
                return f"elle contenait un lien absent des documents ({url[:80]})"
        for match in _AMOUNT.finditer(text):
            if _value(match.group(1), match.group(2)) not in self.numbers:
                return f"elle donnait un montant absent des passages (« {match.group(0).strip()} »)"
        return None


class StreamGuard:
    """Releases streamed text only once the check has seen the words that follow it.

    The last `SHINGLE` words are held back, so a recitation of the system prompt or an invented
    amount is caught before any word of it is shown; the delay is a few tokens.
    """

    def __init__(self, problem: Callable[[str], str | None], hold_words: int = SHINGLE) -> None:
        self._problem = problem
        self.hold_words = hold_words
        self.seen = ""
        self.released = 0
        self.problem: str | None = None

    def feed(self, delta: str) -> str:
        if self.problem is not None:
            return ""
        self.seen += delta
        # Only whole words are judged while streaming: a link or an amount cut in the middle
        # ("https://www.maregionsud.fr/ai") is not yet what the model wrote (#10, low finding).
        cut = max(self.seen.rfind(" "), self.seen.rfind("\n"))
        self.problem = self._problem(self.seen[:cut]) if cut > 0 else None
        if self.problem is not None:
            return ""
        starts = [m.start() for m in re.finditer(r"\S+", self.seen[self.released:])]
        if len(starts) <= self.hold_words:
            return ""
        cut = self.released + starts[-self.hold_words]
        out, self.released = self.seen[self.released:cut], cut
        return out

    def flush(self) -> str:
        if self.problem is None:
            self.problem = self._problem(self.seen)
        if self.problem is not None:
            return ""
        out, self.released = self.seen[self.released:], len(self.seen)
        return out
