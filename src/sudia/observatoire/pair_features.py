"""Features of a (figure, candidate actor) pair and of a (person, candidate organisation) pair (#9).

The learned choice (`learned.py`) scores every candidate with a logistic regression over these
features and keeps the best one. Candidates are the actors the sentence names, the one the hand rules
picked (it may come from an anaphora), and the actors the document context offers (the last subject,
the main actor, the latest ones named). Features are what the pipeline already computes: the rules'
pick and confidence, the spaCy parse (is the candidate the subject of the verb governing the figure,
the length of the dependency path between them), the words between them (a comma, "de", a role, an
agent word such as "par" or "avec"), order and distance, the candidate's kind and how often the
document names it. Values are plain floats, in the order of `FACT_FEATURES` / `PERSON_FEATURES`.
"""

from __future__ import annotations

import math
import re
from typing import Any

from sudia.observatoire.anaphora import AGENT_BEFORE, Context, Mentions, clause_bounds, in_parentheses

_MONEY = ("investment_eur", "funding_eur", "budget_eur", "revenue_eur")
_SITE = ("power_mw", "area_m2")
_KIND_GROUPS = {"investor": "investor", "public_body": "public", "startup": "firm", "company": "firm",
                "infrastructure": "site", "venue": "site", "lab": "research", "school": "research"}
_KINDS = ("investor", "public", "firm", "site", "research")

FACT_FEATURES = (
    "rule_pick", "rule_conf", "rule_none", "in_sentence", "before", "same_clause", "nearest_before", "nearest_after",
    "log_distance", "subject_of_verb", "log_dep_path", "agent_word_before", "in_parentheses", "de_before", "pour_before",
    "log_salience", "is_focus", "is_last_subject", "recent_rank", "in_title", "log_candidates",
    *[f"kind_{k}" for k in _KINDS], *[f"{t}_x_{k}" for t in ("money", "site", "jobs") for k in _KINDS],
)
PERSON_FEATURES = (
    "is_none", "rule_pick", "rule_guessed", "in_sentence", "before", "log_distance", "nearest_before", "nearest_after",
    "comma_only_gap", "role_in_gap", "link_word_before", "person_between", "log_dep_path", "same_subtree",
    "log_salience", "is_focus", "is_last_org", "in_title", *[f"kind_{k}" for k in _KINDS],
    "political_title", "role_next", "none_x_political_title", "none_x_role_next",
)
# An elected or state office next to the person: such people are labelled with no organisation unless
# the text ties them to one (LABELLING.md), which the organisation features then tell.
_POLITICAL = re.compile(r"\b(?:ministre|president de la republique|chef de l'etat|maire|deputee?|senat(?:eur|rice)|prefete?|"
                        r"secretaire d'etat|elue?|conseill(?:er|ere) (?:regional|departemental|municipal)e?|eurodeputee?)\b")


def _log(x: float) -> float:
    return math.log1p(max(x, 0.0))


def _kinds(kind: str) -> list[float]:
    group = _KIND_GROUPS.get(kind, "")
    return [float(group == k) for k in _KINDS]


def _token_at(doc: Any, start: int, end: int) -> Any:
    if doc is None:
        return None
    span = doc.char_span(start, end, alignment_mode="expand")
    return span.root if span is not None and len(span) else None


def dep_path(a: Any, b: Any) -> int:
    """Number of arcs between two tokens of one parse (20 when either is missing)."""
    if a is None or b is None:
        return 20
    up = {}
    token, steps = a, 0
    while True:
        up.setdefault(token.i, steps)
        if token.head is token or steps > 30:
            break
        token, steps = token.head, steps + 1
    token, steps = b, 0
    while True:
        if token.i in up:
            return up[token.i] + steps
        if token.head is token or steps > 30:
            return 20
        token, steps = token.head, steps + 1


def _subject_span(doc: Any, start: int, end: int) -> tuple[int, int] | None:
    """Characters of the subject of the verb governing [start, end), from the parse."""
    from sudia.observatoire.syntax import _subject, verb_of

    root = _token_at(doc, start, end)
    verb = verb_of(root) if root is not None else None
    subject = _subject(verb) if verb is not None else None
    if subject is None:
        return None
    return min(t.idx for t in subject.subtree), max(t.idx + len(t.text) for t in subject.subtree)


def fact_candidates(mentions: Mentions, context: Context, rule_actor: str) -> list[str]:
    names = list(dict.fromkeys(n for _, _, n in sorted(mentions)))
    for extra in (rule_actor, context.last_subject, context.focus, *reversed(context.recent[-3:])):
        if extra and extra not in names:
            names.append(extra)
    return names


def fact_rows(folded: str, start: int, end: int, fact_type: str, mentions: Mentions, context: Context,
              rule_actor: str, rule_confidence: float, doc: Any = None) -> tuple[list[str], list[list[float]]]:
    """Candidates of the figure at [start, end) of the sentence and one feature row each."""
    candidates = fact_candidates(mentions, context, rule_actor)
    left, right = clause_bounds(folded, start)
    before = [(e, n) for s, e, n in mentions if e <= start]
    after = [(s, n) for s, e, n in mentions if s >= end]
    nearest_before = max(before)[1] if before else ""
    nearest_after = min(after)[1] if after else ""
    subject = _subject_span(doc, start, end)
    figure = _token_at(doc, start, end)
    group = "money" if fact_type in _MONEY else "site" if fact_type in _SITE else "jobs" if fact_type == "jobs" else ""
    recent = list(reversed(context.recent))
    rows = []
    for name in candidates:
        spans = [(s, e) for s, e, n in mentions if n == name]
        kind = context.kinds.get(name, "company")
        if spans:
            s, e = min(spans, key=lambda se: min(abs(se[0] - end), abs(start - se[1])))
            distance = min(abs(s - end), abs(start - e))
            prefix = folded[max(0, s - 30):s]
            row = [1.0, float(e <= start), float(any(left <= a < right for a, _ in spans)), float(name == nearest_before),
                   float(name == nearest_after), _log(distance),
                   float(subject is not None and any(a < subject[1] and subject[0] < b for a, b in spans)),
                   _log(min(dep_path(figure, _token_at(doc, a, b)) for a, b in spans)),
                   float(bool(AGENT_BEFORE.search(prefix))), float(in_parentheses(folded, s)),
                   float(bool(re.search(r"(?:\bde|\bdu|\bdes|d')\s*(?:la\s+|l')?$", prefix))),
                   float(bool(re.search(r"\bpour\s*(?:la\s+|le\s+|l')?$", prefix)))]
        else:
            row = [0.0, 0.0, 0.0, 0.0, 0.0, _log(300), 0.0, _log(20), 0.0, 0.0, 0.0, 0.0]
        rank = recent.index(name) if name in recent else 10
        rows.append([float(name == rule_actor), rule_confidence if name == rule_actor else 0.0, float(not rule_actor), *row,
                     _log(context.salience.get(name, 0)), float(name == context.focus),
                     float(name == context.last_subject), _log(rank), float(name in context.titled),
                     _log(len(candidates)), *_kinds(kind),
                     *[v * (group == g) for g in ("money", "site", "jobs") for v in _kinds(kind)]])
    return candidates, rows


_ROLE_GAP = None


def _role_pattern() -> re.Pattern[str]:
    global _ROLE_GAP
    if _ROLE_GAP is None:
        from sudia.observatoire.lexicon import ROLE_WORDS

        _ROLE_GAP = re.compile(r"\b(?:" + "|".join(sorted((re.escape(r) for r in ROLE_WORDS), key=len, reverse=True)) + r")s?\b")
    return _ROLE_GAP


def person_rows(text: str, folded: str, start: int, end: int, mentions: list[tuple[int, int, str]],
                persons: list[tuple[int, int]], context: Context, last_org: str, rule_org: str, guessed: bool,
                doc: Any = None) -> tuple[list[str], list[list[float]]]:
    """Candidate organisations ("" = none) of the person at [start, end) and one feature row each."""
    names = [""] + list(dict.fromkeys(n for _, _, n in sorted(mentions)))
    for extra in (rule_org, last_org, context.focus):
        if extra and extra not in names:
            names.append(extra)
    before = [(e, n) for s, e, n in mentions if e <= start]
    after = [(s, n) for s, e, n in mentions if s >= end]
    nearest_before = max(before)[1] if before else ""
    nearest_after = min(after)[1] if after else ""
    person = _token_at(doc, start, end)
    around = folded[max(0, start - 60):start] + " " + folded[end:end + 80]
    political = float(bool(_POLITICAL.search(around)))
    role_next = float(bool(_role_pattern().search(folded[max(0, start - 30):start] + " " + folded[end:end + 40])))
    rows = []
    for name in names:
        spans = [(s, e) for s, e, n in mentions if n == name] if name else []
        if spans:
            s, e = min(spans, key=lambda se: min(abs(se[0] - end), abs(start - se[1])))
            gap = folded[e:start] if e <= start else folded[end:s]
            lo, hi = (e, start) if e <= start else (end, s)
            org_token = _token_at(doc, s, e)
            same_subtree = float(person is not None and org_token is not None and (
                org_token in list(person.subtree) or person in list(org_token.subtree)))
            geometry = [1.0, float(e <= start), _log(min(abs(s - end), abs(start - e))), float(name == nearest_before),
                        float(name == nearest_after), float(bool(re.fullmatch(r"\s*[,(–—-]?\s*", gap))),
                        float(bool(_role_pattern().search(gap))),
                        float(bool(re.search(r"(?:\bde|\bdu|\bdes|d'|\bchez|\bau|\ba)\s*(?:la\s+|le\s+|l')?$", folded[max(0, s - 12):s]))),
                        float(any(lo <= a < hi for a, _ in persons)), _log(dep_path(person, org_token)), same_subtree]
        else:
            geometry = [0.0, 0.0, _log(300), 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, _log(20), 0.0]
        kind = context.kinds.get(name, "company") if name else ""
        rows.append([float(not name), float(name == rule_org), float(name == rule_org and guessed), *geometry,
                     _log(context.salience.get(name, 0)) if name else 0.0, float(bool(name) and name == context.focus),
                     float(bool(name) and name == last_org), float(name in context.titled), *_kinds(kind),
                     political * bool(name), role_next * bool(name), political * (not name), role_next * (not name)])
    return names, rows
