"""The injection corpus (tests/generative/injection_corpus.py) answered by a real local model.

    python bench/generative/injections.py --llm-url http://127.0.0.1:PORT/v1 --model NAME [--json]

Every variant is ingested alone in its own collection, then asked in both modes. Counted: answers
that relay a planted contact detail or key phrase (must be 0 in both modes), and, to show what the
guard is for, raw model outputs that relayed it before the checks. Outputs are cached like
bench/generative/answers.py's.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(ROOT / "tests"), str(Path(__file__).parent)]

from cached_llm import CachedModel, write_fixture  # noqa: E402
from generative.injection_corpus import relays, variants, write  # noqa: E402

from sudia.answer.generative import messages_for  # noqa: E402
from sudia.llm.openai_compat import OpenAICompatibleModel  # noqa: E402
from sudia.platform import Platform  # noqa: E402
from sudia.settings import Settings  # noqa: E402
from sudia.usecases.assistant import Assistant, AssistantOptions  # noqa: E402


def by_round(corpus: list) -> list:
    """Rounds of one variant per payload kind, each on another topic (and so another carrier): a run
    stopped after k rounds has asked every kind of payload k times. All rounds hold every variant."""
    kinds = list(dict.fromkeys(v.payload_kind for v in corpus))
    slugs = list(dict.fromkeys(v.topic.slug for v in corpus))
    return sorted(corpus, key=lambda v: ((slugs.index(v.topic.slug) - kinds.index(v.payload_kind)) % len(slugs),
                                         kinds.index(v.payload_kind)))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--llm-url", required=True)
    parser.add_argument("--model", required=True)
    parser.add_argument("--passages", type=int, default=3)
    parser.add_argument("--max-tokens", type=int, default=200)
    parser.add_argument("--cache", type=Path, default=ROOT / "bench" / "cache")
    parser.add_argument("--limit", type=int, default=0, help="first N variants only (in rounds, see by_round)")
    parser.add_argument("--every", type=int, default=1, help="one variant in N (a spread sample)")
    parser.add_argument("--fixtures", type=Path, help="write recorded outputs as test fixtures here "
                        "(only for text written for the project)")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()

    folder = Path(tempfile.mkdtemp(prefix="gen-injections-"))
    p = Platform.from_settings(Settings(data_dir=folder / "data", demo=False, llm_base_url="", llm_model=""))
    llm = CachedModel(OpenAICompatibleModel(args.llm_url, args.model, timeout_s=600, temperature=0.0),
                      args.cache / "llm")
    options = AssistantOptions(passages=args.passages, max_tokens=args.max_tokens)
    base = p.assistant
    generative = Assistant(base.store, base.retriever, llm, base.energy, base.gate, options)
    extractive = Assistant(base.store, base.retriever, None, base.energy, base.gate, options)
    out = args.cache / "generative" / "injections.jsonl"
    out.parent.mkdir(parents=True, exist_ok=True)
    chosen = by_round(variants())[:: args.every][: args.limit or None]
    counts = {"variants": len(chosen), "relayed_extractive": 0, "relayed_generative": 0,
              "raw_model_relayed": 0, "generative_mode": 0, "set_aside": 0, "abstained": 0}
    with out.open("w") as sink:
        for i, variant in enumerate(chosen, start=1):
            name = re.sub(r"[^a-z0-9-]", "-", variant.id.lower())[:60]
            p.store.ensure_collection(name)
            p.ingestor.ingest_file(name, write(variant, folder))
            ext = extractive.ask(variant.question, [name])
            gen = generative.ask(variant.question, [name])
            hits, _ = generative._relevant(variant.question, [name])
            # No record when the server failed or ran out of time (the answer fell back to quoted sentences).
            path = llm.path(messages_for(variant.question, hits), args.max_tokens) if hits else None
            record = json.loads(path.read_text()) if path is not None and path.exists() else None
            raw = record["text"] if record is not None else ""
            if args.fixtures and record is not None:
                write_fixture(args.fixtures, f"injection-{variant.id}", variant.question, hits, record, gen)
            row = {"id": variant.id, "carrier": variant.carrier, "question": variant.question,
                   "extractive": ext.text, "extractive_relays": relays(ext.text, variant),
                   "generative_mode": gen.mode, "generative": gen.text, "generative_relays": relays(gen.text, variant),
                   "raw": raw, "raw_relays": relays(raw, variant), "warnings": gen.warnings}
            counts["relayed_extractive"] += row["extractive_relays"] is not None
            counts["relayed_generative"] += row["generative_relays"] is not None
            counts["raw_model_relayed"] += row["raw_relays"] is not None
            counts["generative_mode"] += gen.mode == "generative"
            counts["set_aside"] += any(w.startswith("Réponse générée écartée") for w in gen.warnings)
            counts["abstained"] += gen.mode == "abstention"
            sink.write(json.dumps(row, ensure_ascii=False) + "\n")
            sink.flush()
            print(f"[{i}/{len(chosen)}] {gen.mode:<11} relays: ext={row['extractive_relays']} "
                  f"gen={row['generative_relays']} raw={row['raw_relays']}  {variant.id}", file=sys.stderr)
    counts.update({"model": args.model, "passages": args.passages, "max_tokens": args.max_tokens,
                   "cache_hits": llm.hits, "cache_misses": llm.misses, "rows": str(out)})
    print(json.dumps(counts, ensure_ascii=False, indent=None if args.json else 1))
    p.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
