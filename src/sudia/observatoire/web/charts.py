"""Horizontal bar charts as SVG geometry computed on the server: readable without any script.

Each chart carries its numbers as text too (`description`, table rows), so the template can give a
screen reader the same information as the bars.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

WIDTH = 520.0
LABEL_WIDTH = 190.0
VALUE_WIDTH = 100.0  # room for the total written after the longest bar
LINE_CHARS = 17  # longer labels go on two lines, so they stay readable when the chart shrinks
MAX_LINE = 20
ROW = 40.0
TOP = 6.0
SERIES_COLOURS = ("#1b3a6b", "#c2410c", "#0f766e", "#6d28d9")


@dataclass(frozen=True)
class Series:
    key: str
    label: str
    colour: str


@dataclass(frozen=True)
class Segment:
    series: Series
    value: float
    text: str
    x: float
    width: float


@dataclass(frozen=True)
class Row:
    label: str
    lines: tuple[str, ...]
    total: float
    total_text: str
    y: float
    segments: tuple[Segment, ...]
    end_x: float  # where the bar ends: the total is written after it


@dataclass(frozen=True)
class BarChart:
    id: str
    title: str
    description: str
    series: tuple[Series, ...]
    rows: tuple[Row, ...]
    width: float
    height: float
    label_width: float

    @property
    def stacked(self) -> bool:
        return len(self.series) > 1


def wrap(label: str) -> tuple[str, ...]:
    """'Alpes-de-Haute-Provence (04)' -> ('Alpes-de-Haute-', 'Provence (04)'): at most two balanced
    lines, each cut with '…' past MAX_LINE (the full label is in the tooltip and the table)."""
    if len(label) <= LINE_CHARS:
        return (label,)
    cuts = [i + 1 for i, ch in enumerate(label) if ch in " -" and 0 < i < len(label) - 1]
    if not cuts:
        return (_cut(label),)
    fitting = [c for c in cuts if c - 1 <= MAX_LINE] or cuts
    cut = min(fitting, key=lambda c: max(c, len(label) - c))
    return _cut(label[:cut].rstrip()), _cut(label[cut:].strip())


def _cut(line: str) -> str:
    return line if len(line) <= MAX_LINE else line[:MAX_LINE - 1].rstrip() + "…"


def bar_chart(chart_id: str, title: str, data: Mapping[str, Mapping[str, float] | float],
              fmt: Callable[[float], str], series: Mapping[str, str] | None = None) -> BarChart:
    """`data`: row label -> value, or row label -> {series key: value} with `series` key -> label."""
    series = series or {"": title}
    all_series = tuple(Series(key, label, SERIES_COLOURS[i % len(SERIES_COLOURS)])
                       for i, (key, label) in enumerate(series.items()))
    values = {label: (v if isinstance(v, Mapping) else {all_series[0].key: v}) for label, v in data.items()}
    largest = max((sum(v.values()) for v in values.values()), default=0.0) or 1.0
    span = WIDTH - LABEL_WIDTH - VALUE_WIDTH
    rows = []
    for i, (label, parts) in enumerate(values.items()):
        x = LABEL_WIDTH
        segments = []
        for s in all_series:
            value = float(parts.get(s.key, 0.0))
            width = round(span * value / largest, 1)
            if value:
                segments.append(Segment(s, value, fmt(value), round(x, 1), max(width, 1.0)))
            x += width
        total = float(sum(parts.values()))
        rows.append(Row(label, wrap(label), total, fmt(total), TOP + i * ROW, tuple(segments), round(x, 1)))
    summary = " ; ".join(f"{r.label} : {r.total_text}" for r in rows) or "aucune donnée"
    return BarChart(chart_id, title, f"{title}. {summary}.", all_series, tuple(rows), WIDTH,
                    TOP * 2 + max(len(rows), 1) * ROW, LABEL_WIDTH)
