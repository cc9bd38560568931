"""Reversible redaction: what leaves for the external LLM has no personal data; the agent sees it all."""

from __future__ import annotations

from sudia.safety.pii import find_pii
from sudia.safety.redaction import Redactor

QUESTION = "Mme Durand (claire.durand@example.fr) demande si son IBAN FR76 3000 6000 0112 3456 7890 189 est enregistré."
PASSAGE = "Le dossier de Mme Durand est suivi par le service ; contact : 04 91 57 50 57 ou claire.durand@example.fr."


def test_round_trip_and_shared_placeholders() -> None:
    redactor = Redactor()
    question, passage = redactor.redact(QUESTION), redactor.redact(PASSAGE)
    assert question == "Mme [PERSONNE_1] ([EMAIL_1]) demande si son IBAN [IBAN_1] est enregistré."
    assert passage == "Le dossier de Mme [PERSONNE_1] est suivi par le service ; contact : [TELEPHONE_1] ou [EMAIL_1]."
    assert find_pii(question) == [] and find_pii(passage) == []
    assert redactor.restore(question) == QUESTION and redactor.restore(passage) == PASSAGE


def test_same_number_written_differently_gets_one_placeholder() -> None:
    redactor = Redactor()
    assert redactor.redact("06 12 34 56 78 / +33 6 12 34 56 78 / 0612345678") == \
        "[TELEPHONE_1] / [TELEPHONE_1] / [TELEPHONE_1]"


def test_messages_keep_our_system_prompt() -> None:
    redactor = Redactor()
    messages = [{"role": "system", "content": "Consignes pour M. Système"},
                {"role": "user", "content": QUESTION}]
    sent = redactor.redact_messages(messages)
    assert sent[0] == messages[0] and "Durand" not in sent[1]["content"]
    assert messages[1]["content"] == QUESTION  # the caller's list is left untouched


def test_answer_restored_even_when_the_model_changes_case_or_spacing() -> None:
    redactor = Redactor()
    redactor.redact(QUESTION)
    answer = "Oui, l'IBAN de [Personne_1] est bien [ IBAN_1 ] ; [EMAIL_9] est inconnu [1]."
    assert redactor.restore(answer) == ("Oui, l'IBAN de Durand est bien FR76 3000 6000 0112 3456 7890 189 ; "
                                        "[EMAIL_9] est inconnu [1].")


def test_streamed_placeholders_split_across_deltas() -> None:
    redactor = Redactor()
    redactor.redact(QUESTION)
    stream = redactor.stream()
    deltas = ["Le dossier de [PER", "SONNE_1] est complet [1", "]. Écrire à [EMAIL", "_1]", " [2"]
    shown = "".join(stream.feed(d) for d in deltas) + stream.flush()
    assert shown == "Le dossier de Durand est complet [1]. Écrire à claire.durand@example.fr [2"


def test_names_found_by_a_name_finder_are_redacted() -> None:
    def finder(text: str) -> list[tuple[int, int]]:
        start = text.find("Claire Martin")
        return [(start, start + len("Claire Martin"))] if start >= 0 else []

    redactor = Redactor(names=finder)
    sent = redactor.redact("Claire Martin demande un rendez-vous ; claire martin rappellera.")
    assert sent == "[PERSONNE_1] demande un rendez-vous ; claire martin rappellera."
    assert redactor.restore("Rendez-vous fixé pour [PERSONNE_1].") == "Rendez-vous fixé pour Claire Martin."
