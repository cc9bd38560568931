"""What a figure is about: the project, site or operation an amount qualifies, read from its quote.

Two figures of one actor contradict each other only when they are about the same thing (#9): a body
that "investit 12 M€ dans la rénovation du centre nautique" and, in another article, "consacre 40 M€ à
la création d'un pôle numérique" tells of two projects, not of one figure told twice. The object is
the complement that follows the amount ("dans …", "pour …", "à la création de …") or opens its
sentence ("Pour la rénovation de …, X investit 12 M€"); its content words are compared.
"""

from __future__ import annotations

import re

from sudia.observatoire.quantities import find_quantities
from sudia.observatoire.repair import fold_keep_length

# The complement after the amount (and its unit's tail, "d'euros"), up to a clause break.
_AFTER = re.compile(r"^\s*(?:d'\s*euros|d'investissements?|de\s+budget)?\s*(?:seront|sont|ont ete|vont etre|seraient)?\s*"
                    r"(?:investis|consacres|alloues|engages|injectes|mobilises|destines|affectes)?\s*"
                    r"(?:dans|pour|a(?=\s+(?:la|l'|un|une|des|son|sa|ses|leur|leurs|ce|cette)\b)|au|aux|en faveur d[eu']|au profit d[eu'])\s+(?P<object>[^,;:.()«»\"]{3,80})")
# A purpose opening the sentence: "Pour la rénovation du port, X investit 12 M€".
_OPENING = re.compile(r"^\s*(?:pour|dans le cadre d[eu']|afin d[e'])\s+(?P<object>[^,;:.()«»\"]{3,80}),")
# Words that tell nothing of which project: articles, prepositions, generic nouns of any investment.
_EMPTY = frozenset(
    "le la les l un une des du de d au aux a en et son sa ses leur leurs ce cet cette ces sur dans pour par avec "
    "qui que d'ici ici an ans annee annees prochain prochaine prochaines prochains nouveau nouvelle nouveaux nouvelles "
    "projet projets developpement creation construction renovation amenagement extension travaux programme operation "
    "financement investissement investissements euros millions milliards total totale".split())
# Where the object stops: a place, a date or a new complement is not what the amount buys.
_STOP = re.compile(r"\s(?:a l'horizon|d'ici|en \d{4}|depuis|selon|afin|soit|contre|dont|alors|sur les|sur la periode)\b")


def figure_object(quote: str, value: float) -> frozenset[str]:
    """The content words of what the figure of `value` (canonical units) is about in `quote`; empty when
    the sentence does not say (a company's total, a round with no purpose named)."""
    if not quote:
        return frozenset()
    folded = fold_keep_length(quote)
    quantity = next((q for q in find_quantities(quote)
                     if abs(q.value - value) <= 0.01 * max(abs(value), 1e-9)), None)
    if quantity is None:
        return frozenset()
    match = _AFTER.match(folded[quantity.end:]) or _OPENING.match(folded)
    if not match:
        return frozenset()
    start = match.start("object") + (quantity.end if match.re is _AFTER else 0)
    text = match.group("object")
    stop = _STOP.search(text)
    text = text[:stop.start()] if stop else text
    original = quote[start:start + len(text)]
    words = []
    for word in re.finditer(r"[a-z0-9][a-z0-9-]*", text.replace("'", " ")):
        # "du centre nautique d'Orange", "à Toulon": a place names where, not what
        if original[word.start()].isupper() and re.search(r"(?:\ba|\bde|\bdu|\bd)\s*$", text[:word.start()].replace("'", " ")):
            continue
        if word.group() not in _EMPTY and len(word.group()) > 1:
            words.append(word.group())
    return frozenset(words)


def same_object(a: frozenset[str], b: frozenset[str]) -> bool | None:
    """True when both figures name what they are about and share a content word; False when both name
    it and share none; None (unsure) when only one names it."""
    if not a and not b:
        return True  # neither says: the actor's one figure of that kind, told twice
    if not a or not b:
        return None
    return bool(a & b)
