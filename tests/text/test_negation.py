"""Which words a French sentence negates."""

from __future__ import annotations

import pytest

from sudia.text.negation import HEAD, PLAIN, contradicts, polarity


@pytest.mark.parametrize("text, heads", [
    ("Les associations n'ont plus à déclarer leurs buvettes.", {"declar"}),
    ("Le transport n'est pas gratuit pour les externes.", {"gratuit"}),
    ("Les élèves ne paient pas la carte.", {"paient", "cart"}),
    ("Il n'est pas possible de cumuler les aides.", {"possibl", "cumul"}),
    ("Aide versée sans condition aux lycéens non boursiers.", {"condit", "boursi"}),
    ("Pas de frais de dossier.", {"frais"}),
    ("Il ne coûte que 10 euros.", set()),  # « ne … que » is « only »
    ("Non seulement gratuit, mais rapide.", set()),
    ("Non les fichiers n'ont plus à être déclarés.", {"declar"}),  # « Non » answers the question
])
def test_heads_of_negations(text, heads):
    assert {t for t, states in polarity(text).items() if HEAD in states} == heads


def test_a_head_against_a_plain_word_contradicts_a_scope_does_not():
    passage = polarity("Il n'est pas possible de cumuler cette aide avec le chèque.")
    assert contradicts(polarity("Vous pouvez cumuler cette aide avec le chèque."), [passage]) == "cumul"
    assert contradicts(polarity("Vous ne pouvez pas cumuler cette aide avec le chèque."), [passage]) is None
    assert polarity("Le chèque est versé.")["chequ"] == {PLAIN}
