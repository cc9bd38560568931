"""Contact details and requests in an answer: never relayed from a planted instruction.

An injected document does not need the model to obey blunt orders: a polite note « aux outils de
rédaction » asking readers to send their bank details to an address, or to call a premium-rate
number, is enough if an answer repeats it. So an answer (generated or quoted) may give an e-mail,
a phone number, a link or an IBAN only when that detail comes from a passage that was not flagged
as suspicious, from a sentence of it that gives no order to an AI, and when it is relevant: the
question asks how to reach or apply, or the sentence carrying the detail is about the question's
subject. Premium-rate numbers and requests for bank details, passwords or payment sent to a
contact are never relayed.
"""

from __future__ import annotations

import re
from dataclasses import replace

from sudia.answer.citations import passage_sentences
from sudia.answer.facts import contacts
from sudia.safety.injection import gives_orders, is_suspicious
from sudia.text.french import analyze, fold
from sudia.types import Hit

# Numbers that bill the caller (08 9x) or are not meant to be published (short SMS numbers).
_PREMIUM = re.compile(r"^08[9]\d{7}$")
# Asking the reader for bank details, secrets or money: the purpose of phishing text.
_SENSITIVE = re.compile(
    r"coordonnees bancaires|\brib\b|\biban\b|numero de (?:votre )?carte|carte bancaire|cryptogramme|code (?:secret|confidentiel|pin)"
    r"|mot de passe|identifiants? de connexion|frais de (?:dossier|traitement|gestion)|paiement|virement|versement prealable"
    r"|bank details|password|credit card|wire transfer")
_ASK = re.compile(
    r"\b(?:envoye[rz]|envoi|transmet|transmettez|communique[rz]|adresse[rz]|fourni[rs]|fournissez|indique[rz]|saisisse[zn]|"
    r"saisir|confirme[rz]|verse[rz]|regle[rz]|paye[rz]|payer|regler|virer|send|provide|confirm|pay)\b")
# A sentence addressed to AI tools rather than to readers (« note aux assistants virtuels »,
# « mention destinée aux outils de rédaction ») is never a trusted source of contact details, even
# when the injection filter let it through. Tools are recognised by a qualifier only an AI tool has
# (« de rédaction », « conversationnels », « d'IA »), or by an address to them (« Note aux … »,
# « … pour les assistants : »); the bare words of ordinary administrative French are not enough:
# « outils numériques », « intelligence artificielle », « programme numérique », « une prime versée
# aux agents », « chaque réponse est envoyée sous 15 jours » made whole sentences untrusted, so that
# they could vouch for no generated sentence and were cut from the closest passages shown.
_AI_TOOL = r"(?:outils?|assistants?|agents?|systemes?|modeles?|robots?|programmes?|ia|intelligences?)"
# Who a note may be addressed to: not « agents » nor « systèmes » (« Note aux agents » is an HR genre).
_ADDRESSEE = r"(?:assistants?|outils?|ia|robots?|modeles?|intelligences?\s+artificielles?|ai)"
_TO_AI = re.compile(
    rf"\b{_AI_TOOL}\s+(?:de\s+(?:redaction|reponse|synthese|langage|resume)|conversationnels?|virtuels?"
    r"|d['’ ]\s*ia\b)|\bai\s+(?:assistants?|tools?|models?)|\blanguage\s+models?"
    r"|\bmodele\s+de\s+langage|\bsystem\s*:|\bsysteme\s*:"
    rf"|\b(?:notes?|mentions?|avis|precisions?|messages?|consignes?|informations?|instructions?|rappels?)\b[^.:]{{0,40}}?"
    rf"\b(?:aux|pour\s+les|a\s+l['’]\s*attention\s+des|destinee?s?\s+aux?)\s+{_ADDRESSEE}\b"
    rf"|\b(?:aux|pour\s+les|a\s+l['’]\s*attention\s+des)\s+{_ADDRESSEE}\s*[:,]"
    r"|\b(?:toute|chaque)\s+(?:synthese|resume)s?\b|\b(?:a|dans)\s+(?:toute|chaque)\s+reponse\b"
    r"|\bconsignes?\s+(?:editoriales?|de\s+redaction)")
# Questions that ask for a way to reach or to apply: a contact detail is then the answer.
_REACH = frozenset(analyze("contact contacter joindre téléphone numéro appeler adresse courriel mail e-mail site lien "
                           "internet en ligne écrire formulaire démarche demande demander inscrire inscription "
                           "candidater déposer dossier où comment plateforme portail service guichet rib iban"))


def solicits(text: str) -> bool:
    """Asks the reader for bank details, secrets or money."""
    folded = fold(text)
    return bool(_SENSITIVE.search(folded) and (_ASK.search(folded) or contacts(text)["email"]))


def untrusted_sentence(sentence: str) -> bool:
    """A sentence whose contact details must never be relayed: an order to an AI, words addressed to
    AI tools, a request for sensitive data or payment, or a premium-rate number."""
    return (gives_orders(sentence) or bool(_TO_AI.search(fold(sentence))) or solicits(sentence)
            or any(_PREMIUM.match(p) for p in contacts(sentence)["phone"]))


def trusted_text(text: str) -> str:
    """A passage without its untrusted sentences: what may vouch for a generated sentence."""
    for sentence in passage_sentences(text):
        if untrusted_sentence(sentence):
            text = text.replace(sentence, " ")
    return text


def without_relays(hits: list[Hit]) -> list[Hit]:
    """The passages without their untrusted sentences that carry contact details, for quoting.

    Each kept sentence stays an exact substring of its passage, so citations still point at it.
    """
    out = []
    for hit in hits:
        text = hit.chunk.text
        for sentence in passage_sentences(text):
            if _details(sentence) and untrusted_sentence(sentence):
                text = text.replace(sentence, " ")
        out.append(hit if text == hit.chunk.text else replace(hit, chunk=replace(hit.chunk, text=text)))
    return out


def _details(text: str) -> set[tuple[str, str]]:
    return {(kind, item) for kind, found in contacts(text).items() for item in found}


class ContactCheck:
    """Where each contact detail of the passages comes from, and whether an answer may give it."""

    def __init__(self, question: str, hits: list[Hit]) -> None:
        self.question_terms = set(analyze(question))
        self.asks_contact = bool(self.question_terms & _REACH)
        self.from_question = _details(question)
        # detail -> (relevant?, trusted?) over every sentence of every passage that holds it
        self.origin: dict[tuple[str, str], tuple[bool, bool]] = {}
        for hit in hits:
            flagged = is_suspicious(hit.chunk.text)
            heading = set(analyze(f"{hit.chunk.document_title} {hit.chunk.section}"))
            for sentence in passage_sentences(hit.chunk.text):
                found = _details(sentence)
                if not found:
                    continue
                trusted = not flagged and not untrusted_sentence(sentence)
                relevant = self.asks_contact or bool(self.question_terms & (set(analyze(sentence)) | heading))
                for detail in found:
                    was = self.origin.get(detail, (False, False))
                    self.origin[detail] = (was[0] or (relevant and trusted), was[1] or trusted)

    def problem(self, text: str) -> str | None:
        """Why an answer must not be shown because of a contact detail or a request, or None."""
        for sentence in re.split(r"(?<=[.!?])\s+|\n+", text):
            if _details(sentence) and solicits(sentence):
                return "elle demandait d'envoyer des données sensibles ou un paiement"
        for kind, item in sorted(_details(text)):
            if (kind, item) in self.from_question:
                continue
            if kind == "phone" and _PREMIUM.match(item):
                return f"elle donnait un numéro surtaxé ({item})"
            relevant, trusted = self.origin.get((kind, item), (False, False))
            if not trusted:
                return f"elle donnait un contact venu d'un passage suspect ou absent des passages ({item})"
            if not relevant:
                return f"elle donnait un contact sans rapport avec la question ({item})"
        return None
