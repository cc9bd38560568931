"""Local support: a generated sentence is stated by one place of a passage, not by its scattered words.

A passage that holds every word and figure of a sentence may still not say it: a 1.5B model gave
the finalists' number as the entrants', read « la carte est gratuite et donne une réduction sur les
billets » as free tickets, took a year from an article's date line, or restated the question as a
fact (#14, held-out 2). What a passage states is said in one sentence, or two that follow each
other, or a list with its lead-in. So a sentence is locally supported by a passage when one such
window (`windows`) holds:
- enough of its terms (`local_coverage`: share of its terms in the window, with the passage's title
  and section, which name the subject of every sentence of the passage);
- every fact it carries (numbers with their unit, months, names, price and obligation words);
- each count with the noun it counts: « 250 candidats » needs 250 next to « candidats » in the
  window (within the same clause, a few words before or after), not beside « lauréats »;
- each price or obligation word with what it qualifies: « les billets sont gratuits » needs
  « billets » in the clause that says « gratuit », not elsewhere in the window.
And a sentence that only restates the question (« La Région peut refuser l'aide. » for « La Région
peut-elle refuser l'aide ? ») adds nothing the window states: it is not an answer.

The best window of each passage gives the passage's local score: the guard cites the passage
whose window supports the sentence best, not merely the one the model named.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from sudia.answer.citations import passage_sentences
from sudia.answer.facts import CLAIMS, MONTHS, FactSource, has_facts, strip_contacts
from sudia.answer.units import LIST_MARKER
from sudia.text.french import STOPWORDS, analyze, fold, repair_ocr
from sudia.text.negation import HEAD, polarity

# A clause ends at these: a count and its noun, a price word and what it qualifies are in one clause.
_CLAUSE = re.compile(r"[.;:!?()|\n]|,(?!\d)")
_WORD = re.compile(r"\d+(?:[ \u00a0\u202f]\d{3})*(?:[,.]\d+)?|[a-z]+|[%€$]")
_UNIT_TERMS = frozenset(analyze("euro euros eur % pour cent an ans annee annees mois semaine semaines jour jours "
                                "heure heures minute minutes km kilometre kilometres metre metres fois million "
                                "millions milliard milliards er e eme h " + " ".join(MONTHS)))
RESTATES = "elle reprend la question sans rien ajouter que le passage dise"
# A conjugated verb after the noun (« 450 jeunes participaient ») says what they did, not what they are.
_VERB = re.compile(r"(?:ent|ait|aient|ont|era|eront|ront|ez)$|^\d")
NEIGHBOURHOOD = 4  # words either side of a count or a price word where what it concerns must be
COUNTED = 2  # words after a count that say what it counts (the noun, then its adjective)


def _clauses(text: str) -> list[list[str]]:
    """Each clause of a text as its folded words and numbers (elisions kept apart)."""
    folded = fold(repair_ocr(strip_contacts(text))).replace("’", "'")
    folded = re.sub(r"\b(?:l|d|j|m|n|s|t|c|qu|jusqu|lorsqu|puisqu)'", " ", folded)
    return [_WORD.findall(part) for part in _CLAUSE.split(folded)]


def _value(token: str) -> Decimal | None:
    if not token[0].isdigit():
        return None
    try:
        return Decimal(re.sub(r"[ \u00a0\u202f]", "", token).replace(",", ".")).normalize()
    except ArithmeticError:
        return None


def _term(token: str) -> str | None:
    if token in STOPWORDS or len(token) < 2 or token[0].isdigit():
        return None
    terms = analyze(token)
    return terms[0] if terms else None


def _near(clause: list[str], i: int, reach: int) -> tuple[list[str], list[str]]:
    """Terms within `reach` words before and after position i of a clause (nearest first)."""
    before = [t for t in (_term(w) for w in reversed(clause[max(0, i - reach):i])) if t]
    after = [t for t in (_term(w) for w in clause[i + 1:i + 1 + reach]) if t]
    return before, after


def counts(text: str) -> list[tuple[Decimal, tuple[str, ...]]]:
    """(value, what it counts) of each count of a sentence: a number in digits followed, within its
    clause, by the noun it counts and the word that qualifies it (« 250 candidats », « 4 parcs
    nationaux » → parc, national); amounts, durations, percentages and years are facts with a unit
    (`facts.FactSource`), not counts."""
    found = []
    for clause in _clauses(text):
        for i, token in enumerate(clause):
            value = _value(token)
            if value is None or (1900 <= value <= 2100 and value == value.to_integral_value()):
                continue  # a year is a date
            if i and clause[i - 1] in ("h", "heure", "heures"):
                continue  # the minutes of a time (« 17h30 »)
            following = [w for w in clause[i + 1:i + 4] if w not in STOPWORDS]
            if not following or following[0][0].isdigit() or following[0] in ("er", "e", "eme", "h"):
                continue
            noun = _term(following[0])
            if noun is None or noun in _UNIT_TERMS:
                continue
            words = [noun]
            if (len(following) > 1 and clause[i + 2:i + 3] == following[1:2] and not _VERB.search(following[1])
                    and (second := _term(following[1]))):
                words.append(second)
            found.append((value, tuple(words[:COUNTED])))
    return found


def _counted(window: list[list[str]], value: Decimal, nouns: tuple[str, ...]) -> bool:
    """The window gives `value` with what it counts near it, in the same clause."""
    for clause in window:
        for i, token in enumerate(clause):
            if _value(token) == value:
                before, after = _near(clause, i, NEIGHBOURHOOD)
                if set(nouns) <= set(before + after):
                    return True
    return False


def qualified(text: str) -> list[tuple[str, frozenset[str]]]:
    """(price word, what it qualifies) of a sentence: the terms before « gratuit » in its clause
    (« les billets sont gratuits » → billets), up to NEIGHBOURHOOD words; none when it opens the clause."""
    found = []
    for clause in _clauses(text):
        for i, token in enumerate(clause):
            term = _term(token)
            if term in CLAIMS and token.startswith(_QUALIFIERS) and not token.endswith("ment"):
                before, _ = _near(clause, i, NEIGHBOURHOOD)
                subject = frozenset(t for t in before if t not in CLAIMS)
                if subject:
                    found.append((term, subject))
    return found


# The adjectives of `facts.CLAIMS` (« cumuler », « rembourser » are verbs, « gratuitement » an adverb:
# what they qualify is a verb, not the noun before them).
_QUALIFIERS = ("gratuit", "payant", "obligatoire", "facultati", "cumulable", "remboursable")
_PRONOUNS = frozenset("il elle ils elles celui celle ceux celles".split())


def _qualifies(window: Window, claim: str, subject: frozenset[str], head_terms: set[str]) -> bool:
    """The window says the price word of the subject: in the clause that says it, or through a pronoun
    (« Elle est gratuite ») whose subject the window or the passage's title names."""
    for clause in window.clauses:
        for i, token in enumerate(clause):
            if _term(token) == claim and token.startswith(_QUALIFIERS):
                before, after = _near(clause, i, 2 * NEIGHBOURHOOD)
                if subject & set(before + after[:NEIGHBOURHOOD]):
                    return True
                if _PRONOUNS & set(clause[max(0, i - NEIGHBOURHOOD):i]) and subject & (window.terms | head_terms):
                    return True
    return False


@dataclass
class Window:
    """One place of a passage: a sentence, two that follow each other, or a lead-in with its list."""

    text: str
    terms: frozenset[str]
    clauses: list[list[str]]
    size: int  # passage sentences it joins
    parts: tuple[str, ...] = ()  # the sentences it joins (one part for a lead-in with its list)
    _facts: dict[str, FactSource] = field(default_factory=dict, repr=False)

    def facts(self, head: str, part: str | None = None) -> FactSource:
        """The facts of the window (or of one of its sentences) with those its passage's head lends."""
        key = self.text if part is None else part
        if key not in self._facts:
            self._facts[key] = FactSource([head, key])
        return self._facts[key]

    def missing(self, words: str, head: str, one_sentence: bool) -> str | None:
        """The first fact of `words` the window does not hold; with `one_sentence`, all of them must be
        in one of its sentences (« 200 partenaires » and « l'Agence Arcade » from two sentences joined
        by the model into one claim are not stated together)."""
        missing = self.facts(head).missing(words)
        if missing is None and one_sentence and len(self.parts) > 1:
            if all(self.facts(head, part).missing(words) is not None for part in self.parts):
                return f"{missing or 'chacun de ses faits'} (ses faits sont dans deux phrases différentes)"
        return missing


def heading_lines(text: str) -> str:
    """The short lines a passage opens with, before its first sentence that ends with a full stop."""
    found = []
    for line in text.splitlines()[:3]:
        line = line.strip()
        if not line or len(line) > 120 or line.endswith((".", "!", "?", ":", "…")):
            break
        found.append(line)
    return "\n".join(found)


def windows(text: str, span: int = 2) -> list[Window]:
    """The windows of a passage: each sentence, each run of `span` sentences that follow each other
    (across lines too: a heading and its paragraph, a table's header and its first row), and each
    line ending with a colon together with the bulleted lines below it."""
    lines = text.splitlines()
    flat = [(i, s) for i, line in enumerate(lines) for s in passage_sentences(line) if s.strip()]
    pieces: dict[str, tuple[str, ...]] = {s: (s,) for _, s in flat}
    for size in range(2, span + 1):
        for k in range(len(flat) - size + 1):
            pieces.setdefault("\n".join(s for _, s in flat[k:k + size]), tuple(s for _, s in flat[k:k + size]))
    for i, line in enumerate(lines):
        if line.rstrip().endswith(":"):
            items = []
            for below in lines[i + 1:]:
                if not LIST_MARKER.match(below):
                    break
                items.append(below)
            if len(items) > 1:
                whole = "\n".join([line, *items])
                pieces.setdefault(whole, (whole,))
    return [Window(p, frozenset(analyze(p)), _clauses(p), len(parts), parts) for p, parts in pieces.items()]


@dataclass(frozen=True)
class LocalThresholds:
    """Measured on 41 labelled real sentences (119 single-passage pairs, 40 supported): the 11 fixture
    sentences and 30 of held-out 2's re-run (61 of its outputs, 2026-12-07; bench/RESULTS.md §7 "Local
    support (guard4)", `support_pairs.py rules`). Each value below is the strictest that refused no
    supported pair the guard before it accepted."""

    enabled: bool = True
    # Share of the sentence's terms in one window: 0.4 to 0.7 refuse no supported pair and accept the
    # same unsupported one, 0.8 refuses 1 of 40, 0.9 6. 0.6, the middle of the flat part, is also the
    # coverage asked of the cited passages as a whole.
    local_coverage: float = 0.6
    # Sentences that follow each other in one window: 1 refuses a supported sentence that joins two
    # adjacent sentences (« entre 18 et 26 ans » … « gratuits jusqu'à la fin de l'année »); 3 = 2.
    span: int = 2
    # Sentences that must hold all its facts together: 1 refuses the model's « 200 partenaires …, qui
    # incluent l'Agence … (Arcade) » (two sentences of the passage joined into a claim neither makes)
    # and no supported pair; 2 accepts it.
    facts_span: int = 1
    # The three rules below refused no labelled supported pair; their error classes (held-out 2's first
    # run) are not among the re-run's 61 outputs: tests/generative/test_locality.py reproduces them.
    counts: bool = True  # a count must stand beside the noun it counts
    qualifiers: bool = True  # a price word must stand beside what it qualifies
    question: bool = True  # a sentence must add to the question something the window states
    head_terms: bool = True  # the title, section and headings lend their words (off: 0.7 refuses 3 of 40)
    names_in_window: bool = True  # a name must be in the window or the head (off: accepts the Arcade pair)
    recite_margin: float = 0.0  # another passage's window must score more than this above the cited one's


@dataclass(frozen=True)
class Local:
    """How well the best window of one passage supports a sentence."""

    supported: bool
    score: float  # share of the sentence's terms in the best window whose facts are all there
    reason: str = ""
    window: str = ""


class LocalSupport:
    """The windows of each passage of one answer, to ask whether one window states a sentence."""

    def __init__(self, question: str, texts: list[str], heads: list[str],
                 thresholds: LocalThresholds = LocalThresholds()) -> None:
        self.thresholds = thresholds
        self.question_terms = set(analyze(question))
        self.question_facts = FactSource([question])
        self.question_negated = {w for w, states in polarity(question).items() if HEAD in states}
        # What names the subject of every sentence of a passage: its title and section, and the heading
        # lines it opens with. They lend their words and their names (« en région Sud »), never a number:
        # a year in a title or a date line is not the year of the fact a sentence states.
        heads = [f"{h}\n{heading_lines(t)}" for h, t in zip(heads, texts)]
        named = heads if thresholds.names_in_window else [f"{h}\n{t}" for h, t in zip(heads, texts)]
        self._heads = [re.sub(r"\d", " ", h) for h in named]  # its words and names, no number
        self._head_terms = [set(analyze(h)) if thresholds.head_terms else set() for h in heads]
        self.head_terms = [set(analyze(h)) for h in heads]  # what each passage's head names (answer.alignment)
        self._windows = [windows(t, thresholds.span) for t in texts]

    def judge(self, words: str, terms: set[str], n: int) -> Local:
        """The best window of passage n for the sentence `words` (its content terms `terms`)."""
        t = self.thresholds
        head, head_terms = self._heads[n - 1], self._head_terms[n - 1]
        sentence_counts = counts(words) if t.counts else []
        sentence_claims = qualified(words) if t.qualifiers else []
        new_terms = terms - self.question_terms
        # A fact the question does not give, or a negation it does not make (« Non, … ne … pas »).
        negated = {w for w, states in polarity(words).items() if HEAD in states}
        new_facts = self.question_facts.missing(words) is not None or bool(negated - self.question_negated)
        short = has_facts(words) and len(terms) <= 2  # « 500 euros par mois [1] »: the facts say it all
        best: Local | None = None
        failed: tuple[float, str, str] = (-1.0, "le passage est vide", "")
        for window in self._windows[n - 1]:
            score = len(terms & (window.terms | head_terms)) / len(terms) if terms else 1.0
            if best is not None and score <= best.score:
                continue
            reason = self._problem(window, words, head, head_terms, score, short, sentence_counts, sentence_claims,
                                   new_terms, new_facts)
            if reason is None:
                best = Local(True, score, "", window.text)
            elif score > failed[0]:
                failed = (score, reason, window.text)
        return best or Local(False, failed[0], failed[1], failed[2])

    def _problem(self, window: Window, words: str, head: str, head_terms: set[str], score: float, short: bool,
                 sentence_counts, sentence_claims, new_terms: set[str], new_facts: bool) -> str | None:
        t = self.thresholds
        if score < t.local_coverage and not short:
            return "ses mots sont dispersés dans le passage, aucune de ses phrases ne les réunit"
        missing = window.missing(words, head, t.facts_span == 1)
        if missing is not None:
            return f"{missing} n'est pas dans la phrase du passage qui contient ses autres mots"
        for value, noun in sentence_counts:
            if not _counted(window.clauses, value, noun):
                return f"le passage ne donne pas « {value:f} » pour « {' '.join(noun)} »"
        for claim, subject in sentence_claims:
            if not _qualifies(window, claim, subject, head_terms):
                return f"le passage ne dit pas « {claim} » de « {' '.join(sorted(subject))} »"
        # A restatement of the question (« Les manuels sont gratuits au lycée » for « … sont-ils gratuits
        # au lycée ? ») answers it only when one sentence of the passage says all of it.
        if t.question and not new_facts and not (new_terms & window.terms) and not (
                score >= 1.0 and window.size == 1):
            return RESTATES
        return None
