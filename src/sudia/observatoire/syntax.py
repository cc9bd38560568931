"""Attribution from spaCy's dependency parse: the subject of the verb that governs the amount, followed
through coordinated and infinitive verbs ("Interxion a acquis…, puis a investi 220 M€"), an anaphora
("elle a levé", "la startup") resolved by the context, the agent of a participle ("le tour de table
finalisé par X"), a passive's agent ("investis par X"), a noun phrase holding a name ("le datacenter de
X de 96 MW"). A clause whose subject is some other noun ("les coûts se situent entre 1 et 5 M€") gives
no actor: the figure is dropped."""

from __future__ import annotations

import re
from typing import Any

from sudia.observatoire.anaphora import (
    AGENT_BEFORE, ANAPHORA_PHRASE, Attribution, Context, Mentions, clause_anaphora, named,
)
from sudia.observatoire.lexicon import ANAPHORA
from sudia.observatoire.quantities import Quantity
from sudia.text.french import fold

_SUBJECTS = ("nsubj", "nsubj:pass")
_CLIMB = ("conj", "xcomp", "advcl", "acl", "obl:arg", "obl:mod", "obj", "nmod", "nummod", "amod", "appos", "flat:name")

# A subject whose complement names its owner by a common noun: "le budget global de la société".
_OWNER = re.compile(r"\b(du|de la|de l')\s*(groupe|societe|entreprise|start-up|startup|operateur|site|campus|"
                    r"laboratoire|institut|universite|ecole|accelerateur|incubateur)\b")

# Pronouns that refer back to a named actor; "on", "nous", "cela", "ce" do not.
_PERSONAL = {"il", "elle", "ils", "elles", "celle-ci", "celui-ci", "ceux-ci", "celles-ci"}

_PROGRAMMES = {"plan", "programme", "projet", "dispositif", "fonds", "enveloppe", "budget", "appel", "strategie"}



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
_BACKING = re.compile(r"^(?:men|orchestr|conduit|pilot|emmen|souscrit|accompagn|soutenu|financ|apport|abond|co-?financ|aliment|subventionn)")


def _named_phrase(token: Any, mentions: Mentions) -> str:
    """The actor a noun names: itself, or a name in apposition to it ("la start-up X"), not one it
    is a complement of ("les membres de X")."""
    name = named(mentions, token.idx, token.idx + len(token.text))
    for child in token.children:
        if name:
            break
        if child.dep_ in ("appos", "flat:name", "nmod", "amod") and not any(c.dep_ == "case" for c in child.children):
            name = named(mentions, child.idx, child.idx + len(child.text))
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
    """'le tour de table conclu par X pour 5 M€', '2 Md€, soit les sommes engagées … par X', '90 M€ qui
    ont été levés par les adhérents de…': a participle on the amount's path (or on a noun in apposition
    to it) whose agent ("par …") is named carries the figure; an agent that is no actor (the members of a
    network) means the figure is nobody's here. 'mené par X', 'soutenu par X' name a backer: skipped."""
    token, path = span.root, []
    for _ in range(8):
        path.append(token)
        if token.head is token:
            break
        token = token.head
    participles = [t for t in path if t.pos_ == "VERB" and t.dep_.startswith("acl")]
    participles += [c for c in span.root.children if c.pos_ == "VERB" and c.dep_.startswith("acl")]  # "90 M€ qui ont été levés"
    # "un datacenter de 8 MW exploité par X": a participle on a noun the amount qualifies, before any verb
    for noun in path[1:]:
        if noun.pos_ not in ("NOUN", "PROPN"):
            break
        participles += [c for c in noun.children if c.pos_ == "VERB" and c.dep_.startswith("acl") and c not in participles]
    # "2 Md€, soit les sommes engagées par X", "30 M€ : c'est la somme levée par X"
    participles += [c for t in path for a in t.children if a.dep_ in ("appos", "conj")
                    for c in a.children if c.dep_.startswith("acl") and c.pos_ == "VERB"]
    for participle in participles:
        if _BACKING.match(fold(participle.lower_)):
            continue
        for child in participle.children:
            if child.dep_.startswith("obl") and any(c.dep_ == "case" and c.lower_ == "par" for c in child.children):
                name = _named_phrase(child, mentions) or _named_after_par(child, mentions, folded)
                if name:
                    return Attribution(name, 0.85, how="participle_agent")
                if participle.head in path and child.pos_ == "NOUN" and child.tag_ != "PROPN" and child.text[:1].islower():
                    return Attribution("", 0.0, how="veto_agent")
    return None


_EMPLOYER_CASES = ("chez", "sein")  # "chez X", "au sein de X"


def _qualifies_owned_noun(doc: Any, span: Any, subject: Any, inner: list[tuple[int, str]], folded: str) -> bool:
    """'le datacenter de X de 96 MW', 'le campus de X, d'une surface de 5 ha' (before the comma): the
    figure and the name are both complements of the subject's head noun, the name introduced by "de"
    and standing before the figure (the noun is X's; the figure is the noun's)."""
    start, name = min(inner)
    if start >= span.start_char or not re.search(r"(?:\bde|\bdu|\bdes|d')\s*(?:la\s+|l')?$", folded[max(0, start - 8):start]):
        return False
    head = span.root
    for _ in range(4):
        if head is subject:
            return True
        if head.head is head:
            break
        head = head.head
    return False


def _employer(verb: Any, mentions: Mentions, folded: str) -> Attribution | None:
    for child in verb.children:
        if not child.dep_.startswith("obl"):
            continue
        cases = {c.lower_ for c in child.children if c.dep_ in ("case", "fixed")} | {c.lower_ for c in child.subtree
                                                                                    if c.dep_ == "fixed"}
        if cases & set(_EMPLOYER_CASES):
            name = _named_phrase(child, mentions)
            if name:
                return Attribution(name, 0.8, how="employer")
    return None


def syntactic(doc: Any, folded: str, quantity: Quantity, mentions: Mentions, context: Context) -> Attribution | None:
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
    name = named(mentions, subject.idx, subject.idx + len(subject.text))
    if name and not (quantity.start < last and first < quantity.end):
        # a subject named after the figure ("En plus d'un système de 1,2 MW…, X a installé…") is a surer
        # reading when it stands before it
        return Attribution(name, 0.9, how="subject" if subject.idx < quantity.start else "subject_after")
    # a name inside the subject's own phrase, before any comma: "le datacenter de X", "la start-up
    # niçoise X", "le futur centre de données X, d'une puissance de…" (not an agent: "soutenue par X")
    close = min([t.idx for t in subject.subtree if t.text == "," and t.idx > subject.idx] + [last])
    inner = [(start, name) for start, end, name in mentions if first <= start and end <= close
             and not AGENT_BEFORE.search(folded[max(first, start - 30):start])]
    if inner and not (quantity.start < close and first < quantity.end):
        return Attribution(min(inner)[1], 0.8, how="subject_phrase")
    if inner and _qualifies_owned_noun(doc, span, subject, inner, folded):
        return Attribution(min(inner)[1], 0.75, how="owned_noun")  # "le datacenter de X de 96 MW sera…": the site's figure is X's
    if quantity.dimension == "jobs" and span.start <= subject.i < span.end:
        employer = _employer(verb, mentions, folded)  # "Chez X, 120 ingénieurs travaillent…"
        if employer:
            return employer
    phrase = ANAPHORA_PHRASE.match(folded[first:last])
    noun = fold(subject.lower_)
    head_noun = next((a for a in (f"le {noun}", f"la {noun}", f"l'{noun}", f"les {noun}") if a in ANAPHORA and ANAPHORA[a]), "")
    if subject.pos_ == "PRON" and subject.lower_ not in _PERSONAL:
        return Attribution("", 0.0, how="veto_pronoun")  # "on compte 12 M€ investis", "nous avons investi": no actor to resolve
    if subject.pos_ == "PRON" or phrase or head_noun:  # "elle a levé", "le nouveau site fournira"
        word = phrase.group(1) if phrase else head_noun or subject.lower_
        # "Le site compte 300 salariés": with no site among the actors, the staff is its owner's
        resolved, factor = context.resolve_staff(word) if quantity.dimension == "jobs" else context.resolve_scored(word)
        return Attribution(resolved, 0.75 * factor, how="subject_anaphora",
                           referents=context.referents(word, quantity.dimension == "jobs")) if resolved else None
    owner = _OWNER.search(folded[first:last])
    if owner and not (first <= quantity.start < last):  # "l'effectif total de l'entreprise atteint 80 salariés"
        phrase = {"du": "le ", "de la": "la ", "de l'": "l'"}[re.sub(r"\s+", " ", owner.group(1))] + owner.group(2)
        if ANAPHORA.get(phrase):
            resolved, factor = context.resolve_scored(phrase)
            if resolved:
                return Attribution(resolved, 0.75 * factor, how="subject_owner", referents=context.referents(phrase))
    # "400 M€ ont été investis (par X)": the amount is the passive subject itself, not a word deep inside
    # it ("le Var, porté par la levée de 40 M€ de X, est classé deuxième")
    if subject.dep_ == "nsubj:pass" and span.start <= subject.i < span.end:
        agents = [c for c in verb.children if c.dep_ == "obl:agent"]
        # "levés par la start-up aixoise X": the name stands after the agent's kind word
        agent = (named(mentions, agents[0].idx, agents[0].idx + len(agents[0].text)) or _named_phrase(agents[0], mentions)
                 or _named_after_par(agents[0], mentions, folded)) if agents else ""
        if agents and not agent and agents[0].pos_ == "NOUN":
            return Attribution("", 0.0, how="veto_agent")  # "… levés par les adhérents du réseau": an agent that is no actor
        return Attribution(agent, 0.85, how="passive_agent") if agent else \
            Attribution(context.last_subject or context.focus, 0.5, how="passive_default")
    if subject.lower_ in _PROGRAMMES:
        agents = [c for c in verb.children if c.dep_.startswith("obl") and any(a.lower_ == "par" for a in c.children)]
        owner = next((n for n in (_named_phrase(a, mentions) or _named_after_par(a, mentions, folded) for a in agents) if n), "")
        if owner:
            return Attribution(owner, 0.8, how="programme_owner")  # "le plan … est doté de 70 M€ par la Région": the plan's owner
        return None  # "un grand plan SUD IA a été adopté…, doté de 70 M€": the plan's owner is the nearest name
    if subject.pos_ in ("NOUN", "PROPN") and not (first <= quantity.start < last):
        # "les coûts totaux se situent entre…": the figure is not an actor's (unless the parse cut "la start-up")
        return clause_anaphora(folded, quantity, mentions, context) or Attribution("", 0.0, how="veto_other_subject")
    return None
