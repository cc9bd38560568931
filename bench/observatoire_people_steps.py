"""Which step of people.apposition_organisation gave each person its organisation, and was it right
(issue #9, helper people9). Runs the offline extractor on the spent sets of the cache.

    PYTHONPATH=src python bench/observatoire_people_steps.py --cache /work/realtext/observatoire

Per set and pooled: for each step, how many people it settled and how many of those the labels accept
(a person named several times counts once per set, with the organisation the document keeps).
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from pathlib import Path

from sudia.observatoire import people
from sudia.observatoire.evaluation import _names_match, _organisation_ok
from sudia.observatoire.extractor import Extractor

SETS = ("dev", "heldout", "heldout2", "heldout3", "heldout4", "heldout5", "heldout6")  # heldout7 is never read
LABELS = Path(__file__).resolve().parent / "observatoire"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cache", type=Path, required=True)
    parser.add_argument("--verbose", action="store_true")
    args = parser.parse_args()
    extractor = Extractor()
    total: Counter = Counter()
    for name in SETS:
        labels = json.loads((LABELS / f"labels_{name}.json").read_text("utf-8"))["documents"]
        counts: Counter = Counter()
        for key, label in labels.items():
            path = args.cache / name / key
            if not path.exists():
                continue
            people.TRACE = []
            result = extractor.extract_file(path)
            steps = {who: step for who, step, _ in people.TRACE}
            people.TRACE = None
            aliases = {a.name: [a.name, *a.aliases] for a in result.actors}
            for person in result.people:
                step = next((s for who, s in steps.items() if _names_match([who], [person.name])), "")
                if not step:
                    continue
                hit = next((p for p in label.get("people", []) if _names_match([person.name], [p["name"], *p.get("aliases", [])])), None)
                if hit is None:
                    continue
                ok = _organisation_ok(hit.get("organisation", ""), person.organisation, aliases,
                                      lambda n: aliases.get(n, [n]))
                counts[(step, ok)] += 1
                if args.verbose:
                    print(f"[{name}] {key}: {person.name} <- {step}: {person.organisation!r} {'OK' if ok else 'WRONG'}")
        total.update(counts)
        print(name, {f"{s}": f"{counts[(s, True)]}/{counts[(s, True)] + counts[(s, False)]}" for s in sorted({s for s, _ in counts})})
    print("pooled", {f"{s}": f"{total[(s, True)]}/{total[(s, True)] + total[(s, False)]}" for s in sorted({s for s, _ in total})})


if __name__ == "__main__":
    main()
