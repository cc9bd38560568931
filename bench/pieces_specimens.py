"""Measure the piece reader on real specimen documents published by their issuers, read locally.

The files are never committed: they sit in a cache folder (default bench/cache/pieces-specimens,
or --cache DIR, e.g. /work/realtext/pieces-specimens). Ground truth is what the issuers printed:
an MRZ is counted as read when every ICAO check digit agrees (the issuer computed them), and the
type as right when a passport is a passport and an identity card an identity document. One file in
three (hash of its name) is held out; the held-out part is reported first.

    python bench/pieces_specimens.py --cache /work/realtext/pieces-specimens --json
"""

from __future__ import annotations

import argparse
import hashlib
import json
import statistics
import sys
from pathlib import Path

from sudia.errors import SudiaError
from sudia.pieces.analysis import analyse_file

IDENTITY = {"cni", "cni_ancienne", "passeport", "titre_sejour", "permis_conduire"}


def expected_type(name: str) -> str:
    if "pass" in name:
        return "passeport"
    if "id-" in name or "card" in name:
        return "identite"
    if "visa" in name:
        return "visa"
    return ""


def held_out(name: str) -> bool:
    return int(hashlib.sha256(name.encode()).hexdigest()[:8], 16) % 3 == 0


def run(folder: Path) -> dict:
    rows = []
    for path in sorted(p for p in folder.rglob("*") if p.suffix.lower() in (".jpg", ".jpeg", ".png", ".pdf")):
        want = expected_type(path.name)
        try:
            f = analyse_file(path.read_bytes(), path.name)
        except SudiaError as exc:
            rows.append({"file": path.name, "error": exc.code})
            continue
        got_type = f.doc_type
        type_ok = (want == "passeport" and got_type == "passeport") or (
            want == "identite" and got_type in IDENTITY) or (want == "visa" and got_type in IDENTITY)
        rows.append({"file": path.name, "split": "heldout" if held_out(path.name) else "dev", "expected": want,
                     "type": got_type, "type_ok": type_ok, "mrz_found": f.mrz is not None,
                     "mrz_format": f.mrz.format if f.mrz else "", "mrz_valid": bool(f.mrz and f.mrz.all_digits_valid),
                     "seconds_per_page": round(f.seconds / max(1, f.pages), 3)})
        print(f"{path.name}: {got_type} mrz={rows[-1]['mrz_valid']}", file=sys.stderr)
    return {part: summary([r for r in rows if r.get("split") == part]) for part in ("heldout", "dev")} | {"rows": rows}


def summary(rows: list[dict]) -> dict:
    n = len(rows)
    return {"files": n, "type_ok": round(sum(r["type_ok"] for r in rows) / n, 3) if n else None,
            "mrz_found": round(sum(r["mrz_found"] for r in rows) / n, 3) if n else None,
            "mrz_all_check_digits_valid": round(sum(r["mrz_valid"] for r in rows) / n, 3) if n else None,
            "seconds_per_page_median": statistics.median(r["seconds_per_page"] for r in rows) if n else None}


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cache", type=Path, default=Path("bench/cache/pieces-specimens"))
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    result = run(args.cache)
    print(json.dumps(result if args.json else {k: v for k, v in result.items() if k != "rows"}, ensure_ascii=False, indent=1))
