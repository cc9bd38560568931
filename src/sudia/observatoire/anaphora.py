"""What the figures' attribution shares: the document context that resolves anaphoras ("l'entreprise",
"elle", "l'opérateur") to actors, the result type, and the helpers on mention offsets."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from sudia.observatoire.lexicon import ANAPHORA
from sudia.observatoire.quantities import Quantity

# A name after these words is an agent, a partner, an investor or the source of the statement ("selon le
# cabinet X"), not the actor of the figure.
AGENT_BEFORE = re.compile(r"(?<![a-z])(?:par|aupres\s+(?:de|du|des)|avec|chez|pour|entre|de la part|selon|d'apres)(?![a-z])\s*"
                          r"(?:la\s+|le\s+|l'|les\s+)?(?:[a-z-]+\s+){0,2}$")
# A kind word standing for an actor named earlier ("la start-up", "l'opérateur").
ANAPHORA_PHRASE = re.compile(r"(?:^|(?<=[\s,;«\"(]))(" + "|".join(re.escape(a) for a in sorted(ANAPHORA, key=len, reverse=True))
                             + r")\b")
# The actors named in a sentence: (start, end, actor name).
Mentions = list[tuple[int, int, str]]
# Kinds of a document's main actor that a company word ("l'entreprise", "l'opérateur") may stand for.
_MAIN_KINDS = ("company", "startup", "infrastructure", "lab")


@dataclass
class Context:
    """What earlier sentences of the document tell: the last actor of each kind, the last subject."""

    kinds: dict[str, str]  # actor name -> kind
    focus: str = ""
    last_by_kind: dict[str, str] = field(default_factory=dict)
    last_subject: str = ""
    recent: list[str] = field(default_factory=list)  # actors in order of mention, latest last
    salience: dict[str, int] = field(default_factory=dict)  # mentions of each actor in the whole document
    titled: frozenset[str] = frozenset()  # actors named in a title line (a feature of the learned choice)

    def remember(self, names: list[str]) -> None:
        for name in names:
            self.last_by_kind[self.kinds.get(name, "company")] = name
            if name in self.recent:
                self.recent.remove(name)
            self.recent.append(name)
        if names:
            self.last_subject = names[0]

    def resolve(self, phrase: str) -> str:
        return self.resolve_scored(phrase)[0]

    def resolve_scored(self, phrase: str) -> tuple[str, float]:
        """'la startup', 'elle', 'l'entreprise' -> (actor, factor on the confidence). In order: the last
        sentence's subject if its kind fits; the latest actor of a fitting kind named twice or more in
        the document (not a name said in passing, a social network); for a company word, the document's main actor
        (kinds guessed from context are often wrong: an operator typed as its site), factor 0.8; the
        latest actor of a fitting kind, named once."""
        kinds = ANAPHORA.get(phrase, ())
        if not kinds:
            name = self.last_subject or self.focus
            return name, 1.0 if name else 0.0
        companies = ("startup", "company")
        wanted = set(kinds) | (set(companies) if set(kinds) & set(companies) else set())
        fitting = [name for name in self.recent if self.kinds.get(name, "company") in wanted]
        if self.last_subject in fitting:
            return self.last_subject, 1.0
        salient = [name for name in fitting if self.salience.get(name, 0) >= 2]
        if salient:
            return salient[-1], 1.0
        main = self.focus and self.salience.get(self.focus, 0) >= 2 and self.kinds.get(self.focus) in _MAIN_KINDS
        if set(kinds) & set(companies) and main:
            return self.focus, 0.8
        return (fitting[-1], 1.0) if fitting else ("", 0.0)

    def referents(self, phrase: str, staff: bool = False) -> tuple[str, ...]:
        """The actors named so far whose kind fits the kind word (`resolve_scored` picks one of them); for a
        staff figure, a site word may stand for the company that runs it (`resolve_staff`). A pronoun
        ("elle") fits every kind: all of them."""
        kinds = set(ANAPHORA.get(phrase, ()))
        names = [*self.recent, self.focus] if self.focus else list(self.recent)
        if kinds:
            companies = {"startup", "company"}
            if kinds & companies or staff and kinds <= {"infrastructure", "venue"}:
                kinds |= companies
            names = [n for n in names if self.kinds.get(n, "company") in kinds]
        return tuple(dict.fromkeys(names))

    def resolve_staff(self, phrase: str) -> tuple[str, float]:
        """Who employs the staff of 'le site', 'l'usine', 'les locaux': the site when it is an actor, else
        the company last spoken of (a jobs figure is the employer's, LABELLING.md), less surely."""
        name, factor = self.resolve_scored(phrase)
        if name or not set(ANAPHORA.get(phrase, ("?",))) <= {"infrastructure", "venue"}:
            return name, factor
        name, factor = self.resolve_scored("l'entreprise")
        return name, 0.8 * factor


@dataclass(frozen=True)
class Attribution:
    actor: str
    confidence: float
    recipient: bool = False  # the actor receives the amount ("5 M€ pour X"): funding when no word says otherwise
    # Which rule decided (`attribution.STRUCTURAL` / `VETOES` name the ones the learned choice must respect)
    how: str = ""
    excluded: tuple[str, ...] = ()  # actors the sentence's structure rules out (a partner after an opening phrase)
    referents: tuple[str, ...] = ()  # for an anaphora ("le site", "l'entreprise"): the actors of the kinds it may stand for


def clause_bounds(folded: str, position: int) -> tuple[int, int]:
    left = max(folded.rfind(",", 0, position), folded.rfind(";", 0, position), folded.rfind(":", 0, position)) + 1
    rights = [i for i in (folded.find(",", position), folded.find(";", position)) if i >= 0]
    return left, min(rights) if rights else len(folded)


def in_parentheses(folded: str, start: int) -> bool:
    return folded.rfind("(", 0, start) > folded.rfind(")", 0, start)


def named(mentions: Mentions, start: int, end: int) -> str:
    """The actor whose mention overlaps [start, end)."""
    for m_start, m_end, name in mentions:
        if m_start < end and start < m_end:
            return name
    return ""


def clause_anaphora(folded: str, quantity: Quantity, mentions: Mentions, context: Context) -> Attribution | None:
    """'…, l'entreprise compte 20 salariés' when the parse is lost (OCR): an anaphora just before the figure."""
    left, _ = clause_bounds(folded, quantity.start)
    found = [m for m in ANAPHORA_PHRASE.finditer(folded, left, quantity.start) if ANAPHORA[m.group(1)]]
    if found and not any(found[-1].end() <= start < quantity.start for start, _, _ in mentions):
        name, factor = context.resolve_staff(found[-1].group(1)) if quantity.dimension == "jobs" \
            else context.resolve_scored(found[-1].group(1))
        if name:
            return Attribution(name, 0.7 * factor, how="clause_anaphora",
                               referents=context.referents(found[-1].group(1), quantity.dimension == "jobs"))
    return None
