"""Fits the learned attribution of figures and people's organisations, and measures it leave-one-set-out (#9).

    PYTHONPATH=src python bench/observatoire_attribution_fit.py --cache /work/realtext/observatoire \
        [--write] [--json OUT.json]

1. Runs the extractor with the hand rules on every spent labels set (dev, heldout … heldout6), with
   `learned.TRACE` on: every figure's and person's candidates with their pair features.
2. Labels each candidate against the labels files (the figure's type and value are labelled and the
   candidate is one of its actors; the person is labelled and the candidate is an accepted organisation,
   "" when none should be given), prints where recall is lost (diagnosis).
3. Leave-one-set-out: for each set, fits both logistic regressions on the five others (numpy, L2,
   standardised features), picks the abstention threshold by an inner leave-one-set-out on those five,
   re-runs the extractor with those models on the held set and scores it as `sudia eval extraction`
   does, beside the rules' figures on the same set. Prints the table and the pooled threshold curve.
4. With --write, fits on all sets and writes src/sudia/observatoire/data/attribution_model.json.
spaCy parses each text once (cached in memory); the runs after the first only redo the rules.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any, Callable

import numpy as np

from sudia.observatoire import learned
from sudia.observatoire.evaluation import EvalReport, load_labels, score_contradictions, score_document
from sudia.observatoire.extractor import Extractor
from sudia.observatoire.learned import MODEL_PATH, Logistic, Models
from sudia.observatoire.merge import merge_extractions
from sudia.observatoire.names import same_name
from sudia.observatoire.nlp import load_french
from sudia.observatoire.pair_features import FACT_FEATURES, PERSON_FEATURES

SETS = ("dev", "heldout", "heldout2", "heldout3", "heldout4", "heldout5", "heldout6")
LABELS = Path(__file__).resolve().parent / "observatoire"
L2 = 3.0  # from the leave-one-set-out runs of 0.3, 1, 3, 10, 30 (bench/RESULTS.md §14)
THRESHOLDS = [round(0.05 * i, 2) for i in range(0, 17)]


class CachedNlp:
    """The French pipeline, each text parsed once per process (the runs differ only after the parse)."""

    def __init__(self) -> None:
        self.nlp = load_french()
        self.pipe_names = self.nlp.pipe_names
        self.cache: dict[str, Any] = {}

    def pipe(self, texts):
        texts = list(texts)
        new = [t for t in dict.fromkeys(texts) if t not in self.cache]
        for t, d in zip(new, self.nlp.pipe(new), strict=True):
            self.cache[t] = d
        return [self.cache[t] for t in texts]

    def __call__(self, text):
        return self.pipe([text])[0]


def _as_list(v):
    return v if isinstance(v, list) else [v]


def _close(a, b):
    return abs(a - b) <= 0.01 * max(abs(b), 1e-9)


def run_set(extractor: Extractor, cache: Path, name: str) -> tuple[EvalReport, list[dict], dict]:
    """Extracts and scores one set as `evaluate(skip_missing=True)` does; returns its trace and results."""
    data = load_labels(LABELS / f"labels_{name}.json")
    report, parts, results, trace = EvalReport(), [], {}, []
    learned.TRACE = trace
    try:
        for doc, label in data["documents"].items():
            path = cache / name / doc
            if not path.is_file():
                report.missing.append(doc)
                continue
            result = extractor.extract_file(path)
            parts.append(result)
            results[doc] = result
            score_document(doc, result, label, report)
    finally:
        learned.TRACE = None
    expected = [c for c in data.get("contradictions", []) if not set(c["documents"]) & set(report.missing)]
    score_contradictions(merge_extractions(parts, extractor.geography), expected, report)
    return report, trace, results


def label_rows(trace: list[dict], labels: dict, results: dict, set_name: str) -> list[dict]:
    """Each traced figure or person, with y (one per candidate) when its answer is labelled."""
    out = []
    for row in trace:
        label = labels["documents"][row["document"]]
        result = results[row["document"]]
        aliases = {a.name: [a.name, *a.aliases] for a in result.actors}
        actors = [[a["name"], *a.get("aliases", [])] for a in label.get("actors", [])]

        def label_names(n):
            return next((exp for exp in actors if any(same_name(x, y) for x in [n] for y in exp)), [n])

        def same(candidate, wanted):
            return any(same_name(a, b) for a in aliases.get(candidate, [candidate]) for b in label_names(wanted))

        item = {"set": set_name, **row}
        if row["kind"] == "fact":
            labelled = [f for f in label.get("facts", []) if row["type"] in _as_list(f["type"]) and _close(row["value"], f["value"])]
            optional = any(row["type"] in _as_list(o["type"]) and _close(row["value"], o["value"]) for o in label.get("optional_facts", []))
            item["labelled"] = bool(labelled)
            item["optional"] = optional and not labelled
            item["y"] = [int(any(same(c, w) for f in labelled for w in _as_list(f["actor"]))) for c in row["candidates"]]
        else:
            hit = next((p for p in label.get("people", []) if any(same_name(row["person"], n) for n in [p["name"], *p.get("aliases", [])])), None)
            item["labelled"] = hit is not None
            item["optional"] = False
            wanted = _as_list(hit.get("organisation", "")) if hit else []
            item["y"] = [int(any((not w and not c) or (w and c and same(c, w)) for w in wanted)) for c in row["candidates"]]
        out.append(item)
    return out


def fit(rows: list[dict], names: tuple[str, ...], negatives: bool) -> Logistic:
    """L2 logistic regression on standardised features, by Newton's method (each candidate a sample)."""
    use = [r for r in rows if r["labelled"] or (negatives and not r["optional"])]
    X = np.array([x for r in use for x in r["rows"]], dtype=float)
    y = np.array([v for r in use for v in r["y"]], dtype=float)
    mean, scale = X.mean(0), X.std(0)
    scale[scale < 1e-9] = 1.0
    Z = np.hstack([(X - mean) / scale, np.ones((len(X), 1))])
    w = np.zeros(Z.shape[1])
    penalty = np.full(Z.shape[1], L2)
    penalty[-1] = 0.0
    for _ in range(50):
        p = 1 / (1 + np.exp(-Z @ w))
        grad = Z.T @ (p - y) + penalty * w
        hess = (Z * (p * (1 - p))[:, None]).T @ Z + np.diag(penalty + 1e-9)
        step = np.linalg.solve(hess, grad)
        w -= step
        if np.abs(step).max() < 1e-8:
            break
    return Logistic(names, tuple(mean.tolist()), tuple(scale.tolist()), tuple(w[:-1].tolist()), float(w[-1]))


def rule_or_model(r: dict, model: Logistic | None, threshold: float) -> str:
    """The actor of one traced figure: the rules' pick (confidence ≥ 0.5) without a model, else the
    model's best candidate when it scores at least `threshold`; "" for none."""
    if model is None:
        return r["rule"] if r["rule"] and r["rule_confidence"] >= 0.5 else ""
    pick, p = model.best(r["candidates"], r["rows"])
    return pick if p >= threshold else ""


def simulate(rows: list[dict], model: Logistic | None, threshold: float,
             choose: Callable[[dict, Logistic | None, float], str] = rule_or_model) -> dict[str, int]:
    """Figures from the rows alone (no re-extraction): kept, on a labelled value, right; labelled facts.
    `choose` gives a figure's actor (the hybrid bench passes its policy's choice)."""
    kept = right = labelled_kept = 0
    for r in rows:
        if r["kind"] != "fact" or r["optional"]:
            continue
        pick = choose(r, model, threshold)
        if not pick:
            continue
        kept += 1
        if r["labelled"]:
            labelled_kept += 1
            right += r["y"][r["candidates"].index(pick)]
    return {"kept": kept, "on_labelled": labelled_kept, "right": right}


def f1(sim: dict[str, int], expected: int) -> float:
    p = sim["right"] / sim["kept"] if sim["kept"] else 0.0
    r = sim["right"] / expected if expected else 0.0
    return 2 * p * r / (p + r) if p + r else 0.0


def inner_threshold(rows: list[dict], sets: list[str], negatives: bool, expected: dict[str, int]) -> float:
    """The threshold that maximises the facts' F1 summed over an inner leave-one-set-out of `sets`."""
    totals = {t: {"kept": 0, "right": 0, "on_labelled": 0} for t in THRESHOLDS}
    for held in sets:
        model = fit([r for r in rows if r["set"] != held and r["kind"] == "fact"], FACT_FEATURES, negatives)
        test = [r for r in rows if r["set"] == held]
        for t in THRESHOLDS:
            for k, v in simulate(test, model, t).items():
                totals[t][k] += v
    n = sum(expected[s] for s in sets)
    return max(THRESHOLDS, key=lambda t: (round(f1(totals[t], n), 4), -t))


def people_right(rows: list[dict], model: Logistic, threshold: float) -> int:
    """People mentions whose organisation (none under the threshold) is right."""
    right = 0
    for r in rows:
        if r["kind"] == "person" and r["labelled"]:
            pick, p = model.best(r["candidates"], r["rows"])
            right += r["y"][r["candidates"].index(pick if p >= threshold else "")]
    return right


def inner_people_threshold(rows: list[dict], sets: list[str]) -> float:
    """The threshold under which a person gets no organisation, best over an inner leave-one-set-out."""
    totals = dict.fromkeys(THRESHOLDS, 0)
    for held in sets:
        model = fit([r for r in rows if r["set"] != held and r["kind"] == "person" and r["labelled"]], PERSON_FEATURES, False)
        for t in THRESHOLDS:
            totals[t] += people_right([r for r in rows if r["set"] == held], model, t)
    return max(THRESHOLDS, key=lambda t: (totals[t], -t))


def line(d: dict) -> str:
    f = d["facts"]
    return (f"actors {d['actors']['precision']:.2f}/{d['actors']['recall']:.2f}  facts {f['precision']:.2f}/{f['recall']:.2f} "
            f"({f['matched']}/{f['extracted']}/{f['expected']})  attribution {d['attribution']:.2f}  people-org "
            f"{d['people_org']['recall']:.2f} ({d['people_org']['matched']}/{d['people_org']['expected']})  "
            f"contradictions {d['contradictions']['matched']}/{d['contradictions']['expected']} "
            f"false {d['contradictions']['extracted'] - d['contradictions']['matched']}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cache", type=Path, required=True)
    parser.add_argument("--write", action="store_true")
    parser.add_argument("--json", type=Path)
    parser.add_argument("--no-negatives", action="store_true", help="train on labelled figures only")
    parser.add_argument("--with-rules", action="store_true",
                        help="let the rules' pick be a feature (off: the rules were tuned on five of the six sets, "
                             "so their pick looks surer there than on fresh pages)")
    parser.add_argument("--rows", type=Path, help="write the labelled rows here (outside the repository)")
    args = parser.parse_args()
    negatives = not args.no_negatives
    extractor = Extractor(nlp=CachedNlp())
    learned.use(Models(None, None))
    rows, rules, labels_of, expected = [], {}, {}, {}
    for name in SETS:
        labels_of[name] = load_labels(LABELS / f"labels_{name}.json")
        report, trace, results = run_set(extractor, args.cache, name)
        rules[name] = report.to_dict()
        expected[name] = report.facts.expected
        rows += label_rows(trace, labels_of[name], results, name)
        print(f"rules {name:<9} {line(rules[name])}", flush=True)
    diagnose(rows, labels_of, args.cache)
    if not args.with_rules:
        _drop_rule_features(rows)
    if args.rows:
        args.rows.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n", "utf-8")

    table, curve = {}, {t: {"kept": 0, "right": 0, "on_labelled": 0} for t in THRESHOLDS}
    people_curve = dict.fromkeys(THRESHOLDS, 0)
    for held in SETS:
        train = [r for r in rows if r["set"] != held]
        others = [s for s in SETS if s != held]
        facts_model = fit([r for r in train if r["kind"] == "fact"], FACT_FEATURES, negatives)
        threshold = inner_threshold(train, others, negatives, expected)
        people_model = fit([r for r in train if r["kind"] == "person" and r["labelled"]], PERSON_FEATURES, False)
        people_threshold = inner_people_threshold(train, others)
        people_model = Logistic(**{**people_model.__dict__, "threshold": people_threshold})
        for t in THRESHOLDS:
            people_curve[t] += people_right([r for r in rows if r["set"] == held], people_model, t)
            for k, v in simulate([r for r in rows if r["set"] == held], facts_model, t).items():
                curve[t][k] += v
        learned.use(Models(Logistic(**{**facts_model.__dict__, "threshold": threshold}), people_model))
        report, _, _ = run_set(extractor, args.cache, held)
        table[held] = {"rules": rules[held], "learned": report.to_dict(), "threshold": threshold,
                       "people_threshold": people_threshold}
        print(f"learned {held:<9} (thresholds {threshold:.2f}, {people_threshold:.2f}) {line(table[held]['learned'])}", flush=True)
    learned.use(None)
    total = sum(expected.values())
    print("\nout-of-set threshold curve (facts, simulated from the traced rows):")
    print("threshold kept right attribution precision recall")
    rules_sim = simulate(rows, None, 0.5)
    print(f"rules     {rules_sim['kept']:>4} {rules_sim['right']:>5} {rules_sim['right'] / max(rules_sim['on_labelled'], 1):.2f}"
          f"        {rules_sim['right'] / max(rules_sim['kept'], 1):.2f}      {rules_sim['right'] / total:.2f}")
    for t in THRESHOLDS:
        c = curve[t]
        print(f"{t:<9.2f} {c['kept']:>4} {c['right']:>5} {c['right'] / max(c['on_labelled'], 1):.2f}        "
              f"{c['right'] / max(c['kept'], 1):.2f}      {c['right'] / total:.2f}")
    mentions = [r for r in rows if r["kind"] == "person" and r["labelled"]]
    rules_people = sum(r["y"][r["candidates"].index(r["rule"])] for r in mentions)
    print(f"\nout-of-set people curve (mentions of labelled people with the right organisation, of {len(mentions)}): "
          f"rules {rules_people}; " + ", ".join(f"{t:.2f}: {people_curve[t]}" for t in THRESHOLDS))
    if args.json:
        args.json.write_text(json.dumps({"table": table, "curve": curve, "rules_sim": rules_sim, "people_curve": people_curve,
                                         "rules_people": rules_people}, indent=1), "utf-8")
    if args.write:
        facts_model = fit([r for r in rows if r["kind"] == "fact"], FACT_FEATURES, negatives)
        threshold = inner_threshold(rows, list(SETS), negatives, expected)
        people_model = fit([r for r in rows if r["kind"] == "person" and r["labelled"]], PERSON_FEATURES, False)
        people_model = Logistic(**{**people_model.__dict__, "threshold": inner_people_threshold(rows, list(SETS))})
        out = {"fitted_by": "PYTHONPATH=src python bench/observatoire_attribution_fit.py --cache /work/realtext/observatoire --write",
               "sets": list(SETS),
               "facts": {**{k: v for k, v in facts_model.__dict__.items()}, "threshold": threshold},
               "people": {k: v for k, v in people_model.__dict__.items()}}
        MODEL_PATH.write_text(json.dumps(out, indent=1, ensure_ascii=False) + "\n", "utf-8")
        print(f"written {MODEL_PATH} (facts threshold {threshold:.2f})")


_RULE_FEATURES = {"fact": [FACT_FEATURES.index(n) for n in ("rule_pick", "rule_conf", "rule_none")],
                  "person": [PERSON_FEATURES.index(n) for n in ("rule_pick", "rule_guessed")]}


def _drop_rule_features(rows: list[dict]) -> None:
    """Zeroes the rules' columns: a constant column gets no weight, so the model never reads them."""
    for r in rows:
        for x in r["rows"]:
            for i in _RULE_FEATURES[r["kind"]]:
                x[i] = 0.0


def diagnose(rows: list[dict], labels_of: dict, cache: Path) -> None:
    """Where recall is lost: labelled facts whose value no figure carries, whose right actor no candidate
    is, or whose right candidate the rules do not pick; the same for people and organisations."""
    n = found = candidate = picked = 0
    for name, labels in labels_of.items():
        for doc, label in labels["documents"].items():
            if not (cache / name / doc).is_file():
                continue
            figures = [r for r in rows if r["set"] == name and r["document"] == doc and r["kind"] == "fact"]
            for f in label.get("facts", []):
                n += 1
                same = [r for r in figures if r["type"] in _as_list(f["type"]) and _close(r["value"], f["value"])]
                found += bool(same)
                candidate += any(any(r["y"]) for r in same)
                picked += any(r["rule"] and r["y"][r["candidates"].index(r["rule"])] and r["rule_confidence"] >= 0.5
                              for r in same if r["rule"] in r["candidates"])
    print(f"\ndiagnosis, facts: {n} labelled; value and type found {found} ({found / n:.2f}); right actor among the "
          f"candidates {candidate} ({candidate / n:.2f}); picked by the rules {picked} ({picked / n:.2f})")
    people = [r for r in rows if r["kind"] == "person" and r["labelled"]]
    total = sum(len(lab.get("people", [])) for name, labels in labels_of.items() for doc, lab in labels["documents"].items()
                if (cache / name / doc).is_file())
    seen = {(r["set"], r["document"], r["person"]) for r in people}
    cand = {(r["set"], r["document"], r["person"]) for r in people if any(r["y"])}
    pick = {(r["set"], r["document"], r["person"]) for r in people if r["y"][r["candidates"].index(r["rule"])]}
    print(f"diagnosis, people: {total} labelled; found (mentions) {len(seen)}; right organisation among the candidates "
          f"{len(cand)}; picked by the rules (per mention, any) {len(pick)}\n", file=sys.stdout, flush=True)


if __name__ == "__main__":
    main()
