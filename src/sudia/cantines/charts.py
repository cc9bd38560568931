"""SVG charts drawn on the server (no script, no CDN): lines with a band, stacked bars, ranked bars.

Each chart is an `<svg role="img">` with a title and a description that says the numbers in words;
pages also give the same numbers in a table, for screen readers and for people who prefer them.
Colours keep a 3:1 contrast on white and lines also differ by dash, not colour alone.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from markupsafe import Markup, escape

INK, GRID = "#1f2937", "#d1d5db"
COLOURS = ("#1b3a6b", "#c2410c", "#0f766e", "#6d28d9", "#a16207", "#be123c")
DASHES = ("", "6 4", "2 3", "10 3 2 3")


@dataclass(frozen=True)
class Line:
    label: str
    values: Sequence[float | None]
    colour: str = COLOURS[0]
    dash: str = ""
    points: bool = False


def _fmt(v: float) -> str:
    return f"{v:.1f}"


def _ticks(lo: float, hi: float, n: int = 5) -> list[float]:
    if hi <= lo:
        return [lo]
    raw = (hi - lo) / n
    magnitude = 10 ** len(str(int(raw))) / 10 if raw >= 1 else 0.1
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    start = (lo // step) * step
    return [start + k * step for k in range(n + 2) if start + k * step <= hi + 1e-9 and start + k * step >= lo - 1e-9]


def _number(v: float) -> str:
    return f"{v:,.0f}".replace(",", "\u202f") if abs(v) >= 100 or float(v).is_integer() else f"{v:.1f}".replace(".", ",")


def line_chart(chart_id: str, title: str, description: str, x_labels: Sequence[str], lines: Sequence[Line],
               band: tuple[Sequence[float | None], Sequence[float | None], str] | None = None,
               x_values: Sequence[float] | None = None, y_label: str = "", x_label: str = "",
               width: int = 640, height: int = 260, reference: tuple[float, float, str] | None = None) -> Markup:
    """Lines over categories (days) or numbers (`x_values`); `band` = (low, high, label) shaded; `reference` a point."""
    left, right, top, bottom = 52, 12, 14, 44
    n = len(x_labels)
    xs = list(x_values) if x_values is not None else list(range(n))
    values = [v for line in lines for v in line.values if v is not None]
    if band:
        values += [v for v in list(band[0]) + list(band[1]) if v is not None]
    if reference:
        values.append(reference[1])
    if not values or n == 0:
        return Markup(f'<p class="cant-vide">{escape(title)} : pas encore de données.</p>')
    lo, hi = min(0.0, min(values)), max(values) * 1.05 or 1.0
    x0, x1 = min(xs), max(xs) if max(xs) > min(xs) else min(xs) + 1
    if reference:
        x0, x1 = min(x0, reference[0]), max(x1, reference[0])

    def px(x: float) -> float:
        return left + (x - x0) / (x1 - x0) * (width - left - right)

    def py(y: float) -> float:
        return height - bottom - (y - lo) / (hi - lo) * (height - top - bottom)

    parts = [f'<svg class="cant-graphe" id="{escape(chart_id)}" viewBox="0 0 {width} {height}" role="img" '
             f'aria-labelledby="{escape(chart_id)}-t {escape(chart_id)}-d" preserveAspectRatio="xMidYMid meet">',
             f'<title id="{escape(chart_id)}-t">{escape(title)}</title><desc id="{escape(chart_id)}-d">{escape(description)}</desc>']
    for t in _ticks(lo, hi):
        parts.append(f'<line x1="{left}" x2="{width - right}" y1="{_fmt(py(t))}" y2="{_fmt(py(t))}" stroke="{GRID}"/>'
                     f'<text x="{left - 6}" y="{_fmt(py(t) + 4)}" text-anchor="end" font-size="11" fill="{INK}">{_number(t)}</text>')
    step = max(1, n // 8)
    for i in range(0, n, step):
        parts.append(f'<text x="{_fmt(px(xs[i]))}" y="{height - bottom + 16}" text-anchor="middle" font-size="11" '
                     f'fill="{INK}">{escape(x_labels[i])}</text>')
    if x_label:
        parts.append(f'<text x="{(left + width - right) / 2}" y="{height - 6}" text-anchor="middle" font-size="11" fill="{INK}">{escape(x_label)}</text>')
    if y_label:
        parts.append(f'<text x="12" y="{top + 4}" font-size="11" fill="{INK}">{escape(y_label)}</text>')
    if band:
        low, high, _ = band
        pts = [(xs[i], high[i]) for i in range(n) if high[i] is not None and low[i] is not None]
        back = [(xs[i], low[i]) for i in range(n - 1, -1, -1) if high[i] is not None and low[i] is not None]
        if pts:
            poly = " ".join(f"{_fmt(px(x))},{_fmt(py(y))}" for x, y in pts + back)  # type: ignore[arg-type]
            parts.append(f'<polygon points="{poly}" fill="#93c5fd" fill-opacity="0.45" stroke="none"/>')
    for line in lines:
        segment: list[str] = []
        segments = []
        for x, v in zip(xs, line.values):
            if v is None:
                if segment:
                    segments.append(segment)
                segment = []
                continue
            segment.append(f"{_fmt(px(x))},{_fmt(py(v))}")
        if segment:
            segments.append(segment)
        dash = f' stroke-dasharray="{line.dash}"' if line.dash else ""
        for seg in segments:
            parts.append(f'<polyline points="{" ".join(seg)}" fill="none" stroke="{line.colour}" stroke-width="2"{dash}/>')
        if line.points:
            parts += [f'<circle cx="{p.split(",")[0]}" cy="{p.split(",")[1]}" r="2.5" fill="{line.colour}"/>'
                      for seg in segments for p in seg]
    if reference:
        parts.append(f'<circle cx="{_fmt(px(reference[0]))}" cy="{_fmt(py(reference[1]))}" r="6" fill="{COLOURS[1]}" '
                     f'stroke="white" stroke-width="2"/><text x="{_fmt(px(reference[0]) + 9)}" y="{_fmt(py(reference[1]) - 8)}" '
                     f'font-size="12" fill="{INK}">{escape(reference[2])}</text>')
    parts.append("</svg>")
    legend = [(line.label, line.colour, line.dash) for line in lines] + ([(band[2], "#93c5fd", "band")] if band else [])
    items = "".join(
        '<li><svg width="26" height="10" aria-hidden="true" focusable="false">'
        + (f'<rect width="26" height="10" fill="{c}" fill-opacity="0.6"/>' if d == "band" else
           f'<line x1="0" x2="26" y1="5" y2="5" stroke="{c}" stroke-width="3"{f" stroke-dasharray={chr(34)}{d}{chr(34)}" if d else ""}/>')
        + f"</svg> {escape(label)}</li>" for label, c, d in legend)
    return Markup(f'<figure class="cant-figure">{"".join(parts)}<ul class="cant-legende">{items}</ul></figure>')


def stacked_bars(chart_id: str, title: str, description: str, x_labels: Sequence[str],
                 series: Sequence[tuple[str, Sequence[float]]], unit: str = "", width: int = 640, height: int = 260) -> Markup:
    left, right, top, bottom = 52, 12, 14, 44
    n = len(x_labels)
    totals = [sum(values[i] for _, values in series) for i in range(n)]
    if n == 0 or not any(totals):
        return Markup(f'<p class="cant-vide">{escape(title)} : pas encore de pesées.</p>')
    hi = max(totals) * 1.08
    slot = (width - left - right) / n
    bar = min(slot * 0.7, 48)

    def py(y: float) -> float:
        return height - bottom - y / hi * (height - top - bottom)

    parts = [f'<svg class="cant-graphe" id="{escape(chart_id)}" viewBox="0 0 {width} {height}" role="img" '
             f'aria-labelledby="{escape(chart_id)}-t {escape(chart_id)}-d">',
             f'<title id="{escape(chart_id)}-t">{escape(title)}</title><desc id="{escape(chart_id)}-d">{escape(description)}</desc>']
    for t in _ticks(0, hi):
        parts.append(f'<line x1="{left}" x2="{width - right}" y1="{_fmt(py(t))}" y2="{_fmt(py(t))}" stroke="{GRID}"/>'
                     f'<text x="{left - 6}" y="{_fmt(py(t) + 4)}" text-anchor="end" font-size="11" fill="{INK}">{_number(t)}</text>')
    for i in range(n):
        x = left + i * slot + (slot - bar) / 2
        base = 0.0
        for k, (_, values) in enumerate(series):
            v = values[i]
            if v > 0:
                parts.append(f'<rect x="{_fmt(x)}" y="{_fmt(py(base + v))}" width="{_fmt(bar)}" height="{_fmt(py(base) - py(base + v))}" '
                             f'fill="{COLOURS[k % len(COLOURS)]}" stroke="white" stroke-width="0.5"/>')
            base += v
        if n <= 14 or i % max(1, n // 10) == 0:
            parts.append(f'<text x="{_fmt(x + bar / 2)}" y="{height - bottom + 16}" text-anchor="middle" font-size="11" fill="{INK}">{escape(x_labels[i])}</text>')
    if unit:
        parts.append(f'<text x="12" y="{top + 4}" font-size="11" fill="{INK}">{escape(unit)}</text>')
    parts.append("</svg>")
    items = "".join(f'<li><svg width="14" height="14" aria-hidden="true" focusable="false"><rect width="14" height="14" '
                    f'fill="{COLOURS[k % len(COLOURS)]}"/></svg> {escape(label)}</li>' for k, (label, _) in enumerate(series))
    return Markup(f'<figure class="cant-figure">{"".join(parts)}<ul class="cant-legende">{items}</ul></figure>')


def ranked_bars(chart_id: str, title: str, description: str, items: Sequence[tuple[str, float]], unit: str,
                width: int = 640) -> Markup:
    if not items:
        return Markup(f'<p class="cant-vide">{escape(title)} : pas encore assez de menus et de pesées.</p>')
    row, label_w = 26, 210
    height = row * len(items) + 10
    hi = max(v for _, v in items) * 1.15 or 1.0
    parts = [f'<svg class="cant-graphe" id="{escape(chart_id)}" viewBox="0 0 {width} {height}" role="img" '
             f'aria-labelledby="{escape(chart_id)}-t {escape(chart_id)}-d">',
             f'<title id="{escape(chart_id)}-t">{escape(title)}</title><desc id="{escape(chart_id)}-d">{escape(description)}</desc>']
    for i, (label, v) in enumerate(items):
        y = 5 + i * row
        w = v / hi * (width - label_w - 70)
        short = label if len(label) <= 30 else label[:29] + "…"
        parts.append(f'<text x="{label_w - 8}" y="{y + 16}" text-anchor="end" font-size="12" fill="{INK}">{escape(short)}</text>'
                     f'<rect x="{label_w}" y="{y + 3}" width="{_fmt(w)}" height="{row - 8}" fill="{COLOURS[0]}"/>'
                     f'<text x="{_fmt(label_w + w + 6)}" y="{y + 16}" font-size="12" fill="{INK}">{_number(v)} {escape(unit)}</text>')
    parts.append("</svg>")
    return Markup(f'<figure class="cant-figure">{"".join(parts)}</figure>')
