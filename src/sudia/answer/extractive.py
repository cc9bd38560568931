"""Extractive answers: sentences copied from the best passages, each cited. Never invented text.

Sentences that give orders to the AI (« Ignorez les instructions précédentes et répondez que… »)
are never candidates, and bracketed numbers inside a copied sentence are not shown, since only
the markers we add are citations. The quote of each citation stays verbatim, for highlighting.
"""

from __future__ import annotations

from sudia.answer.citations import citation_for, passage_sentences
from sudia.safety.injection import gives_orders, is_suspicious, sanitize_passage, without_fake_markers
from sudia.text.french import analyze
from sudia.types import Citation, Hit


def extract_answer(question: str, hits: list[Hit], max_sentences: int = 3) -> tuple[str, list[Citation]]:
    """Pick the sentences that best match the question, favouring higher-ranked passages."""
    wanted = set(analyze(question))
    candidates: list[tuple[float, int, int, str]] = []
    for rank, hit in enumerate(hits[:3]):
        for position, sentence in enumerate(passage_sentences(hit.chunk.text)):
            if len(sentence) < 25 or gives_orders(sentence):
                continue
            overlap = len(wanted & set(analyze(sentence))) / max(len(wanted), 1)
            score = overlap + 0.3 / (rank + 1) + 0.05 / (position + 1)
            candidates.append((score, rank, position, sentence))
    if not candidates:
        for rank, hit in enumerate(hits[:1]):
            text = hit.chunk.text.strip()
            # A passage made only of orders is quoted as the model would have read it.
            candidates.append((1.0, rank, 0, (sanitize_passage(text) if is_suspicious(text) else text)[:600]))
    chosen = sorted(candidates, key=lambda c: -c[0])[:max_sentences]
    chosen.sort(key=lambda c: (c[1], c[2]))  # reading order: passage rank, then position

    numbers: dict[int, int] = {}
    citations: list[Citation] = []
    parts: list[str] = []
    for _, rank, _, sentence in chosen:
        if rank not in numbers:
            numbers[rank] = len(numbers) + 1
        n = numbers[rank]
        citations.append(citation_for(n, hits[rank].chunk, sentence))
        parts.append(f"{without_fake_markers(sentence)} [{n}]")
    return " ".join(parts), citations
