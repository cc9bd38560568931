"""Checks on generated text before the agent sees it, and flags on the passages it came from.

Passages are sanitised before the model reads them, but a model can still be steered, by the
question itself or by an order the sanitiser did not recognise. So what it wrote is checked in
code: it must not recite our instructions, reproduce our passage framing or chat-template tokens,
carry a link or image absent from the documents (an exfiltration channel once a client renders
Markdown), state an amount that no passage contains, or relay a contact detail (`answer.contacts`).
Then each sentence must be supported by the passages it cites (`answer.support`): a sentence that
is not is removed, and when the first one is not, nothing of the text is shown; the assistant
answers with quoted sentences instead, the reason in `Answer.warnings`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from sudia.answer import alignment
from sudia.answer.alignment import PassageAlignment, QuoteThresholds
from sudia.answer.citations import MARKER
from sudia.answer.contacts import ContactCheck
from sudia.answer.facts import has_facts
from sudia.answer.lists import is_item
from sudia.answer.locality import RESTATES
from sudia.answer.units import passage_units
from sudia.answer.prompt import ABSTAIN_SENTENCE, SYSTEM, is_abstention, passage_text
from sudia.answer.support import (Sentence, SupportCheck, SupportThresholds, borrowed_markers, is_contentless,
                                  split_sentences)
from sudia.embed.base import Embedder
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


@dataclass
class Review:
    """What may be shown of a generated text: `problem` set means nothing of it may."""

    text: str = ""
    problem: str | None = None
    warnings: list[str] = field(default_factory=list)
    abstained: bool = False


class AnswerGuard:
    """Checks a generated answer sentence by sentence; the same code serves whole and streamed texts.

    Whole-text checks (`AnswerCheck`, `ContactCheck`) set the answer aside. Each sentence must be
    supported by the passages it cites (`SupportCheck`): when another passage supports it, its
    markers are corrected; otherwise it is removed, and if it is the first sentence (the answer
    itself), the whole text is set aside. A text with no sentence left is never an answer.
    """

    def __init__(self, question: str, hits: list[Hit], embedder: Embedder | None = None,
                 thresholds: SupportThresholds = SupportThresholds(),
                 quotes: QuoteThresholds | None = None) -> None:
        self.check = AnswerCheck(question, hits)
        self.contacts = ContactCheck(question, hits)
        self.support = SupportCheck(question, hits, embedder, thresholds)
        self.quotes = quotes = quotes or alignment.DEFAULT
        # Quotes come from the passages as the support check trusts them (sanitised, no untrusted contact).
        self.alignment = (PassageAlignment(self.support.texts, self.support.local.head_terms)
                          if quotes.enabled else None)

    def whole_problem(self, text: str) -> str | None:
        return self.check.problem(text) or self.contacts.problem(text)

    def stream(self) -> StreamGuard:
        return StreamGuard(self)

    def review(self, text: str) -> Review:
        stream = self.stream()
        shown = stream.feed(text) + stream.flush()
        return Review(shown, stream.problem, stream.warnings, stream.abstained)


class StreamGuard:
    """Releases streamed text sentence by sentence, each one only once it has been checked.

    A sentence is complete when the next one has begun (its markers may follow its full stop); one
    without markers waits for the next sentence that has some, since it borrows them. Nothing is
    shown of a sentence that fails, and nothing at all once the answer is set aside.
    """

    def __init__(self, guard: AnswerGuard) -> None:
        self.guard = guard
        self.seen = ""
        self.released = 0  # characters of `seen` already dealt with
        self.kept = 0  # sentences shown
        self.shown = ""
        self.problem: str | None = None
        self.abstained = False  # the model said the passages do not answer
        self.last_markers: tuple[int, ...] = ()  # of the last sentence dealt with, for one citing in front
        self.lead_in = ""  # the sentence that introduces the list being written (« Les pièces sont : »)
        self.quoted: set[str] = set()  # passage sentences shown in place of generated ones
        self.warnings: list[str] = []

    def feed(self, delta: str) -> str:
        if self.problem is not None or self.abstained:
            return ""
        self.seen += delta
        return self._release(final=False)

    def flush(self) -> str:
        if self.problem is not None or self.abstained:
            return ""
        out = self._release(final=True)
        if self.problem is None and not self.abstained and self.kept == 0:
            self.problem = "elle ne contenait aucune phrase vérifiable"
        return "" if self.problem is not None else out

    def _release(self, final: bool) -> str:
        pending = [s for s in split_sentences(self.seen) if s.end > self.released]
        if not final:
            if pending:
                pending.pop()  # still being written, or its markers may follow
            while pending and not pending[-1].markers:
                pending.pop()  # borrows the markers of a sentence not written yet
        markers = borrowed_markers(pending, self.last_markers)
        out: list[str] = []
        for sentence, cited in zip(pending, markers):
            self.last_markers = cited or self.last_markers
            piece = self._checked(sentence, cited)
            if self.problem is not None or self.abstained:
                return ""
            gap = self.seen[self.released:sentence.start]
            if piece:
                out.append(("" if not self.shown and not out else gap) + piece)
            self.released = sentence.end
        text = "".join(out)
        if text:
            problem = self.guard.whole_problem(self.shown + text)
            if problem is not None:
                self.problem = problem
                return ""
        self.shown += text
        return text

    def _checked(self, sentence: Sentence, cited: tuple[int, ...]) -> str:
        """The sentence as it may be shown ("" when dropped); sets `problem` when it sinks the answer."""
        words = sentence.words
        if is_contentless(words):
            return ""  # a stray « [3] » or « Réponse : »
        if is_abstention(words):
            if self.kept == 0:
                self.abstained = True
            else:
                self.warnings.append(f"Phrase générée retirée : « {_short(words)} » (refus partiel)")
            return ""
        if words.endswith(":") and not has_facts(words):
            self.lead_in = words.rstrip(" :")
            return sentence.text  # « Voici les conditions : » introduces what follows
        if not is_item(sentence.text):
            self.lead_in = ""
        verdict = self.guard.support.verdict(words, cited, self.lead_in)
        if verdict.supported and self.guard.alignment is not None:
            aligned = self.guard.alignment.closest(words, verdict.passages)
            dropped = aligned.dropped is not None and self.guard.quotes.figures
            if (aligned.score < self.guard.quotes.alignment or dropped) and aligned.sentence:
                return self._quoted(words, aligned)
        if verdict.supported and set(verdict.passages) == set(cited):
            self.kept += 1
            # A sentence that borrowed its markers shows them: every sentence shown carries its citation.
            return sentence.text if sentence.markers else _with_markers(sentence.text, verdict.passages)
        if verdict.supported:
            fix = "Citation corrigée" if cited else "Citation ajoutée"
            self.warnings.append(f"{fix} : « {_short(words)} » renvoie à l'extrait "
                                 f"{', '.join(map(str, verdict.passages))}")
            self.kept += 1
            return _with_markers(sentence.text, verdict.passages)
        if verdict.reason == RESTATES:  # adds nothing: dropped, the sentences after it may answer
            self.warnings.append(f"Phrase générée retirée : « {_short(words)} » ({verdict.reason})")
            return ""
        if self.kept == 0:
            self.problem = f"sa première phrase n'est pas appuyée par les passages cités : {verdict.reason}"
            return ""
        self.warnings.append(f"Phrase générée retirée : « {_short(words)} » ({verdict.reason})")
        return ""


    def _quoted(self, words: str, aligned) -> str:
        """The passage sentence a supported sentence recombines, shown instead of it (quote-only)."""
        if self.guard.quotes.per_answer:
            self.problem = (f"la phrase « {_short(words)} » ne suit aucune phrase des passages "
                            f"(alignement {aligned.score:.2f})")
            return ""
        if aligned.sentence in self.quoted:  # two generated sentences drawn from one passage sentence
            self.warnings.append(f"Phrase générée retirée : « {_short(words)} » (elle reprend une phrase déjà citée)")
            return ""
        self.quoted.add(aligned.sentence)
        why = (f"elle omet le nombre « {aligned.dropped} » qu'elle y accompagne" if aligned.score >= self.guard.quotes.alignment
               else f"ses mots n'y sont pas dans le même ordre, alignement {aligned.score:.2f}")
        self.warnings.append(f"Phrase générée remplacée par la phrase de l'extrait {aligned.passage} qu'elle reprend "
                             f"({why}) : « {_short(words)} »")
        self.kept += 1
        quote = re.sub(r"\s+", " ", _readable(self.guard.support.texts[aligned.passage - 1], aligned.sentence))
        return f"« {quote.strip().rstrip(' .;:')} » [{aligned.passage}]."


def _readable(passage: str, sentence: str) -> str:
    """A table row quoted as extractive answers show it, with its header (« Vélo cargo — Montant :
    300 € »), not as bare cells joined by bars; any other sentence as written."""
    if "|" not in sentence:
        return sentence
    rows = (u.shown for u in passage_units(passage)
            if u.kind == "row" and (u.quote in sentence or sentence.strip() in u.quote))
    return next(rows, sentence)


def _with_markers(text: str, passages: tuple[int, ...]) -> str:
    """The sentence with `passages` as its only markers, before its final punctuation."""
    fixed = re.sub(r"[ \t]{2,}", " ", MARKER.sub("", text)).strip()
    tail = re.search(r"[.!?…]+$", fixed)
    body = fixed[:tail.start()].rstrip() if tail else fixed
    return f"{body} {''.join(f'[{n}]' for n in passages)}{tail.group(0) if tail else ''}"


def _short(text: str, limit: int = 120) -> str:
    return text if len(text) <= limit else text[:limit - 1] + "…"
