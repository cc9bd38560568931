"""Finding 13: the instruction filter on 103 orders (French and English paraphrases, look-alike and
fullwidth letters, zero-width spaces...) and 35 ordinary sentences that resemble them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from sudia.safety.injection import NEUTRALISED, detect_injection, is_suspicious, sanitize_passage

CORPUS = Path(__file__).parents[1] / "samples" / "injection" / "injections.jsonl"
ROWS = [json.loads(line) for line in CORPUS.read_text(encoding="utf-8").splitlines()]
DEV = [r for r in ROWS if r["split"] == "dev"]
HELDOUT_FIRST_RUN = 22  # orders flagged among the 25 held out, at the first run after tuning on dev


def test_the_corpus_has_sixty_orders_in_french_and_english() -> None:
    orders = [r for r in ROWS if r["flag"]]
    assert len(orders) >= 60 and {r["language"] for r in orders} == {"fr", "en"}
    assert {"paraphrase", "lookalike", "fullwidth", "zero_width"} <= {r["technique"] for r in orders}


@pytest.mark.parametrize("row", DEV, ids=[r["id"] for r in DEV])
def test_dev_orders_are_flagged_and_ordinary_text_is_not(row: dict) -> None:
    assert is_suspicious(row["text"]) is row["flag"], row["text"]


@pytest.mark.parametrize("row", [r for r in DEV if r["flag"]], ids=[r["id"] for r in DEV if r["flag"]])
def test_flagged_orders_are_neutralised_before_a_model_reads_them(row: dict) -> None:
    passage = f"Le montant de l'aide est de 600 euros.\n{row['text']}\nLa demande se fait en ligne."
    cleaned = sanitize_passage(passage)
    assert [f for f in detect_injection(cleaned) if f.kind != "fake_citation"] == [], cleaned
    assert "600 euros" in cleaned and "La demande se fait en ligne." in cleaned
    assert NEUTRALISED in cleaned or row["technique"] in ("zero_width", "exfiltration", "role_marker", "framing")


def test_held_out_orders_do_not_regress_below_the_first_run() -> None:
    held = [r for r in ROWS if r["split"] == "heldout"]
    flagged = sum(1 for r in held if r["flag"] and is_suspicious(r["text"]))
    false_alarms = [r["text"] for r in held if not r["flag"] and is_suspicious(r["text"])]
    assert flagged >= HELDOUT_FIRST_RUN and false_alarms == []
