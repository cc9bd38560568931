"""Scores the offline extractor on every spent observatoire labels set at once (issue #9, helper obs5).

    PYTHONPATH=src python bench/observatoire_pooled.py --cache /work/realtext/observatoire [--errors OUT.txt]

For each spent set (dev, heldout … heldout6; `--sets` to choose) it runs `evaluate(..., skip_missing=True)` on
CACHE/<set> with labels bench/observatoire/labels_<set>.json, prints one line of figures per set and
the pooled line (sums of the micro counts over the sets; contradictions are scored per set,
as `sudia eval extraction` does). `labels_heldout7*` (being built) is never read.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from sudia.observatoire.evaluation import EvalReport, evaluate
from sudia.observatoire.extractor import Extractor

SETS = ("dev", "heldout", "heldout2", "heldout3", "heldout4", "heldout5", "heldout6")  # every spent set (heldout7 is never read)
LABELS = Path(__file__).resolve().parent / "observatoire"


def _line(name: str, r: EvalReport) -> str:
    d = r.to_dict()
    f = lambda k: f"{d[k]['precision']:.2f}/{d[k]['recall']:.2f}"  # noqa: E731
    return (f"{name:<9} docs {d['documents']:>2}  actors {f('actors')}  facts {f('facts')} "
            f"({d['facts']['matched']}/{d['facts']['extracted']}/{d['facts']['expected']})  right-actor {d['attribution']:.2f}  "
            f"people {f('people')}  people-org {f('people_org')} ({d['people_org']['matched']}/{d['people_org']['expected']})  "
            f"contradictions {d['contradictions']['matched']}/{d['contradictions']['expected']} false "
            f"{d['contradictions']['extracted'] - d['contradictions']['matched']}")


def _pool(reports: list[EvalReport]) -> EvalReport:
    pooled = EvalReport()
    for r in reports:
        for key in ("actors", "facts", "people", "people_org", "contradictions", "placed"):
            a, b = getattr(pooled, key), getattr(r, key)
            a.matched += b.matched
            a.extracted += b.extracted
            a.expected += b.expected
        for key in ("attributed", "attributed_right", "kinds_right", "dates_right", "scopes_labelled",
                    "scopes_right", "documents"):
            setattr(pooled, key, getattr(pooled, key) + getattr(r, key))
    return pooled


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cache", type=Path, required=True)
    parser.add_argument("--errors", type=Path)
    parser.add_argument("--json", type=Path)
    parser.add_argument("--sets", default=",".join(SETS), help="comma-separated spent sets (default: all seven)")
    parser.add_argument("--threshold", type=float, default=None, help="fact confidence threshold (default: the product's)")
    args = parser.parse_args()
    extractor = Extractor(min_confidence=args.threshold)
    reports = []
    lines = []
    sets = [s for s in args.sets.split(",") if s]
    assert all(s in SETS for s in sets), "only spent sets"
    for name in sets:
        r = evaluate(args.cache / name, extractor, labels=LABELS / f"labels_{name}.json", skip_missing=True)
        reports.append(r)
        print(_line(name, r), flush=True)
        lines += [f"[{name}] {e}" for e in r.errors]
    pooled = _pool(reports)
    print(_line("pooled", pooled))
    held = _pool(reports[1:])
    print(_line("held*", held))
    if args.errors:
        args.errors.write_text("\n".join(lines) + "\n", "utf-8")
    if args.json:
        out = {name: r.to_dict() for name, r in zip(sets, reports)}
        out["pooled"] = pooled.to_dict()
        out["held*"] = held.to_dict()
        args.json.write_text(json.dumps(out, indent=1), "utf-8")


if __name__ == "__main__":
    main()
