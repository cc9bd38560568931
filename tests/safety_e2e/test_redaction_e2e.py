"""With `redact_pii`, no personal data leaves for the LLM, and the agent reads the real values.

A real document with a person's file (name, e-mail, mobile number, IBAN and social security
number, both with valid check digits) is ingested; the scripted model answers with the
placeholders it received, as a real model does, whole and streamed (cut in pieces of 5 characters,
so placeholders arrive in two halves).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace

import pytest

from sudia.platform import Platform
from sudia.settings import Settings
from sudia.types import Answer
from sudia.usecases.assistant import Assistant

NAME = "Claire Fontaine"
EMAIL = "claire.fontaine@example.fr"
PHONE = "06 12 34 56 78"
IBAN = "FR76 3000 6000 0112 3456 7890 189"
NIR = "2 85 07 13 055 012 42"
DOCUMENT = f"""# Dossier d'aide à la mobilité de Mme {NAME}

Mme {NAME} a déposé une demande d'aide à la mobilité internationale le 3 mars.
Elle peut être jointe au {PHONE} ou par courriel à {EMAIL}.
L'aide sera versée sur le compte {IBAN} après vérification du numéro de sécurité sociale {NIR}.
"""
QUESTION = f"Sur quel compte sera versée l'aide à la mobilité de Mme {NAME} ?"
SECRETS = [NAME, "Fontaine", EMAIL, PHONE, "0612345678", IBAN, IBAN.replace(" ", ""), NIR, NIR.replace(" ", "")]


@pytest.fixture(scope="module")
def redacting(tmp_path_factory, fake_llm) -> Iterator[Platform]:
    folder = tmp_path_factory.mktemp("pii")
    source = folder / "dossier-fontaine.md"
    source.write_text(DOCUMENT, encoding="utf-8")
    platform = Platform.from_settings(Settings(data_dir=folder / "data", demo=False, llm_base_url=fake_llm.url,
                                               llm_model=fake_llm.model, redact_pii=True))
    assert platform.ingestor.ingest_file("dossiers", source).status == "added"
    yield platform
    platform.close()


def placeholders(fake_llm) -> dict[str, str]:
    """Which placeholder stood for which value in the last request (the redactor numbers them itself)."""
    user = fake_llm.requests[-1]["messages"][1]["content"]
    found = {kind: re.search(rf"\[{kind}_\d+\]", user) for kind in ("PERSONNE", "EMAIL", "TELEPHONE", "IBAN", "NIR")}
    assert all(found.values()), user
    return {kind: match.group(0) for kind, match in found.items()}


def without_title(text: str) -> str:
    return text.replace(f"Mme {NAME}", NAME)


def assert_nothing_personal_left(fake_llm) -> None:
    assert fake_llm.requests
    for request in fake_llm.requests:
        sent = "\n".join(m["content"] for m in request["messages"])
        for secret in SECRETS:
            assert secret not in sent, secret


def test_the_model_receives_placeholders_and_the_agent_real_values(redacting, fake_llm):
    fake_llm.script("Réponse de test [1].")
    redacting.assistant.ask(QUESTION, ["dossiers"])  # first pass: learn the placeholders of this text
    p = placeholders(fake_llm)
    # Each sentence carries facts that one sentence of the passage states (the guard's local support,
    # answer.locality: a phone number and a NIR from two passage sentences joined in one are refused).
    reply = (f"L'aide de {p['PERSONNE']} sera versée sur le compte {p['IBAN']} [1]. Contact : {p['TELEPHONE']} "
             f"ou {p['EMAIL']} [1]. Numéro de sécurité sociale : {p['NIR']} [1].")
    fake_llm.script(reply)
    answer = redacting.assistant.ask(QUESTION, ["dossiers"])
    assert_nothing_personal_left(fake_llm)
    assert answer.mode == "generative", answer.notice
    # (the scripted model names the NIR as the document does: an acronym no passage holds would be removed)
    # spaCy may take the civility title into the name: "[PERSONNE_1]" then stands for "Mme Claire Fontaine".
    assert without_title(answer.text) == (f"L'aide de {NAME} sera versée sur le compte {IBAN} [1]. Contact : {PHONE} "
                           f"ou {EMAIL} [1]. Numéro de sécurité sociale : {NIR} [1].")
    assert IBAN in answer.citations[0].quote  # quotes are chosen from the restored text, in our passage


def test_streamed_answers_are_restored_too(redacting, fake_llm):
    fake_llm.script("Réponse de test [1].")
    redacting.assistant.ask(QUESTION, ["dossiers"])
    p = placeholders(fake_llm)
    fake_llm.script(f"Le compte de {p['PERSONNE']} est le {p['IBAN']} [1]. Écrire à {p['EMAIL']} [1].")
    items = list(redacting.assistant.ask_stream(QUESTION, ["dossiers"]))
    assert_nothing_personal_left(fake_llm)
    answer, shown = items[-1], "".join(items[:-1])
    assert isinstance(answer, Answer) and answer.mode == "generative"
    expected = f"Le compte de {NAME} est le {IBAN} [1]. Écrire à {EMAIL} [1]."
    assert shown == answer.text and without_title(shown) == expected
    assert not re.search(r"\[(PERSONNE|EMAIL|IBAN)_", shown)


def test_without_the_option_the_text_leaves_as_is(redacting, fake_llm):
    a = redacting.assistant
    plain = Assistant(a.store, a.retriever, a.llm, a.energy, a.gate, replace(a.options, redact_pii=False))
    fake_llm.script("Réponse de test [1].")
    plain.ask(QUESTION, ["dossiers"])
    assert IBAN in fake_llm.requests[-1]["messages"][1]["content"]
