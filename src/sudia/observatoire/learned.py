"""The learned choice of a figure's actor and of a person's organisation (#9).

Two logistic regressions over the pair features of `pair_features` score each candidate; the best one
is kept, and a figure whose best candidate scores under the fitted threshold is dropped (abstention:
a figure on the wrong actor costs more than a missing one). Weights, standardisation and threshold
come from `data/attribution_model.json`, written by

    PYTHONPATH=src python bench/observatoire_attribution_fit.py --cache /work/realtext/observatoire --write

(the shipped file: fitted on dev … heldout5; leave-one-set-out figures in bench/RESULTS.md §14.1 attrib9
and §15 attrib10). The file is read once per process. `SUDIA_OBS_ATTRIBUTION=facts` (the default, see
`DEFAULT_MODE`) uses the figures' model only, `=learned` both models, `rules` (or a missing file) the
hand rules alone.

Under `facts` the model does not overrule the rules where they are structurally sure (`facts.HYBRID`,
bench/RESULTS.md §15 attrib10): a pick by a structural rule (parenthesis, relative clause, subject of the
governing verb…) with confidence 0.7 or more stands, a structural "no actor" ("on", "nous", an agent that is
no actor) stands, and the model chooses among the candidates the structure allows.

`TRACE`, when a bench sets it to a list, receives every candidate row the extractor scores (the fit
script labels them against the labels files); it is None in the product.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from sudia.observatoire.pair_features import FACT_FEATURES, PERSON_FEATURES

MODEL_PATH = Path(__file__).parent / "data" / "attribution_model.json"
TRACE: list[dict[str, Any]] | None = None
DOCUMENT = [""]  # the document being extracted, for TRACE rows


@dataclass(frozen=True)
class Logistic:
    names: tuple[str, ...]
    mean: tuple[float, ...]
    scale: tuple[float, ...]
    weights: tuple[float, ...]
    bias: float
    threshold: float = 0.0

    def probability(self, row: list[float]) -> float:
        z = self.bias + sum(w * (x - m) / s for w, x, m, s in zip(self.weights, row, self.mean, self.scale, strict=True))
        return 1.0 / (1.0 + math.exp(-max(min(z, 40.0), -40.0)))

    def best(self, candidates: list[str], rows: list[list[float]]) -> tuple[str, float]:
        scored = [(self.probability(r), c) for c, r in zip(candidates, rows, strict=True)]
        p, name = max(scored, key=lambda pc: pc[0]) if scored else (0.0, "")
        return name, p

    @classmethod
    def from_dict(cls, data: dict[str, Any], expected: tuple[str, ...]) -> Logistic:
        if tuple(data["names"]) != expected:
            raise ValueError("the model's features are not this code's: refit it")
        return cls(tuple(data["names"]), tuple(data["mean"]), tuple(data["scale"]), tuple(data["weights"]),
                   float(data["bias"]), float(data.get("threshold", 0.0)))


@dataclass(frozen=True)
class Models:
    facts: Logistic | None
    people: Logistic | None


# The default of SUDIA_OBS_ATTRIBUTION: the figures' model, chosen by the rule written before held-out 7's
# first run (bench/RESULTS.md §15): it raised figures' recall on held-outs 5, 6 and 7 and their right
# actor on 5 and 7. People keep the rules (their model did not carry over).
DEFAULT_MODE = "facts"


@lru_cache(maxsize=4)
def load_models(path: str = "", mode: str = DEFAULT_MODE) -> Models:
    """The fitted models, read once per (path, mode); none when rules are asked for or the file is missing.
    `mode` is the `SUDIA_OBS_ATTRIBUTION` setting ("rules", "facts", "learned"), read at the edge."""
    file = Path(path) if path else MODEL_PATH
    if mode not in ("learned", "facts") or not file.is_file():
        return Models(None, None)
    data = json.loads(file.read_text("utf-8"))
    facts = Logistic.from_dict(data["facts"], FACT_FEATURES) if data.get("facts") else None
    people = Logistic.from_dict(data["people"], PERSON_FEATURES) if data.get("people") and mode == "learned" else None
    return Models(facts, people)


# What the extractor uses: set by `use` (the fit script swaps in a fold's models), else the shipped file.
_ACTIVE: list[Models | None] = [None]


def active() -> Models:
    return _ACTIVE[0] if _ACTIVE[0] is not None else load_models()


def use(models: Models | None) -> None:
    _ACTIVE[0] = models


def trace(kind: str, candidates: list[str], rows: list[list[float]], **info: Any) -> None:
    if TRACE is not None:
        TRACE.append({"kind": kind, "document": DOCUMENT[0], "candidates": list(candidates), "rows": rows, **info})
