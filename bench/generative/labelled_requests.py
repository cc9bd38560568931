"""Which questions of a set send the model a request whose output was labelled: re-run only those.

    python bench/generative/labelled_requests.py --database COPY/answers.db --questions bench/answers/heldout3.jsonl \\
        --labels bench/generative/support_labels_heldout3.jsonl [--prompt current] > /work/realtext/…/todo.jsonl

The labels (support_labels*.jsonl) keep only keys: `record` is `cached_llm.request_key` of the
request (model, messages, max_tokens, temperature). The messages depend on the question, the
passages the gate keeps and the prompt, all computed here without calling the model; so when the
cached outputs are lost, the questions whose request still has the labelled key can be found and
asked again first, most labels first, instead of re-running the whole seeded sample. Prints the
matching questions (JSONL, each with `labels`: how many labelled sentences its output has, and
`unsupported`: how many of them no passage supports) and, on stderr, how many labelled records match.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(ROOT / "bench"), str(ROOT / "tests"), str(Path(__file__).parent)]

from answers import use_prompt  # noqa: E402
from cached_llm import request_key  # noqa: E402

from sudia.answer.generative import messages_for  # noqa: E402
from sudia.platform import Platform  # noqa: E402
from sudia.settings import Settings  # noqa: E402
from sudia.usecases.assistant import Assistant, AssistantOptions  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", type=Path, required=True, help="a copy of a kept database (collection 'eval')")
    parser.add_argument("--questions", type=Path, required=True)
    parser.add_argument("--labels", type=Path, nargs="+", required=True)
    parser.add_argument("--model", default="qwen2.5-coder-1.5b-instruct-q4_k_m")
    parser.add_argument("--prompt", choices=["current", "direct"], default="current")
    parser.add_argument("--passages", type=int, default=3)
    parser.add_argument("--max-tokens", type=int, default=200)
    parser.add_argument("--temperature", type=float, default=0.0)
    args = parser.parse_args()

    labelled: dict[str, list[list[int]]] = {}
    for path in args.labels:
        for line in path.read_text().splitlines():
            label = json.loads(line) if line.strip() else None
            if label and label.get("supported_by") is not None:
                labelled.setdefault(label["record"], []).append(label["supported_by"])
    use_prompt(args.prompt)
    settings = Settings(data_dir=args.database.parent, database_url=f"sqlite:///{args.database}", demo=False,
                        llm_base_url="", llm_model="")
    platform = Platform.from_settings(settings)
    base = platform.assistant  # as bench/generative/answers.py builds it: its own passages and tokens
    assistant = Assistant(base.store, base.retriever, None, base.energy, base.gate,
                          AssistantOptions(passages=args.passages, max_tokens=args.max_tokens))
    questions = [json.loads(line) for line in args.questions.read_text().splitlines() if line.strip()]
    found = []
    for q in questions:
        if q.get("document") is None:
            continue
        hits, _ = assistant._relevant(q["question"], ["eval"])
        if not hits:
            continue
        key = request_key(args.model, messages_for(q["question"], hits), args.max_tokens, args.temperature)
        if key in labelled:
            found.append({**q, "record": key, "labels": len(labelled[key]),
                          "unsupported": sum(1 for s in labelled[key] if not s)})
    platform.close()
    found.sort(key=lambda q: (-q["unsupported"], -q["labels"]))
    for q in found:
        print(json.dumps(q, ensure_ascii=False))
    print(json.dumps({"questions": len(questions), "labelled_records": len(labelled), "matched_records": len(found),
                      "matched_labels": sum(q["labels"] for q in found)}), file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
