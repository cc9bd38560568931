"""Follow-up questions made to stand alone, without a language model, by carrying the subject over.

« Et pour les moins de 15 ans ? » after « À quel âge peut-on avoir le Pass Jeunes Sud ? » cannot be
searched on its own. Three shapes of follow-up are recognised:

- a *fragment* (no question of its own: « Et pour les apprentis ? », « Qu'en est-il des
  étudiants ? », « Et si je suis apprenti ? », « Et le samedi ? ») is the previous question with this
  complement (a complement about who is concerned replaces the previous one);
- a *noun phrase naming another thing* (« Et le permis moto ? » after « Combien coûte le permis B ? »)
  is the previous question about that thing;
- a *question about the same subject* (« Qui peut en bénéficier ? », « Combien ça coûte ? »,
  « Et le montant ? », « Est-elle gratuite ? ») gets the previous question's subject added.

A question that names its own subject (« Quels sont les horaires d'Allo Région ? ») is left alone:
changing the subject is as common as following it. Rules only: they say why, and tests show each.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from sudia.text.french import STOPWORDS, analyze, fold, words

MAX_QUERY_CHARS = 600


@dataclass(frozen=True)
class Rewrite:
    query: str  # the question to search and answer
    kind: str  # "alone" (unchanged), "fragment" (previous question completed), "subject" (subject added), "llm"

    @property
    def rewritten(self) -> bool:
        return self.kind != "alone"


# Openings that tie a question to the previous one; the value is what they stand for.
_CONNECTORS = [
    (r"qu['’ ]?en est[- ]il(?: donc)?(?: pour)?", "pour"),
    (r"(?:et )?(?:même question|même chose|idem|pareil)(?: pour)?", "pour"),
    (r"(?:et )?(?:concernant|s'agissant d[eu]s?|quant aux?|côté|du côté d[eu]s?|dans le cas d[eu]s?|dans ce cas)",
     "pour"),
    (r"(?:et|mais|puis|sinon|alors|ensuite|aussi|d'accord|ok|merci)\b[,.]?(?: (?:et|mais|alors))?", ""),
]
_CONNECTOR = re.compile(r"^(?:" + "|".join(f"(?P<c{i}>{p})" for i, (p, _) in enumerate(_CONNECTORS)) + r")\s*,?\s*",
                        re.IGNORECASE)
# "Qu'en est-il des apprentis" stands for "pour les apprentis".
_PARTITIVE = [(re.compile(r"^des\b", re.I), "les"), (re.compile(r"^du\b", re.I), "le"),
              (re.compile(r"^de la\b", re.I), "la"), (re.compile(r"^de l['’]", re.I), "l'")]

_QUESTION_START = re.compile(
    r"^(?:qui|que|qu['’]|quoi|quel|quels|quelle|quelles|lequel|laquelle|lesquels|lesquelles|combien|comment|où|"
    r"ou est|quand|pourquoi|jusqu['’]à|jusqu['’]a|à partir de quand|depuis quand|dans quel|de quel|à quel|"
    r"pour quel|en quel|par quel|avec quel|est-ce|y a-t-il|y-a-t-il|peut-on|peut-il|peut-elle|faut-il|dois-je|"
    r"doit-on|puis-je|ai-je|a-t-on|existe-t-il|combien)\b", re.IGNORECASE)
# A verb put before its subject: « Est-elle gratuite », « Peut-on la renouveler », « Coûte-t-il ».
_INVERSION = re.compile(r"\b\w+-(?:t-)?(?:il|elle|ils|elles|on|je|nous|vous)\b", re.IGNORECASE)
_IMPERSONAL = re.compile(r"\b(?:faut-il|y a-t-il|y-a-t-il|s'agit-il|suffit-il|reste-t-il|existe-t-il)\b|"
                         r"\bil (?:faut|y a|existe|reste|suffit|s'agit)\b", re.IGNORECASE)
# Words that point back to the previous subject.
_ANAPHORA = re.compile(
    r"\b(?:ce dispositif|cette aide|ce pass|cette carte|cette prime|ce service|cette démarche|ce programme|"
    r"cette subvention|cette bourse|ce document|ce formulaire|celui-ci|celle-ci|ceux-ci|celles-ci|celui-là|"
    r"celle-là|cela|ça|ca)\b|"
    r"^(?:il|elle|ils|elles)\s|"
    r"\best-ce\s+(?!que\b|qu['’])|"
    r"\b(?:en|y)\s+(?:bénéficier|profiter|avoir|faire|obtenir|demander|disposer|droit|inscrire|accéder|aller)\b|"
    r"\b(?:peut-on|faut-il|dois-je|doit-on|puis-je|comment|où|quand|pour|afin de|va-t-on)\s+"
    r"(?:le|la|les|l['’]|en|y|lui|leur)\s*(?:\w+er|\w+ir|\w+re|obtenir)\b",
    re.IGNORECASE)
_ARTICLE = r"^(?:(?:les|le|la|une|un|des|du|aux|au)\s+|l['’]\s*)"
_VERBS = {"est", "sont", "etait", "etaient", "sera", "seront", "serait", "peut", "peuvent", "doit", "doivent", "faut"}
_PREPOSITIONS = {"pour", "en", "à", "a", "au", "aux", "dans", "avec", "sans", "sur", "chez", "depuis", "après",
                 "avant", "entre", "par", "si", "lorsque", "quand", "hors", "sauf", "selon", "vers"}
_DETERMINERS = {"le", "la", "les", "l", "un", "une", "des", "du", "au", "aux", "ce", "cet", "cette", "ces", "mon",
                "ma", "mes", "son", "sa", "ses", "leur", "leurs", "notre", "nos", "votre", "vos"}

# Words that ask about a subject without naming one (what is asked, not what it is about).
_GENERIC_WORDS = """
montant montants prix cout couts tarif tarifs date dates delai delais duree durees condition conditions critere
criteres plafond plafonds age ages justificatif justificatifs piece pieces document documents papiers demarche
demarches dossier dossiers contact contacts adresse adresses horaire horaires telephone numero courriel email mail
formulaire formulaires beneficiaire beneficiaires modalite modalites procedure procedures etape etapes limite limites
fin debut ouverture fermeture echeance calendrier valable valide validite gratuit gratuite gratuits payant payante
cumulable cumulables possible obligatoire remboursable renouvelable disponible accessible versement versements
paiement paiements reponse reponses combien information informations detail details liste exemple exemples
avoir faire demander demande obtenir beneficier payer couter coute commander remplir envoyer deposer fournir
renouveler contacter inscrire trouver aller falloir pouvoir devoir recevoir verser durer prendre savoir etre existe
peut peuvent doit doivent faut dure coutent verse verses recu recus quelqu quoi ou comment pourquoi quel quelle
quels quelles lequel laquelle qui que quand jusqu partir depuis moment temps chose choses cas meme aussi donc oui non
"""
# Who a complement is about: two such complements are alternatives (one replaces the other).
_AUDIENCE_WORDS = """
ans an age ages mineur mineurs majeur majeurs jeune jeunes enfant enfants eleve eleves lyceen lyceens lyceenne
lyceennes etudiant etudiants etudiante etudiantes apprenti apprentis apprentie apprenties salarie salaries parent
parents famille familles retraite retraites demandeur demandeurs chomeur chomeurs association associations entreprise
entreprises commune communes particulier particuliers agent agents personne personnes handicap boursier boursiers
moins plus
"""

# When a complement is about time, it completes the question (« Et le samedi ? »), it is not a new subject.
_TIME_WORDS = """
lundi mardi mercredi jeudi vendredi samedi dimanche week end weekend matin soir midi nuit jour jours ferie feries
semaine mois annee an trimestre vacances ete hiver printemps automne rentree janvier fevrier mars avril mai juin
juillet aout septembre octobre novembre decembre prochain prochaine dernier derniere
"""


@lru_cache(maxsize=1)
def _generic() -> frozenset[str]:
    return frozenset(analyze(_GENERIC_WORDS)) | frozenset(words(_GENERIC_WORDS))


@lru_cache(maxsize=1)
def _time() -> frozenset[str]:
    return frozenset(words(_TIME_WORDS))


@lru_cache(maxsize=1)
def _audience() -> frozenset[str]:
    return frozenset(words(_AUDIENCE_WORDS))


def standalone(question: str, previous: Sequence[str]) -> Rewrite:
    """`question` made to stand alone; `previous`: the earlier standalone questions, oldest first."""
    question = " ".join(question.split())
    if not previous or not question:
        return Rewrite(question, "alone")
    last = " ".join(previous[-1].split())
    rest, connector, bridge = _strip_connector(question)
    if not rest:
        return Rewrite(question, "alone")
    asks = _is_question(rest)
    anaphoric = bool(_ANAPHORA.search(rest)) and not _only_impersonal(rest)
    own_words = _content(rest)
    if anaphoric or not own_words:  # « Qui peut en bénéficier ? », « Et le montant ? »: the same subject
        return Rewrite(_with_subject(rest, last), "subject")
    if asks:  # a question with its own subject
        return Rewrite(_capital(rest) if connector else question, "alone")
    first = _bare(rest.split()[0])
    if connector or bridge or first in _PREPOSITIONS or len(words(rest)) <= 5:
        if not bridge and _names_a_thing(rest):  # « Et le permis moto ? »: the same question, another subject
            replaced = _with_other_subject(last, rest)
            if replaced:
                return Rewrite(replaced, "fragment")
        if first not in _PREPOSITIONS and (bridge or _about_audience(rest)):
            rest = f"{bridge or 'pour'} {rest[:1].lower()}{rest[1:]}"  # « Les apprentis ? » -> « pour les apprentis »
        return Rewrite(_with_complement(last, rest), "fragment")
    return Rewrite(question, "alone")


def _strip_connector(question: str) -> tuple[str, bool, str]:
    """The question without its opening « Et », « Qu'en est-il », ...; whether it had one; what it stands for."""
    rest, connector, bridge = question.strip(), False, ""
    for _ in range(2):  # « Et, qu'en est-il des ... »
        match = _CONNECTOR.match(rest)
        if not match or not match.group(0).strip():
            break
        connector = True
        for i, (_, stands_for) in enumerate(_CONNECTORS):
            if match.group(f"c{i}") and stands_for:
                bridge = stands_for
        rest = rest[match.end():].strip()
    if bridge:
        for pattern, article in _PARTITIVE:
            if pattern.match(rest):
                rest = pattern.sub(article, rest, count=1).replace("l' ", "l'")
                break
    return rest.strip(" ,;:"), connector, bridge


def _is_question(text: str) -> bool:
    return bool(_QUESTION_START.match(text)) or bool(_INVERSION.search(text)) or (
        bool(re.search(r"\b(?:qui|quoi|combien|comment|où|quand|pourquoi|quel(?:le)?s?)\b", text, re.I))
        and not text.lower().startswith(tuple(_PREPOSITIONS)))


def _only_impersonal(text: str) -> bool:
    """« Faut-il un justificatif » has a pronoun that points to nothing."""
    without = _IMPERSONAL.sub(" ", text)
    return not _ANAPHORA.search(without)


def _content(text: str) -> list[str]:
    """The words that name what the question is about (not what is asked about it)."""
    generic = _generic()
    return [w for w in words(text) if w not in STOPWORDS and w not in generic
            and (analyze(w) or [w])[0] not in generic and (len(w) > 1 or w.isdigit())]


def subject_of(question: str) -> str:
    """What a question is about: its first noun phrase, without what is asked about it.

    « Quel est le montant de l'aide au permis de conduire ? » -> « aide au permis de conduire ».
    """
    text = question.strip().rstrip("?!. ").strip()
    added = re.search(r"\(([^()]+)\)", text)  # a subject added earlier: « Qui peut en bénéficier (Pass Jeunes Sud) »
    if added:  # ... with what was said after it: « (Pass Jeunes Sud) pour les apprentis »
        return " ".join(f"{added.group(1)} {text[added.end():]}".split())
    tokens = re.findall(r"[\w’'-]+|[^\w\s]", text)
    start = next((i for i, t in enumerate(tokens) if _bare(t) in _DETERMINERS or re.match(r"^[ld]['’]", t, re.I)), None)
    if len(tokens) > 1 and _bare(tokens[0]) in {"quel", "quelle", "quels", "quelles"} and _bare(tokens[1]) not in _VERBS:
        start = 1  # « Quelle aide pour un vélo » is about « aide pour un vélo »
    if start is None:
        kept = [t for t in tokens if fold(t) not in STOPWORDS and not _QUESTION_START.match(t)]
        return " ".join(kept).strip()
    phrase = _join(tokens[start:])
    # « le montant de l'aide » -> « l'aide »: drop a head noun that only says what is asked.
    generic = _generic()
    for _ in range(3):
        match = re.match(_ARTICLE + r"([\w-]+)\s+(?:de la\s+|de l['’]|du\s+|des\s+|de\s+|d['’])(.+)$", phrase,
                         re.IGNORECASE)
        if not match or fold(match.group(1)) not in generic and (analyze(match.group(1)) or [""])[0] not in generic:
            break
        phrase = match.group(2)
    return re.sub(_ARTICLE, "", phrase, flags=re.IGNORECASE).strip()


def _with_subject(question: str, previous: str) -> str:
    subject = subject_of(previous)
    core = question.strip().rstrip("?!. ").strip()
    if not subject or fold(subject) in fold(core):
        return _clip(f"{_capital(core)} ?")
    return _clip(f"{_capital(core)} ({subject}) ?")


def _with_complement(previous: str, complement: str) -> str:
    core = previous.strip().rstrip("?!. ").strip()
    complement = complement.strip().rstrip("?!. ").strip()
    first = _bare(complement.split()[0]) if complement.split() else ""
    if first in _PREPOSITIONS | _DETERMINERS:
        complement = complement[:1].lower() + complement[1:]  # « Les apprentis » goes inside the sentence
    if first in _PREPOSITIONS:
        # A complement about who is concerned replaces the previous one (« pour les lycéens » -> « pour les apprentis »).
        match = list(re.finditer(rf"\s{re.escape(complement.split()[0])}\s", core, re.IGNORECASE))
        if match and _about_audience(core[match[-1].end():]) and _about_audience(complement):
            core = core[:match[-1].start()]
    return _clip(f"{core} {complement} ?")


def _names_a_thing(text: str) -> bool:
    """A noun phrase (« la bourse au mérite ») whose head is neither who is concerned nor when."""
    match = re.match(r"^(?:(?:les|le|la|une|un|des|du|aux|au|ce|cet|cette|ces)\s+|[ld]['’]\s*)([\w-]+)", text.strip(),
                     re.IGNORECASE)
    if not match:
        return False
    head = fold(match.group(1))
    return head not in _audience() and not any(w in _time() for w in words(text))


def _with_other_subject(previous: str, phrase: str) -> str:
    """The previous question about `phrase` instead of its subject; "" when its subject cannot be found."""
    subject = subject_of(previous)
    core = previous.strip().rstrip("?!. ").strip()
    match = re.search(r"(?:\b(les|le|la|une|un|des|du|aux|au)\s+|\b([ld])['’]\s*)?" + re.escape(subject), core) \
        if subject else None
    if not match:
        return ""
    phrase = phrase.strip().rstrip("?!. ").strip()
    phrase = phrase[:1].lower() + phrase[1:]
    article = (match.group(1) or match.group(2) or "").lower()
    if article in ("du", "des", "d"):  # « le prix du Pass » -> « le prix de la carte »
        phrase = _contracted("de", phrase)
    elif article in ("au", "aux"):
        phrase = _contracted("à", phrase)
    return _clip(f"{core[:match.start()]}{phrase}{core[match.end():]} ?")


def _contracted(preposition: str, phrase: str) -> str:
    """« de » + « le permis » -> « du permis », « à » + « les jeunes » -> « aux jeunes »."""
    forms = {"de": ("du", "des"), "à": ("au", "aux")}[preposition]
    if re.match(r"^le\s", phrase, re.IGNORECASE):
        return f"{forms[0]} {phrase[3:]}"
    if re.match(r"^les\s", phrase, re.IGNORECASE):
        return f"{forms[1]} {phrase[4:]}"
    return f"{preposition} {phrase}"


def _about_audience(text: str) -> bool:
    return any(w in _audience() for w in words(text))


def _bare(token: str) -> str:
    return fold(token).strip("'’")


def _join(tokens: list[str]) -> str:
    text = " ".join(tokens)
    return re.sub(r"\s+([,.;:!?)])", r"\1", re.sub(r"(['’])\s+", r"\1", text))


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _clip(text: str) -> str:
    return text if len(text) <= MAX_QUERY_CHARS else text[: MAX_QUERY_CHARS - 2].rstrip() + " ?"
