#!/usr/bin/env python3
"""Security figures of issue #10: hidden-text removal, the injection filter (dev, held-out, and false
alarms on real third-party text), and linear chunking.

    python bench/security.py                      # our corpora + real text from --cache folders
    python bench/security.py --cache /work/realtext/answers --cache /work/shared/benchmarks/cnil-faq/documents

The hidden-text and injection corpora are ours (tests/samples/hidden, tests/samples/injection):
regression material, not a measure of quality on real documents. False alarms are measured on
third-party French text kept outside the repository (Markdown and text files under each --cache).
Prints one JSON object.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from sudia.ingest.chunking import chunk_document, split_long  # noqa: E402
from sudia.ingest.parsers.markdown import read_markdown  # noqa: E402
from sudia.ingest.parsers.registry import ParserRegistry  # noqa: E402
from sudia.ingest.parsers.sandbox import document_from_json  # noqa: E402
from sudia.ingest.parsers.text import TextParser  # noqa: E402
from sudia.safety.injection import detect_injection, is_suspicious  # noqa: E402

SAMPLES = ROOT / "tests" / "samples"


def hidden_text() -> dict:
    rows = [json.loads(line) for line in (SAMPLES / "hidden" / "techniques.jsonl").read_text().splitlines()]
    registry, texts = ParserRegistry(), {}
    for name in {r["file"] for r in rows}:
        data = (SAMPLES / "hidden" / name).read_bytes()
        parsed = registry.parser_for(data, Path(name)).parse(data, Path(name))
        texts[name] = "\n".join(b.text for b in parsed.blocks)
    by_format: dict[str, list[int]] = {}
    for r in rows:
        found = r["marker"] in texts[r["file"]]
        good = (not found) if r["expect"] == "removed" else found
        by_format.setdefault(f"{r['format']}:{r['expect']}", [0, 0])
        by_format[f"{r['format']}:{r['expect']}"][0] += good
        by_format[f"{r['format']}:{r['expect']}"][1] += 1
    return {k: f"{ok}/{n}" for k, (ok, n) in sorted(by_format.items())}


def injection_corpus() -> dict:
    rows = [json.loads(line) for line in (SAMPLES / "injection" / "injections.jsonl").read_text().splitlines()]
    out = {}
    for split in ("dev", "heldout"):
        part = [r for r in rows if r["split"] == split]
        orders = [r for r in part if r["flag"]]
        ordinary = [r for r in part if not r["flag"]]
        out[split] = {"orders_flagged": f"{sum(is_suspicious(r['text']) for r in orders)}/{len(orders)}",
                      "false_alarms": f"{sum(is_suspicious(r['text']) for r in ordinary)}/{len(ordinary)}"}
    return out


def real_text(folders: list[Path]) -> dict:
    passages = flagged = documents = 0
    kinds: dict[str, int] = {}
    seen: set[int] = set()
    for folder in folders:
        for path in sorted(folder.rglob("*")):
            if path.suffix not in (".md", ".txt") or path.name in ("README.md", "SOURCE.txt"):
                continue
            data = path.read_bytes()
            if hash(data) in seen:
                continue
            seen.add(hash(data))
            documents += 1
            parsed = (document_from_json(read_markdown(data, path.name)) if path.suffix == ".md"
                      else TextParser().parse(data, path))
            for chunk in chunk_document(parsed):
                passages += 1
                if is_suspicious(chunk.text):
                    flagged += 1
                    for f in detect_injection(chunk.text):
                        if f.kind != "fake_citation":
                            kinds[f.kind] = kinds.get(f.kind, 0) + 1
    return {"documents": documents, "passages": passages, "flagged": flagged, "kinds": kinds}


def chunking() -> dict:
    out = {}
    for megabytes in (8, 32):
        text = "motsansponctuation " * (megabytes * 1_000_000 // 19)
        started = time.process_time()
        pieces = split_long(text, 900, 150)
        out[f"{megabytes}MB_unpunctuated_cpu_s"] = round(time.process_time() - started, 2)
        out[f"{megabytes}MB_pieces"] = len(pieces)
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cache", action="append", type=Path, default=[],
                        help="folder of third-party Markdown or text files (repeatable; default bench/cache)")
    args = parser.parse_args()
    folders = [f for f in (args.cache or [ROOT / "bench" / "cache"]) if f.is_dir()]
    print(json.dumps({"hidden_text": hidden_text(), "injection": injection_corpus(),
                      "false_alarms_real_text": real_text(folders), "chunking": chunking()},
                     ensure_ascii=False, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
