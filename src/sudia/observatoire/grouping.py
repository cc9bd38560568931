"""Groups the mentions of one document into actors: same name, acronym and expansion, former names
("Digital Realty (ex-Interxion)", "Aktantis, auparavant Pôle SCS"), a country or corporate suffix
("Microsoft France", "Unitel group"), a title cut by a line break. Two numbered sites (MRS4, MRS5)
never merge: `same_name` refuses keys that differ by a digit.
"""

from __future__ import annotations

import re
from collections import defaultdict

from sudia.observatoire.candidates import initials
from sudia.observatoire.mentions import Mention
from sudia.observatoire.names import accent_score, name_key, same_name
from sudia.observatoire.repair import fold_keep_length

_FORMER = re.compile(r"^\s*(?:,\s*|\(\s*|\s)(?:auparavant|anciennement|ex-|ex |devenue?s?|rebaptisee?s?|aujourd'hui)\s*$")
# Trailing words that do not change the organisation: "Microsoft France", "Unitel group".
_SUFFIX = re.compile(r"(?:\s+(?:france|europe|international|group|groupe|holding|sa|sas))+$")


# Leading descriptors that do not change the organisation: "pôle Aktantis", "l'agglomération X".
_PREFIX = re.compile(r"^(?:pole|cluster|reseau|incubateur|accelerateur|communaute d'|la |l')\s*")


_DEPARTMENT = re.compile(r"^departement\s+(?=(?:des|du|de)\s)")


# The regional council is named many ways; this observatory is the Région Sud's, so all are one actor.
REGION = "Région Sud"
_REGION_KEYS = {"region", "regionsud", "conseilregional", "regionpaca", "regionprovencealpescotedazur",
                "regionsudprovencealpescotedazur", "conseilregionalprovencealpescotedazur"}


def core_key(name: str) -> str:
    folded = _PREFIX.sub("", fold_keep_length(name).strip())
    folded = _DEPARTMENT.sub("conseil departemental ", folded)  # "Département du Var" is its council
    key = name_key(_SUFFIX.sub("", folded)) or name_key(name)
    return name_key(REGION) if key in _REGION_KEYS else key


class _Union:
    def __init__(self) -> None:
        self.parent: dict[str, str] = {}

    def find(self, key: str) -> str:
        self.parent.setdefault(key, key)
        while self.parent[key] != key:
            self.parent[key] = self.parent[self.parent[key]]
            key = self.parent[key]
        return key

    def join(self, a: str, b: str) -> None:
        self.parent[self.find(a)] = self.find(b)


def group_mentions(texts: list[str], mentions: list[list[Mention]]) -> dict[str, str]:
    """Maps each mention key to its actor's display name; only groups with evidence become actors."""
    by_key: dict[str, list[Mention]] = defaultdict(list)
    for ms in mentions:
        for m in ms:
            by_key[m.key].append(m)
    union = _Union()
    keys = sorted(by_key, key=lambda k: -len(k))
    for key in keys:
        union.find(key)
    cores: dict[str, str] = {}
    for key in keys:
        core = core_key(by_key[key][0].name)
        if core in cores:
            union.join(key, cores[core])
        else:
            cores[core] = key
    for i, key in enumerate(keys):
        for other in keys[i + 1:]:
            if same_name(by_key[key][0].name, by_key[other][0].name):
                union.join(other, key)
    expanded = set()
    for ms in mentions:
        for m in ms:
            if m.acronym and name_key(m.acronym) in by_key:
                union.join(name_key(m.acronym), m.key)
                expanded.add(name_key(m.acronym))
    for text, ms in zip(texts, mentions, strict=True):
        ordered = sorted(ms, key=lambda m: m.start)
        for a, b in zip(ordered, ordered[1:]):
            if _FORMER.match(fold_keep_length(text[a.end:b.start])):
                union.join(b.key, a.key)
    _acronym_heads(by_key, union, expanded)
    _spelt_prefixes(by_key, union)
    _absorb_prefixes(by_key, union)
    _same_words(by_key, union)
    clusters: dict[str, list[str]] = defaultdict(list)
    for key in keys:
        clusters[union.find(key)].append(key)
    out: dict[str, str] = {}
    for cluster in clusters.values():
        members = [m for k in cluster for m in by_key[k]]
        if not any(m.evidence or m.acronym for m in members):
            continue
        if any(core_key(m.name) == name_key(REGION) for m in members):
            for key in cluster:
                out[key] = REGION
            continue
        full = [m.name for m in members if len(m.name) > 6 or not m.name.isupper()]
        best = max(full or [m.name for m in members], key=lambda n: (not _suffixed(n), accent_score(n),
                                                                      -len(n) if n.isupper() else 0))
        for key in cluster:
            out[key] = best
    return out


def _suffixed(name: str) -> bool:
    return bool(_SUFFIX.search(fold_keep_length(name)))


def _acronym_heads(by_key: dict[str, list[Mention]], union: _Union, expanded: set[str]) -> None:
    """'la CCI' is 'CCI Aix-Marseille Provence' when it is the only longer name it opens and no
    expansion of its own was given ('la DGA (Direction générale…)' stays apart from 'DGA Techniques navales')."""
    for key, ms in by_key.items():
        name = ms[0].name
        if not re.fullmatch(r"[A-Z]{2,6}", name) or key in expanded:
            continue
        longer = {union.find(k) for k, other in by_key.items() if k != key and (other[0].name.startswith(name + " ")
                  or len(other[0].name) > len(name) + 3 and initials(other[0].name).startswith(name)
                  or (other[0].acronym or "").startswith(name) and other[0].acronym != name)}
        if len(longer) == 1:
            union.join(key, longer.pop())


def _spelt_prefixes(by_key: dict[str, list[Mention]], union: _Union) -> None:
    """'CCI Var-Estérel' is 'Chambre de commerce et d'industrie Var-Estérel': an acronym
    opening a name stands for the words it spells when the rest of both names is the same."""
    names = {k: ms[0].name for k, ms in by_key.items()}
    for key, name in names.items():
        head = re.match(r"([A-Z]{2,6})\s+(\S.*)$", name)
        if not head:
            continue
        acronym, rest = head.group(1), name_key(head.group(2))
        for other_key, other in names.items():
            words = other.replace("’", "'").split()
            for size in range(len(acronym), len(words)):
                if initials(" ".join(words[:size])) == acronym and name_key(" ".join(words[size:])) == rest:
                    union.join(other_key, key)
                    break


def _absorb_prefixes(by_key: dict[str, list[Mention]], union: _Union) -> None:
    """A title cut by a line break ("Laboratoire d'Informatique et") joins the full name it starts; one
    word joins a longer name only when a place follows it there (a local branch)."""
    names = {k: ms[0].name.split() for k, ms in by_key.items()}
    for key, words in names.items():
        longer = [k for k, other in names.items() if k != key and len(other) > len(words) and other[:len(words)] == words
                  and (len(words) >= 2 or _local_branch(other[1:]))]
        if len(longer) == 1:
            union.join(key, longer[0])


def _local_branch(rest: list[str]) -> bool:
    """'Inria' and 'Inria Sophia Antipolis Méditerranée': a name followed by a place is its local branch."""
    from sudia.observatoire.candidates import is_place_like

    return any(is_place_like(" ".join(rest[:size])) for size in range(1, min(len(rest), 3) + 1)
               if rest[0][:1].isupper())


_EVENT_WORDS = {"sommet", "summit", "salon", "forum", "festival", "rencontres", "congres", "conference"}
_ROLE_FREE = {"de", "du", "des", "d", "l", "la", "le", "les", "et", "en", "of", "the", "&"}


def _words(name: str) -> list[str]:
    return [w for w in re.split(r"[\s'’-]+", fold_keep_length(name)) if w and w not in _ROLE_FREE]


def _same_words(by_key: dict[str, list[Mention]], union: _Union) -> None:
    """One organisation written three ways: the same words in another order ('Université d'Aix-Marseille',
    'Aix-Marseille Université'), an event's kind word in French or English ('Sommet X', 'X Summit'), the
    rest of a name spelt as its initials ('Métropole AMP', 'Métropole Aix-Marseille-Provence')."""
    signatures: dict[tuple[str, ...], str] = {}
    for key, ms in by_key.items():
        words = _words(ms[0].name)
        if len(words) < 2 or any(w.isdigit() or re.search(r"\d", w) for w in words):
            continue  # numbered sites stay apart
        bag = [w for w in words if w not in _EVENT_WORDS] if set(words) & _EVENT_WORDS else words
        signature = (("event",) if len(bag) < len(words) else ()) + tuple(sorted(bag))
        if len(bag) >= 1 and signature in signatures:
            union.join(key, signatures[signature])
        else:
            signatures.setdefault(signature, key)
    names = {k: ms[0].name for k, ms in by_key.items()}
    for key, name in names.items():
        tail = re.match(r"(\S+)\s+([A-Z]{2,6})$", name)
        if not tail:
            continue
        for other_key, other in names.items():
            rest = re.match(rf"{re.escape(tail.group(1))}\s+(.+)$", other)
            if other_key != key and rest and initials(rest.group(1)) == tail.group(2):
                union.join(key, other_key)
