"""Which actor a figure belongs to, from the sentence's structure, with a confidence.

In order: a parenthesis right after a name ("Digital Realty (87 salariés, 261 M€ de CA)"); a
relative clause ("Livmed's qui a levé 7 M€"); the subject of the verb that governs the amount in
spaCy's dependency parse, followed through coordinated and infinitive verbs ("Interxion a acquis…,
puis a investi 220 M€"), an anaphora ("elle a levé", "la startup") resolved to the last actor of a
fitting kind, a passive's agent ("investis par X"); a noun phrase holding a name ("le datacenter de
X de 96 MW"); then the nearest name of the clause. A clause whose subject is some other noun ("les
coûts se situent entre 1 et 5 M€") gives no actor: the figure is dropped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from sudia.observatoire.lexicon import ANAPHORA
from sudia.observatoire.quantities import Quantity
from sudia.text.french import fold

_AGENT_BEFORE = re.compile(r"(?<![a-z])(?:par|aupres\s+(?:de|du|des)|avec|chez|pour|entre|de la part)(?![a-z])\s*(?:la\s+|le\s+|l'|les\s+)?"
                           r"(?:[a-z-]+\s+){0,2}$")
_ANAPHORA = re.compile(r"(?:^|(?<=[\s,;«\"(]))(" + "|".join(re.escape(a) for a in sorted(ANAPHORA, key=len, reverse=True))
                       + r")\b")
_SUBJECTS = ("nsubj", "nsubj:pass")
_CLIMB = ("conj", "xcomp", "advcl", "acl", "obl:arg", "obl:mod", "obj", "nmod", "nummod", "amod", "appos", "flat:name")

# A subject whose complement names its owner by a common noun: "le budget global de la société".
_OWNER = re.compile(r"\b(du|de la|de l')\s*(groupe|societe|entreprise|start-up|startup|operateur|site|campus|"
                    r"laboratoire|institut|universite|ecole|accelerateur|incubateur)\b")

# Pronouns that refer back to a named actor; "on", "nous", "cela", "ce" do not.
_PERSONAL = {"il", "elle", "ils", "elles", "celle-ci", "celui-ci", "ceux-ci", "celles-ci"}

_PROGRAMMES = {"plan", "programme", "projet", "dispositif", "fonds", "enveloppe", "budget", "appel", "strategie"}

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
        the document (not a passing "post sur LinkedIn"); for a company word, the document's main actor
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

@dataclass(frozen=True)
class Attribution:
    actor: str
    confidence: float
    recipient: bool = False  # the actor receives the amount ("5 M€ pour X"): funding when no word says otherwise


def _clause(folded: str, position: int) -> tuple[int, int]:
    left = max(folded.rfind(",", 0, position), folded.rfind(";", 0, position), folded.rfind(":", 0, position)) + 1
    rights = [i for i in (folded.find(",", position), folded.find(";", position)) if i >= 0]
    return left, min(rights) if rights else len(folded)


def _in_parentheses(folded: str, start: int) -> bool:
    return folded.rfind("(", 0, start) > folded.rfind(")", 0, start)


def _named(mentions: Mentions, start: int, end: int) -> str:
    """The actor whose mention overlaps [start, end)."""
    for m_start, m_end, name in mentions:
        if m_start < end and start < m_end:
            return name
    return ""


def _parenthesis(folded: str, quantity: Quantity, mentions: Mentions, context: Context, text: str = "") -> Attribution | None:
    """'Digital Realty (87 salariés…)', 'la deeptech bardée de prix (25 collaborateurs…)'."""
    opening = folded.rfind("(", 0, quantity.start)
    if opening < 0 or folded.rfind(")", 0, quantity.start) > opening:
        return None
    before = [(end, name) for _, end, name in mentions if end <= opening and not folded[end:opening].strip()]
    if before:
        return Attribution(max(before)[1], 0.95)
    closing = folded.find(")", quantity.end)
    owners = [(start, name) for start, _, name in mentions
              if closing >= 0 and start > closing and re.fullmatch(r"\)\s*(?:de|du|d')\s*(?:la\s+|l')?", folded[closing:start])]
    if owners:  # "le centre de maintenance (2 400 collaborateurs) de X"
        return Attribution(min(owners)[1], 0.8)
    phrase = _ANAPHORA.search(folded[max(0, opening - 60):opening])
    if phrase:
        name, factor = context.resolve_scored(phrase.group(1))
        if name:
            return Attribution(name, 0.7 * factor)
    if text and re.search(r"\S\s+[A-ZÀ-Ö][\w'’.-]*\s*$", text[:opening]):
        return Attribution("", 0.0)  # "…, Native Spaces (2 M€)": a name not kept as an actor owns the figure
    return None


def _relative(folded: str, quantity: Quantity, mentions: Mentions, context: Context) -> Attribution | None:
    """'…, Livmed's qui a levé plus de 7 M€': 'qui' takes the nearest name before it; 'l'entreprise, qui
    compte 30 salariés': the actor the kind word stands for."""
    preceding = [(end, name) for _, end, name in mentions if end <= quantity.start]
    if preceding:
        end, name = max(preceding)
        # "X, une start-up niçoise, qui…", "X localisé à Bouc-Bel-Air qui…"
        if re.fullmatch(r"[^,;()]{0,6}(?:,[^,;()]{0,40}|\s(?:localise|situe|installe|implante|base|ne)e?s?\s+"
                        r"(?:a|au|aux|en|sur|dans)\s[^,;()]{1,30}?)?\s*(?:,\s*)?qui\s[^,;()]*", folded[end:quantity.start]):
            return Attribution(name, 0.9)
        # "X, qui emploie 45 personnes à Nice, a levé 3 M€": the main verb after the relative clause is X's
        if re.fullmatch(r"\s*,\s*qui\s[^,;()]*,\s*(?:a|ont|va|vont|vient|viennent|devrait|prevoit|compte|"
                        r"annonce|leve|investit|investira|emploie)\b[^,;()]*", folded[end:quantity.start]):
            return Attribution(name, 0.85)
    relative = re.search(r"(?:^|[\s,;«\"(])(" + "|".join(re.escape(a) for a in ANAPHORA if ANAPHORA[a] and (" " in a or "'" in a))
                         + r")(?:\s+[a-z-]+)?\s*,?\s+qui\s[^,;()]*$", folded[:quantity.start])
    if relative and not any(relative.end(1) <= start < quantity.start for start, _, _ in mentions):
        name, factor = context.resolve_scored(relative.group(1))
        if name:
            return Attribution(name, 0.75 * factor)
    return None


def verb_of(token: Any) -> Any:
    """The verb governing `token`: climb heads through nominal and clausal links."""
    seen = 0
    while token.head is not token and seen < 12:
        if token.pos_ in ("VERB", "AUX") and any(c.dep_ in _SUBJECTS for c in token.children):
            return token
        if token.pos_ == "VERB" and token.dep_ not in _CLIMB:
            return token
        token, seen = token.head, seen + 1
    return token if token.pos_ in ("VERB", "AUX") else None


def _subject(verb: Any) -> Any:
    for _ in range(4):
        subjects = [c for c in verb.children if c.dep_ in _SUBJECTS]
        if subjects:
            return subjects[0]
        if verb.dep_ == "parataxis" and verb.head.pos_ == "PROPN":
            return verb.head  # "X, une jeune pousse toulonnaise, a levé…" parsed as a name with a side clause
        if verb.dep_ in ("conj", "xcomp", "advcl") and verb.head is not verb:
            verb = verb.head
            continue
        return None
    return None


# Participles whose "par X" names who leads or backs a round (an investor), not who raises or invests.
_BACKING = re.compile(r"^(?:men|orchestr|conduit|pilot|emmen|souscrit|accompagn|soutenu|financ|apport|abond|co-?financ)")


def _named_phrase(token: Any, mentions: Mentions) -> str:
    """The actor a noun names: itself, or a name in apposition to it ("la start-up X"), not one it
    is a complement of ("les membres de X")."""
    name = _named(mentions, token.idx, token.idx + len(token.text))
    for child in token.children:
        if name:
            break
        if child.dep_ in ("appos", "flat:name", "nmod", "amod") and not any(c.dep_ == "case" for c in child.children):
            name = _named(mentions, child.idx, child.idx + len(child.text))
    return name


_PAR_NAME = re.compile(r"par\s+(?:la\s+|le\s+|l'|les\s+)?(?:(?!(?:de|du|des|d')\s)[a-z-]+\s+){0,2}")


def _named_after_par(token: Any, mentions: Mentions, folded: str) -> str:
    """'par la start-up X' when the parse splits the kind word: the name a few words after 'par'."""
    case = next((c for c in token.children if c.dep_ == "case" and c.lower_ == "par"), None)
    if case is None:
        return ""
    return next((name for start, _, name in mentions
                 if case.idx < start <= case.idx + 40 and _PAR_NAME.fullmatch(folded[case.idx:start])), "")


def _agent_of_participle(span: Any, mentions: Mentions, folded: str) -> Attribution | None:
    """'le tour de table finalisé par X pour 5 M€', '1,4 Md€, les investissements réalisés … par X', '500 M€
    qui ont été levés par les membres de…': a participle on the amount's path (or on a noun in apposition
    to it) whose agent ("par …") is named carries the figure; an agent that is no actor (the members of a
    network) means the figure is nobody's here. 'mené par X', 'soutenu par X' name a backer: skipped."""
    token, path = span.root, []
    for _ in range(8):
        path.append(token)
        if token.head is token:
            break
        token = token.head
    participles = [t for t in path if t.pos_ == "VERB" and t.dep_.startswith("acl")]
    participles += [c for c in span.root.children if c.pos_ == "VERB" and c.dep_.startswith("acl")]  # "500 M€ qui ont été levés"
    # "1,4 Md€, les investissements réalisés par X", "30 M€ : c'est la somme levée par X"
    participles += [c for t in path for a in t.children if a.dep_ in ("appos", "conj")
                    for c in a.children if c.dep_.startswith("acl") and c.pos_ == "VERB"]
    for participle in participles:
        if _BACKING.match(fold(participle.lower_)):
            continue
        for child in participle.children:
            if child.dep_.startswith("obl") and any(c.dep_ == "case" and c.lower_ == "par" for c in child.children):
                name = _named_phrase(child, mentions) or _named_after_par(child, mentions, folded)
                if name:
                    return Attribution(name, 0.85)
                if participle.head in path and child.pos_ == "NOUN" and child.tag_ != "PROPN" and child.text[:1].islower():
                    return Attribution("", 0.0)
    return None


def _syntactic(doc: Any, folded: str, quantity: Quantity, mentions: Mentions, context: Context) -> Attribution | None:
    span = doc.char_span(quantity.start, quantity.end, alignment_mode="expand")
    if span is None:
        return None
    agent = _agent_of_participle(span, mentions, folded)
    if agent is not None:
        return agent
    verb = verb_of(span.root)
    if verb is None:
        return None
    subject = _subject(verb)
    if subject is None:
        return None
    first = min(t.idx for t in subject.subtree)
    last = max(t.idx + len(t.text) for t in subject.subtree)
    if subject.lower_ == "qui":
        return None  # handled by `_relative` on the text, more robust than the parse's attachment
    name = _named(mentions, subject.idx, subject.idx + len(subject.text))
    if name and not (quantity.start < last and first < quantity.end):
        return Attribution(name, 0.9)
    # a name inside the subject's own phrase, before any comma: "le datacenter de X", "la start-up
    # niçoise X", "le futur centre de données X, d'une puissance de…" (not an agent: "soutenue par X")
    close = min([t.idx for t in subject.subtree if t.text == "," and t.idx > subject.idx] + [last])
    inner = [(start, name) for start, end, name in mentions if first <= start and end <= close
             and not _AGENT_BEFORE.search(folded[max(first, start - 30):start])]
    if inner and not (quantity.start < close and first < quantity.end):
        return Attribution(min(inner)[1], 0.8)
    phrase = _ANAPHORA.match(folded[first:last])
    noun = fold(subject.lower_)
    head_noun = next((a for a in (f"le {noun}", f"la {noun}", f"l'{noun}", f"les {noun}") if a in ANAPHORA and ANAPHORA[a]), "")
    if subject.pos_ == "PRON" and subject.lower_ not in _PERSONAL:
        return Attribution("", 0.0)  # "on retrouve 43 M€ levés", "nous avons investi": no actor to resolve
    if subject.pos_ == "PRON" or phrase or head_noun:  # "elle a levé", "le nouveau site fournira"
        resolved, factor = context.resolve_scored(phrase.group(1) if phrase else head_noun or subject.lower_)
        return Attribution(resolved, 0.75 * factor) if resolved else None
    owner = _OWNER.search(folded[first:last])
    if owner and not (first <= quantity.start < last):  # "l'effectif total de l'entreprise atteint 80 salariés"
        phrase = {"du": "le ", "de la": "la ", "de l'": "l'"}[re.sub(r"\s+", " ", owner.group(1))] + owner.group(2)
        if ANAPHORA.get(phrase):
            resolved, factor = context.resolve_scored(phrase)
            if resolved:
                return Attribution(resolved, 0.75 * factor)
    # "400 M€ ont été investis (par X)": the amount is the passive subject itself, not a word deep inside
    # it ("la Côte d'Azur, grâce à la levée de 130 M€ avec X, est bien placée")
    if subject.dep_ == "nsubj:pass" and span.start <= subject.i < span.end:
        agents = [c for c in verb.children if c.dep_ == "obl:agent"]
        agent = _named(mentions, agents[0].idx, agents[0].idx + len(agents[0].text)) if agents else ""
        if agents and not agent and agents[0].pos_ == "NOUN":
            return Attribution("", 0.0)  # "… levés par les membres du réseau": an agent that is no actor
        return Attribution(agent, 0.85) if agent else Attribution(context.last_subject or context.focus, 0.5)
    if subject.lower_ in _PROGRAMMES:
        agents = [c for c in verb.children if c.dep_.startswith("obl") and any(a.lower_ == "par" for a in c.children)]
        owner = next((n for n in (_named_phrase(a, mentions) or _named_after_par(a, mentions, folded) for a in agents) if n), "")
        if owner:
            return Attribution(owner, 0.8)  # "le plan … est doté de 70 M€ par la Région": the plan's owner
        return None  # "un grand plan SUD IA a été adopté…, doté de 70 M€": the plan's owner is the nearest name
    if subject.pos_ in ("NOUN", "PROPN") and not (first <= quantity.start < last):
        # "les coûts totaux se situent entre…": the figure is not an actor's (unless the parse cut "la start-up")
        return _clause_anaphora(folded, quantity, mentions, context) or Attribution("", 0.0)
    return None


def _clause_anaphora(folded: str, quantity: Quantity, mentions: Mentions, context: Context) -> Attribution | None:
    """'…, l'entreprise compte 20 salariés' when the parse is lost (OCR): an anaphora just before the figure."""
    left, _ = _clause(folded, quantity.start)
    found = [m for m in _ANAPHORA.finditer(folded, left, quantity.start) if ANAPHORA[m.group(1)]]
    if found and not any(found[-1].end() <= start < quantity.start for start, _, _ in mentions):
        name, factor = context.resolve_scored(found[-1].group(1))
        if name:
            return Attribution(name, 0.7 * factor)
    return None


# Who employs the people of a figure, named after it: "… travaillent chez X", "au sein de X".
_EMPLOYER_BEFORE = re.compile(r"(?<![a-z])(?:chez|au sein d[eu']|au sein des|sur le site d[eu']|pour le compte d[eu'])\s*"
                              r"(?:la\s+|le\s+|l'|les\s+)?(?:[a-z-]+\s+){0,2}$")


def _nearest(folded: str, quantity: Quantity, fact_type: str, mentions: Mentions, context: Context) -> Attribution:
    left, right = _clause(folded, quantity.start)
    usable = []
    for start, end, name in mentions:
        if fact_type == "funding_eur" and context.kinds.get(name) == "investor":
            continue
        if fact_type == "jobs" and quantity.end <= start < right and _EMPLOYER_BEFORE.search(folded[max(0, start - 30):start]):
            return Attribution(name, 0.7)  # "150 personnes travaillent chez X"
        if _AGENT_BEFORE.search(folded[max(0, start - 30):start]) or _in_parentheses(folded, start):
            continue
        usable.append((start, end, name))
    before = [(end, name) for start, end, name in usable if end <= quantity.start]
    if before:
        end, name = max(before)
        return Attribution(name, 0.65 if end >= left else 0.55)
    after = [(start, name) for start, end, name in usable if start >= quantity.end and start < right]
    if after:
        return Attribution(min(after)[1], 0.5)
    return Attribution(context.last_subject or context.focus, 0.4)


_DESTINATION = re.compile(r"^[^.;]{0,40}?\b(?:dans|pour)\s+(?:son|sa|le|la|l'|ce|cet|cette)\s*(?:[\w-]+\s+){0,2}?"
                          r"(data center|datacenter|centre de donnees|site|campus|usine|batiment)\b")


def _destination(folded: str, quantity: Quantity, fact_type: str, mentions: Mentions, context: Context) -> Attribution | None:
    """'investir 260 M€ dans son 5e data center' belongs to that data centre (named, or the last one)."""
    if fact_type not in ("investment_eur", "budget_eur"):
        return None
    match = _DESTINATION.match(folded[quantity.end:])
    if not match:
        return None
    at = quantity.end + match.end()
    named = [(start, name) for start, _, name in mentions if at <= start <= at + 25]
    if named:
        return Attribution(min(named)[1], 0.85)
    name = context.resolve("le site")
    return Attribution(name, 0.8) if name else None


# "5 M€ pour X", "11 M€ de nouveau en février pour X", "3 M€ en juin pour la start-up X"
_BENEFICIARY = re.compile(r"\s*(?:\([^)]*\)\s*)?(?:(?:de nouveau\s+)?(?:en|des|au|fin|debut|mi|courant|cette annee|l'an dernier)\b"
                          r"[^,;()]{0,18}?\s)?(?:pour|a destination d[eu']|au profit d[eu'])\s*(?:la\s+|le\s+|l'|les\s+)?"
                          r"(?:[a-z-]+\s+){0,2}")


def _beneficiary(folded: str, quantity: Quantity, mentions: Mentions) -> Attribution | None:
    """'30 M€ pour Ondalys', '12 M€ pour la start-up marseillaise X': the amount goes to the name after 'pour'
    (a headline or a lead that gives the figure before the company)."""
    after = [(start, name) for start, _, name in mentions if start >= quantity.end]
    if after:
        start, name = min(after)
        if _BENEFICIARY.fullmatch(folded[quantity.end:start]):
            return Attribution(name, 0.85, recipient=True)
    return None


_SITE_TYPES = ("power_mw", "area_m2")


def _site_property(fact_type: str, mentions: Mentions, context: Context) -> Attribution | None:
    """'Au total, 12 000 m² seront livrés, pour une puissance de 22 MW', 'Un lieu de 300 m²': a power or
    an area in a sentence that names no actor is the site the text is describing: the last one named,
    else the last sentence's subject (the project just introduced)."""
    if fact_type not in _SITE_TYPES or mentions:
        return None
    site = next((n for n in reversed(context.recent) if context.kinds.get(n) in ("infrastructure", "venue")), "")
    name = site or context.last_subject
    return Attribution(name, 0.6) if name else None


def attribute(folded: str, quantity: Quantity, fact_type: str, mentions: Mentions, context: Context,
              doc: Any = None) -> Attribution:
    """The actor of one figure of a sentence (`folded` is its folded text, `doc` its parse or None)."""
    text = doc.text if doc is not None else ""
    for rule in (lambda: _parenthesis(folded, quantity, mentions, context, text), lambda: _relative(folded, quantity, mentions, context),
                 lambda: _beneficiary(folded, quantity, mentions), lambda: _destination(folded, quantity, fact_type, mentions, context)):
        found = rule()
        if found is not None:
            return found
    found = None
    if doc is not None and doc.has_annotation("DEP"):
        found = _syntactic(doc, folded, quantity, mentions, context)
    found = found or _clause_anaphora(folded, quantity, mentions, context) \
        or _nearest(folded, quantity, fact_type, mentions, context)
    if found.confidence < 0.6:
        return _site_property(fact_type, mentions, context) or found
    return found
