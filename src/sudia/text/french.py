"""French analyzer for lexical search: lower-case, elisions, accent folding, stopwords, Snowball stems.

The same function analyses documents and queries, so both sides meet on identical terms.
PostgreSQL uses its own `french` text search configuration on accent-folded text instead.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Words so frequent in French that they carry no meaning for search (Snowball's list, folded).
_STOPWORDS_RAW = """
au aux avec ce ces dans de des du elle en et eux il ils je la le les leur lui ma mais me même mes moi mon
ne nos notre nous on ou par pas pour qu que qui sa se ses son sur ta te tes toi ton tu un une vos votre
vous c d j l à m n s t y été étée étées étés étant étante étants étantes suis es est sommes êtes sont
serai seras sera serons serez seront serais serait serions seriez seraient étais était étions étiez
étaient fus fut fûmes fûtes furent sois soit soyons soyez soient fusse fusses fût fussions fussiez
fussent ayant ayante ayantes ayants eu eue eues eus ai as avons avez ont aurai auras aura aurons aurez
auront aurais aurait aurions auriez auraient avais avait avions aviez avaient eut eûmes eûtes eurent
aie aies ait ayons ayez aient eusse eusses eût eussions eussiez eussent ceci cela celà cet cette ici
ils les leurs quel quels quelle quelles sans soi comment quoi est-ce estce alors donc comme si peut
faut faire fait tout tous toute toutes aussi plus très bien cest quest quand
"""

_TOKEN = re.compile(r"[a-z0-9]+")
_ELISION = re.compile(r"\b(?:l|d|j|m|n|s|t|c|qu|jusqu|lorsqu|puisqu|quoiqu)['’]", re.IGNORECASE)


def fold(text: str) -> str:
    """Lower-case and remove accents: 'Électricité' -> 'electricite'. Keeps œ/æ readable."""
    text = text.lower().replace("œ", "oe").replace("æ", "ae")
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


STOPWORDS: frozenset[str] = frozenset(fold(w) for w in _STOPWORDS_RAW.split())


@lru_cache(maxsize=1)
def _stemmer():
    import Stemmer  # PyStemmer: C Snowball stemmers

    return Stemmer.Stemmer("french")


# OCR and PDF extraction noise (issue #8): the same repairs on documents and queries, so a word
# survives them on both sides. « régio-\nnal » (hyphenation at a line end) reads « régional »;
# « I'IA », « pubIic », « Ia région » (capital i for l) read « l'IA », « public », « la région »;
# a stray spacing accent (« re´gion ») is dropped; « ée » before a consonant (« réegion », é read
# as ée) reads « é », but not before n, r, s, l or z, where « ée » is French (« lycéens », « européenne »,
# « créera », « idées », « réel », « agréez »): repairing those would split one word into two spellings between
# the folded and the analysed forms (a follow-up question lost its audience that way). Ligatures (ﬁ, ﬂ, œ) are unfolded by `fold`.
_LINE_END_HYPHEN = re.compile(r"(?<=\w)[-\u00ad][ \t]*\r?\n[ \t]*(?=[a-zà-ÿ])")
_SOFT_HYPHEN = re.compile("\u00ad")
_I_FOR_L = re.compile(r"\bI(?=['’]\w)|(?<=[a-zà-ÿ])I(?=[a-zà-ÿ])|\bI(?=(?:a|e|es|eur|eurs|ui)\b)")
_SPACING_ACCENT = re.compile(r"(?<=\w)[\u00b4\u0060\u00a8\u02c6-\u02dd]|[\u00b4\u0060\u00a8\u02c6-\u02dd](?=\w)")
_E_READ_AS_EE = re.compile(r"([éÉ])e(?=[bcdfghjkmpqtvwxç])")


def repair_ocr(text: str) -> str:
    """The text with common OCR and PDF extraction errors undone, for indexing and matching."""
    text = _LINE_END_HYPHEN.sub("", text)
    text = _SOFT_HYPHEN.sub("", text)
    text = _SPACING_ACCENT.sub("", text)
    text = _I_FOR_L.sub("l", text)
    return _E_READ_AS_EE.sub(r"\1", text)


def words(text: str) -> list[str]:
    """Folded word tokens, elisions removed ("l'aide" -> "aide"), OCR errors repaired."""
    return _TOKEN.findall(fold(_ELISION.sub(" ", repair_ocr(text))))


def analyze(text: str) -> list[str]:
    """Terms for lexical indexing: folded tokens without stopwords, stemmed."""
    tokens = [t for t in words(text) if t not in STOPWORDS and (len(t) > 1 or t.isdigit())]
    return _stemmer().stemWords(tokens)


def sentences(text: str) -> list[str]:
    """Split French text into sentences; keeps abbreviations like 'M.' or 'art.' together."""
    text = re.sub(r"\s+", " ", text).strip()
    if not text:
        return []
    parts = re.split(r"(?<=[.!?…])\s+(?=[A-ZÀ-ÖØ-Ý0-9«\"(])", text)
    merged: list[str] = []
    for part in parts:
        if merged and re.search(r"\b(?:M|Mme|art|cf|p|n°|etc|env|min|max)\.$", merged[-1]):
            merged[-1] = f"{merged[-1]} {part}"
        else:
            merged.append(part)
    return [s.strip() for s in merged if s.strip()]
