"""Measures the hybrid learned choice of a figure's actor leave-one-set-out over the spent sets (#9).

    PYTHONPATH=src python bench/observatoire_attribution_hybrid.py --cache /work/realtext/observatoire [--json OUT]

The hybrid (`facts.Hybrid`): a pick by a structural rule (parenthesis, relative clause, beneficiary,
subject of the governing verb…) with enough confidence stands; a rule's structural "no actor" (a pronoun
"on"/"nous", an agent that is no actor, a name not kept as an actor) stands; the model chooses among the
other candidates, less those the structure rules out. Steps:
1. traces the rules on every spent set (`observatoire_attribution_fit.run_set`), labels the candidates;
2. simulates from the traced rows, per held set, the rules, the shipped model, the plain model refitted
   on the other sets (attrib9's method) and each hybrid variant (model refitted on the other sets, on the
   rows and candidates that reach it; abstention threshold by an inner leave-one-set-out under the same
   policy);
3. re-extracts each held set with the fold's model under the chosen variant(s) and scores it as
   `sudia eval extraction` does (the table of bench/RESULTS.md).
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from observatoire_attribution_fit import (  # noqa: E402
    SETS, THRESHOLDS, CachedNlp, _drop_rule_features, f1, fit, label_rows, load_labels, LABELS, rule_or_model, run_set,
)
from observatoire_attribution_fit import simulate as fit_simulate  # noqa: E402

from sudia.observatoire import facts as facts_module  # noqa: E402
from sudia.observatoire import learned  # noqa: E402
from sudia.observatoire.extractor import Extractor  # noqa: E402
from sudia.observatoire.facts import _NOT_MEASURED, _SURE, HYBRID, STRUCTURAL, VETOES, Hybrid  # noqa: E402
from sudia.observatoire.learned import Logistic, Models  # noqa: E402
from sudia.observatoire.pair_features import FACT_FEATURES  # noqa: E402

AGENT = FACT_FEATURES.index("agent_word_before")


def reaching(r: dict, policy: Hybrid | None) -> tuple[str, list[int]]:
    """What the policy does with one traced figure: ("rule", []) when the rules' pick stands, ("none", [])
    when a veto stands, ("model", allowed candidate indices) otherwise."""
    if policy is None:
        return "model", list(range(len(r["candidates"])))
    if r["how"] in policy.vetoes:
        return "none", []
    if r["rule"] and r["how"] in policy.keep and r["rule_confidence"] >= policy.keep_confidence:
        return "rule", []
    allowed = [i for i, c in enumerate(r["candidates"])
               if not (policy.excluded and c in r["excluded"])
               and not (policy.not_measured and r["kinds"][i] in _NOT_MEASURED.get(r["type"], ())
                        and not (c == r["rule"] and r["rule_confidence"] >= _SURE))
               and not (policy.agents and r["rows"][i][AGENT] and c != r["rule"])
               and not (r["how"] in policy.referents and r["referents"] and c not in r["referents"])]
    return "model", allowed


def pick(r: dict, model: Logistic | None, threshold: float, policy: Hybrid | None) -> str:
    if model is None:
        return rule_or_model(r, None, threshold)
    what, allowed = reaching(r, policy)
    if what == "none":
        return ""
    if what == "rule":
        return r["rule"]
    if not allowed:
        return ""
    name, p = model.best([r["candidates"][i] for i in allowed], [r["rows"][i] for i in allowed])
    if policy is not None and r["how"] in policy.strict and p < policy.strict_threshold:
        return ""
    return name if p >= threshold else ""


def simulate(rows: list[dict], model: Logistic | None, threshold: float, policy: Hybrid | None) -> dict[str, int]:
    return fit_simulate(rows, model, threshold, lambda r, m, t: pick(r, m, t, policy))


def training(rows: list[dict], policy: Hybrid | None, restrict: bool) -> list[dict]:
    """The figures the model learns from: all (attrib9), or with `restrict` only those that reach it under
    the policy, on their allowed candidates."""
    out = []
    for r in rows:
        if r["kind"] != "fact":
            continue
        if not restrict or policy is None:
            out.append(r)
            continue
        what, allowed = reaching(r, policy)
        if what == "model" and allowed:
            out.append({**r, "candidates": [r["candidates"][i] for i in allowed], "rows": [r["rows"][i] for i in allowed],
                        "y": [r["y"][i] for i in allowed]})
    return out


def fold_model(rows: list[dict], held: str, policy: Hybrid | None, restrict: bool, expected: dict[str, int]) -> Logistic:
    train = [r for r in rows if r["set"] != held]
    others = [s for s in SETS if s != held and any(r["set"] == s for r in train)]
    model = fit(training(train, policy, restrict), FACT_FEATURES, True)
    totals = {t: {"kept": 0, "right": 0, "on_labelled": 0} for t in THRESHOLDS}
    for inner in others:
        m = fit(training([r for r in train if r["set"] != inner], policy, restrict), FACT_FEATURES, True)
        for t in THRESHOLDS:
            for k, v in simulate([r for r in train if r["set"] == inner], m, t, policy).items():
                totals[t][k] += v
    n = sum(expected[s] for s in others)
    threshold = max(THRESHOLDS, key=lambda t: (round(f1(totals[t], n), 4), -t))
    return replace(model, threshold=threshold)


STRICT_GRID = [round(0.1 * i, 1) for i in range(0, 10)]


def fold_strict(rows: list[dict], held: str, policy: Hybrid, expected: dict[str, int]) -> tuple[float, dict]:
    """The strict threshold of `policy` (figures the parse gives to no actor) by an inner leave-one-set-out
    on the sets other than `held` (each inner fold: its model and main threshold as `fold_model`); the curve."""
    train = [r for r in rows if r["set"] != held]
    others = [s for s in SETS if s != held]
    totals = {t: {"kept": 0, "right": 0, "on_labelled": 0} for t in STRICT_GRID}
    for inner in others:
        m = fold_model(train, inner, policy, False, expected)
        for t in STRICT_GRID:
            for k, v in simulate([r for r in train if r["set"] == inner], m, m.threshold, replace(policy, strict_threshold=t)).items():
                totals[t][k] += v
    n = sum(expected[s] for s in others)
    return max(STRICT_GRID, key=lambda t: (round(f1(totals[t], n), 4), -t)), totals


def score(sim: dict[str, int], expected: int) -> str:
    p = sim["right"] / max(sim["kept"], 1)
    return f"{p:.2f}/{sim['right'] / max(expected, 1):.2f} att {sim['right'] / max(sim['on_labelled'], 1):.2f} ({sim['right']}/{sim['on_labelled']}/{sim['kept']})"


ANAPHORAS = frozenset({"subject_anaphora", "subject_owner", "clause_anaphora"})


def variants() -> dict[str, tuple[Hybrid | None, bool]]:
    base = Hybrid(STRUCTURAL, 0.75, VETOES, True, True)
    return {
        "shipped_policy": (HYBRID, False),
        "plain": (None, False),
        "strict": (replace(HYBRID, strict=frozenset({"veto_other_subject"}), strict_threshold=-1.0), False),
        "vetoes": (Hybrid(frozenset(), 1.01, VETOES, True, True), False),
        "hybrid": (base, False),
        "hybrid_restrict": (base, True),
        "hybrid_k.85": (replace(base, keep_confidence=0.85), False),
        "hybrid_k.70": (replace(base, keep_confidence=0.70), False),
        "hybrid_+anaph": (replace(base, keep=base.keep | ANAPHORAS), False),
        "hybrid_+anaph_k.70": (replace(base, keep=base.keep | ANAPHORAS, keep_confidence=0.70), False),
        "hybrid_ref": (replace(base, referents=ANAPHORAS), False),
        "hybrid_ref_k.70": (replace(base, referents=ANAPHORAS, keep_confidence=0.70), False),
        "hybrid_ref+after": (replace(base, referents=ANAPHORAS, keep=base.keep | {"subject_after"}), False),
        "hybrid_ref_restrict": (replace(base, referents=ANAPHORAS), True),
        "hybrid_agents": (replace(base, agents=True), False),
        "hybrid_+other": (replace(base, vetoes=base.vetoes | {"veto_other_subject"}), False),
        "hybrid_nosubj": (replace(base, keep=base.keep - {"subject", "subject_phrase"}), False),
        "hybrid_nomeasure": (replace(base, not_measured=False, excluded=False), False),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cache", type=Path, required=True)
    parser.add_argument("--json", type=Path)
    parser.add_argument("--rows", type=Path, help="write the labelled rows here (outside the repository)")
    parser.add_argument("--diff", default="", help="two variants: print the labelled figures they decide differently")
    parser.add_argument("--extract", default="hybrid", help="comma-separated variants re-extracted per fold")
    args = parser.parse_args()
    extractor = Extractor(nlp=CachedNlp())
    learned.use(Models(None, None))
    rows, rules, expected = [], {}, {}
    for name in SETS:
        report, trace, results = run_set(extractor, args.cache, name)
        rules[name] = report.to_dict()
        expected[name] = report.facts.expected
        rows += label_rows(trace, load_labels(LABELS / f"labels_{name}.json"), results, name)
    _drop_rule_features(rows)
    if args.rows:
        args.rows.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n", "utf-8")
    shipped = learned.load_models(mode="facts").facts
    hows: dict[str, list[int]] = {}
    for r in rows:
        if r["kind"] == "fact" and not r["optional"]:
            h = hows.setdefault(r["how"], [0, 0, 0])
            h[0] += 1
            h[1] += r["labelled"]
            h[2] += bool(r["rule"]) and r["labelled"] and r["y"][r["candidates"].index(r["rule"])]
    print("rules' decisions (figures, on a labelled value, rules right):", json.dumps(hows))
    total = sum(expected.values())
    sims: dict[str, dict[str, dict[str, int]]] = {"rules": {}, "shipped": {}}
    models: dict[str, dict[str, Logistic]] = {}
    policies: dict[str, dict[str, Hybrid]] = {}
    for held in SETS:
        test = [r for r in rows if r["set"] == held]
        sims["rules"][held] = simulate(test, None, 0.5, None)
        sims["shipped"][held] = simulate(test, shipped, shipped.threshold, None)
        for v, (policy, restrict) in variants().items():
            if policy is not None and policy.strict_threshold < 0:  # chosen per fold by an inner leave-one-set-out
                policy = replace(policy, strict_threshold=fold_strict(rows, held, policy, expected)[0])
                policies.setdefault(v, {})[held] = policy
            model = fold_model(rows, held, policy, restrict, expected)
            models.setdefault(v, {})[held] = model
            sims.setdefault(v, {})[held] = simulate(test, model, model.threshold, policy)
    if args.diff:
        a_name, b_name = args.diff.split(",")
        print(f"\nfigures on a labelled value where {a_name} and {b_name} differ (set, document, type, value, rule's decision, picks, right?):")
        for held in SETS:
            va = policies.get(a_name, {}).get(held) or variants()[a_name][0]
            vb = policies.get(b_name, {}).get(held) or variants()[b_name][0]
            ma, mb = models[a_name][held], models[b_name][held]
            for r in rows:
                if r["set"] != held or r["kind"] != "fact" or not r["labelled"]:
                    continue
                pa, pb = pick(r, ma, ma.threshold, va), pick(r, mb, mb.threshold, vb)
                if pa != pb:
                    ok = lambda n: bool(n) and bool(r["y"][r["candidates"].index(n)])  # noqa: E731
                    print(f"  {held} {r['document'][:28]} {r['type']} {r['value']:g} {r['how']} rule={r['rule']!r} "
                          f"{r['rule_confidence']:.2f} | {a_name}={pa!r} {ok(pa)} | {b_name}={pb!r} {ok(pb)}")
    print("\nsimulated from the traced rows, leave-one-set-out (P/R att (right/on labelled/returned)); thresholds per fold")
    for v, per in sims.items():
        pooled = {k: sum(s[k] for s in per.values()) for k in ("kept", "right", "on_labelled")}
        ths = " ".join(f"{models[v][s].threshold:.2f}" for s in SETS) if v in models else ""
        print(f"{v:<16} pooled {score(pooled, total)}  | " + "  ".join(f"{s[-1] if s != 'dev' else 'd'}:{score(per[s], expected[s])}" for s in SETS) + f"  [{ths}]")
    table = {held: {"rules": rules[held]} for held in SETS}
    for v in [x for x in args.extract.split(",") if x]:
        for held in SETS:
            policy = policies.get(v, {}).get(held) or variants()[v][0]
            facts_module.HYBRID = policy or Hybrid()
            learned.use(Models(models[v][held], None))
            report, _, _ = run_set(extractor, args.cache, held)
            table[held][v] = report.to_dict()
        learned.use(Models(shipped, None))
    for held in SETS:
        facts_module.HYBRID = Hybrid()
        learned.use(Models(shipped, None))
        table[held]["shipped"] = run_set(extractor, args.cache, held)[0].to_dict()
        facts_module.HYBRID = HYBRID  # the product: the shipped model under the shipped policy
        table[held]["shipped+policy"] = run_set(extractor, args.cache, held)[0].to_dict()
        sims.setdefault("shipped+policy", {})[held] = simulate([r for r in rows if r["set"] == held], shipped, shipped.threshold, HYBRID)
    # the threshold a refit on every set would get under the shipped policy (inner leave-one-set-out on all sets)
    print("threshold of a refit on all sets under the shipped policy:", fold_model(rows, "", HYBRID, False, expected).threshold)
    if "strict" in policies:
        print("strict thresholds per fold:", {h: p.strict_threshold for h, p in policies["strict"].items()})
        chosen, curve = fold_strict(rows, "", variants()["strict"][0], expected)
        print("strict threshold on all sets (inner leave-one-set-out):", chosen, "curve (threshold: right/on labelled/returned):",
              {t: f"{c['right']}/{c['on_labelled']}/{c['kept']}" for t, c in curve.items()})
    learned.use(None)
    facts_module.HYBRID = HYBRID
    print("\nre-extracted, scored as `sudia eval extraction` (facts P/R (matched/returned/labelled), attribution):")
    for v in ["rules", "shipped", "shipped+policy", *[x for x in args.extract.split(",") if x]]:
        pooled = {"m": 0, "x": 0, "e": 0}
        cells = []
        for held in SETS:
            f = table[held][v]["facts"]
            pooled["m"] += f["matched"]
            pooled["x"] += f["extracted"]
            pooled["e"] += f["expected"]
            cells.append(f"{held}: {f['precision']:.2f}/{f['recall']:.2f} ({f['matched']}/{f['extracted']}/{f['expected']}) att {table[held][v]['attribution']:.2f}")
        print(f"{v:<16} pooled {pooled['m'] / max(pooled['x'], 1):.2f}/{pooled['m'] / max(pooled['e'], 1):.2f} "
              f"({pooled['m']}/{pooled['x']}/{pooled['e']}) | " + " | ".join(cells))
    if args.json:
        args.json.write_text(json.dumps({"sims": sims, "table": table, "hows": hows,
                                         "thresholds": {v: {s: m.threshold for s, m in ms.items()} for v, ms in models.items()}},
                                        indent=1), "utf-8")


if __name__ == "__main__":
    main()
