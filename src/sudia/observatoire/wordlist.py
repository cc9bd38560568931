"""French common words, from the lexicon the spaCy French model ships with its lemmatizer (the
tables `lemma_lookup`: inflected form -> lemma, and `lemma_index`: the lemmas of each part of speech,
about 66,000 nouns and 28,000 adjectives, demonyms included: "suisse", "marseillais", "niçois").

Why: a capitalised word that is a plural of a common noun or adjective ("Suisses", "Américains",
"Acteurs") names a group of people or things, never one organisation; a list whose names are mostly
common words ("Agtech, Blockchain, Coding, Santé") is a list of topics. A general dictionary tells
these apart from brands ("Qwant", "Thales") without a list of names written from the texts.

The tables are read once from the installed model (the extractor loads the model without its
lemmatizer); without them every answer is False and the rules that use it stay idle.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

from sudia.observatoire.nlp import MODELS

_POS_KEYS = {"noun": "NOUN", "adj": "ADJ"}


@lru_cache(maxsize=1)
def _tables() -> tuple[Any, dict[str, frozenset[str]]]:
    try:
        from spacy.lookups import Lookups
        from spacy.util import get_package_path
    except ImportError:
        return None, {}
    for model in MODELS:
        try:
            root = Path(get_package_path(model))
        except Exception:  # noqa: BLE001 - spaCy raises several kinds of error for a missing package
            continue
        folder = next(root.glob("*/lemmatizer/lookups"), None)
        if folder is None:
            continue
        lookups = Lookups().from_disk(folder)
        if not lookups.has_table("lemma_lookup") or not lookups.has_table("lemma_index"):
            continue
        from spacy.strings import get_string_id

        index = lookups.get_table("lemma_index")
        by_pos = {pos: frozenset(index.get(get_string_id(pos.lower()), []) or index.get(pos.lower(), []))
                  for pos in _POS_KEYS.values()}
        return lookups.get_table("lemma_lookup"), by_pos  # a spaCy Table: `get` takes the string itself
    return None, {}


def lemmas(word: str) -> list[str]:
    """The lemmas of a lower-case form: 'suisses' -> ['suisse']; a form that is its own lemma -> [form]."""
    lookup, _ = _tables()
    found = lookup.get(word) if lookup is not None else None
    if not found:
        return [word]
    return [found] if isinstance(found, str) else list(found)


def parts_of_speech(word: str) -> set[str]:
    """'NOUN' and/or 'ADJ' when the lower-case word (or its lemma) is a French common noun or adjective."""
    _, by_pos = _tables()
    folded = word.lower()
    return {pos for pos, words in by_pos.items() for lemma in lemmas(folded) if lemma in words}


def is_common_word(word: str) -> bool:
    return bool(parts_of_speech(word))


def is_plural_common(word: str) -> bool:
    """'Suisses', 'Américains', 'Acteurs', 'Développeurs': an inflected plural (-s, -x) of a common noun or
    adjective. A form that is its own lemma ('Thales', 'Marseillais' as a lemma) is not counted: the
    lexicon cannot tell a plural from a singular there."""
    folded = word.lower()
    if not folded.endswith(("s", "x")) or len(folded) < 4:
        return False
    return any(lemma != folded for lemma in lemmas(folded)) and is_common_word(folded)


# Endings of French demonyms (masculine, feminine, plural): "marseillais", "niçoise", "suédois", "américaine",
# "italiens", "azuréens", "européen". With the lexicon's adjectives they tell inhabitants and nationalities.
_DEMONYM_END = ("ais", "aise", "aises", "ois", "oise", "oises", "ain", "aine", "ains", "aines", "ien", "ienne",
                "iens", "iennes", "een", "eenne", "eens", "eennes", "éen", "éenne", "éens", "éennes")


def is_demonym(word: str) -> bool:
    """'Suisses', 'Américains', 'Marseillais', 'Niçoise', 'Européens': a people or an origin, from the
    lexicon's adjectives (with a demonym's ending, or any adjective in the plural). Said of a capitalised
    word standing alone, it names inhabitants or nationals, not an organisation."""
    folded = word.lower()
    if "ADJ" not in parts_of_speech(folded):
        return False
    return folded.endswith(_DEMONYM_END) or any(lemma != folded for lemma in lemmas(folded)) and folded.endswith("s")
