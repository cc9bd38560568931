"""Which words of a French sentence are negated: « Les fichiers n'ont plus à être déclarés » negates
« déclarés »; « doivent être déclarés » does not.

Two sentences can share every word and say opposite things. The answer guard compares, word by
word, the polarity of a generated sentence with that of the passage sentences that give it its
words (issue #14: a 1.5B model dropped « n'ont plus à » and kept the rest). What is negated is the
head of each negation: the words between « ne » and its second part (« ne paient pas »), and the
first meaningful word after it (« n'est pas gratuit », « n'ont plus à être déclarés »); after
« sans », « non », « aucun », « jamais », « ni », or « pas » without « ne », the first meaningful
word (« sans condition », « non boursiers », « pas de frais »). « ne … que » (only) is not a
negation, nor « non seulement », nor a « Non » that opens the sentence (it answers the question). The other words from the negation to the end of its clause are in
its scope: a paraphrase may move the head (« il n'est pas possible de cumuler » against « vous ne
pouvez pas cumuler »), so only a head against a word outside any negation is a contradiction.
"""

from __future__ import annotations

import re

from sudia.text.french import STOPWORDS, analyze, fold, repair_ocr

# The second part of « ne … X », and words that negate on their own.
_AFTER_NE = frozenset("pas plus jamais rien aucun aucune personne nul nulle guere point ni nullement".split())
# « hors », « en dehors de », « à l'exception de », « excepté » exclude what follows them as surely as
# « sans »: « … en dehors des frais d'études préalables » negates « frais » (#14, held-out 2: a model
# said the excluded costs were covered).
_ALONE = frozenset("sans non aucun aucune jamais ni nul nulle pas hors dehors exception excepte exceptes".split())
# A negation does not reach past the end of its clause.
_CLAUSE_END = frozenset(", ; : . ! ? ( ) mais sauf".split())
# Infinitives that carry the negated verb rather than being it (« n'ont plus à être déclarés »).
_AUXILIARIES = frozenset("etre avoir devoir pouvoir falloir".split())
# Words that pass a negation on to the verb they govern: « il n'est pas possible de cumuler »
# negates « cumuler » as surely as « vous ne pouvez pas cumuler ».
_MODALS = frozenset("possible necessaire obligatoire autorise autorisee autorises autorisees permis besoin droit "
                    "tenu tenue tenus tenues question".split())
_TOKEN = re.compile(r"n['’]|[a-z0-9]+|[,;:.!?()]")
_REACH = 6  # words between « ne » and its second part (« ne leur sont pas »)


def _tokens(text: str) -> list[str]:
    return ["ne" if t[0] == "n" and len(t) == 2 and t[1] in "'’" else t
            for t in _TOKEN.findall(fold(repair_ocr(text)))]


def _stem(token: str) -> str | None:
    """The search term of a word (as `french.analyze`), None for a stopword or punctuation."""
    if token in STOPWORDS or token in _CLAUSE_END or len(token) < 2 or token.isdigit():
        return None
    terms = analyze(token)
    return terms[0] if terms else None


HEAD, SCOPE, PLAIN = "head", "scope", "plain"


def polarity(text: str) -> dict[str, set[str]]:
    """For each term of the text, how it occurs: as the head of a negation, elsewhere in a negation's
    scope, or outside any negation (`HEAD`, `SCOPE`, `PLAIN`; several when it occurs several times)."""
    tokens = _tokens(text)
    heads: set[int] = set()
    scope: set[int] = set()
    used: set[int] = set()  # second parts already read with their « ne »
    for i, token in enumerate(tokens):
        if token == "ne":
            for j in range(i + 1, min(len(tokens), i + 2 + _REACH)):
                if tokens[j] in _CLAUSE_END:
                    break
                if tokens[j] in _AFTER_NE:
                    used.add(j)
                    heads.update(k for k in range(i + 1, j) if _stem(tokens[k]))
                    heads.update(_first_word(tokens, j))
                    scope.update(_clause(tokens, i))
                    break
        elif token in _ALONE and i not in used:
            if token == "non" and (i == 0 or i + 1 < len(tokens) and tokens[i + 1] == "seulement"):
                continue  # « Non, … » answers a question; « non seulement » adds
            heads.update(_first_word(tokens, i))
            scope.update(_clause(tokens, i))
    out: dict[str, set[str]] = {}
    for i, token in enumerate(tokens):
        stem = _stem(token)
        if stem is not None and token not in _ALONE:
            out.setdefault(stem, set()).add(HEAD if i in heads else SCOPE if i in scope else PLAIN)
    return out


def _clause(tokens: list[str], cue: int) -> range:
    end = next((k for k in range(cue + 1, len(tokens)) if tokens[k] in _CLAUSE_END), len(tokens))
    return range(cue + 1, end)


def _first_word(tokens: list[str], cue: int) -> list[int]:
    """The first meaningful word after the cue, within its clause; after a modal word, the next one too."""
    for k in range(cue + 1, len(tokens)):
        if tokens[k] in _CLAUSE_END:
            return []
        if _stem(tokens[k]) and tokens[k] not in _AFTER_NE and tokens[k] not in _AUXILIARIES:
            return [k, *_first_word(tokens, k)] if tokens[k] in _MODALS else [k]
    return []


def _agree(one: set[str], other: set[str]) -> bool:
    return any({a, b} != {HEAD, PLAIN} for a in one for b in other)


def contradicts(sentence: dict[str, set[str]], sources: list[dict[str, set[str]]]) -> str | None:
    """A term the sentence negates (as a head) where every source that holds it has it outside any
    negation, or the reverse; None when each of its terms agrees with some source holding it."""
    for term, states in sentence.items():
        holding = [source[term] for source in sources if term in source]
        if holding and not any(_agree(states, held) for held in holding):
            return term
    return None
