"""Curves behind the pieces' thresholds, on the dev part of the generated set (never the held-out):
reading success against image sharpness (blur added step by step), and name edit distances of
genuine readings against other people's names. Output: JSON for bench/RESULTS.md.

    python bench/pieces_thresholds.py --cache bench/cache/pieces-generated
"""

from __future__ import annotations

import argparse
import io
import itertools
import json
from pathlib import Path

from sudia.pieces.analysis import analyse_file
from sudia.pieces.fakes.people import SURNAMES
from sudia.pieces.names import distance, fold

RADII = (0.0, 1.0, 1.5, 2.0, 2.5, 3.0, 4.0)


def blur_curve(root: Path, labels: list[dict], per_kind: int = 3) -> list[dict]:
    from PIL import Image, ImageFilter

    chosen = []
    for kind in ("cni", "passeport", "rib"):
        chosen += [r for r in labels if r["kind"] == kind and r["variant"] == "propre" and r["split"] == "dev"
                   and r["file"].endswith(".png")][:per_kind]
    points = []
    for record, radius in itertools.product(chosen, RADII):
        image = Image.open(root / record["file"]).convert("RGB").filter(ImageFilter.GaussianBlur(radius))
        buffer = io.BytesIO()
        image.save(buffer, "PNG")
        f = analyse_file(buffer.getvalue(), record["file"])
        truth = record["truth"]
        if "iban" in truth:
            ok = f.fields.get("iban") == truth["printed_iban"]
        else:
            ok = f.mrz is not None and f.mrz.document_number == truth["document_number"] and f.mrz.birth_date == truth["birth_date"]
        points.append({"file": record["file"], "radius": radius, "sharpness": f.quality.sharpness, "read": ok})
    return points


def name_curve() -> dict:
    folded = sorted({fold(n).replace(" ", "") for n in SURNAMES})
    impostors = [distance(a, b) for a, b in itertools.combinations(folded, 2)]
    short = [distance(a, b) for a, b in itertools.combinations([n for n in folded if len(n) < 6], 2)]
    return {"pairs": len(impostors),
            "other_person_accepted": {t: round(sum(d <= t for d in impostors) / len(impostors), 4) for t in (1, 2, 3)},
            "short_pairs": len(short),
            "short_other_person_accepted": {t: round(sum(d <= t for d in short) / max(1, len(short)), 4) for t in (1, 2)}}


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--cache", type=Path, default=Path("bench/cache/pieces-generated"))
    args = parser.parse_args()
    labels = [json.loads(line) for line in (args.cache / "labels.jsonl").read_text().splitlines()]
    print(json.dumps({"names": name_curve(), "blur": blur_curve(args.cache, labels)}, indent=1))
