"""Shared helpers for benchmarks: machine description, medians, isolated platforms."""

from __future__ import annotations

import os
import platform as host
import resource
import statistics
import subprocess
import tempfile
from datetime import date
from pathlib import Path

from sudia.platform import Platform
from sudia.settings import Settings

ROOT = Path(__file__).resolve().parents[1]
CNIL = ROOT.parent / "shared" / "benchmarks" / "cnil-faq"


def machine() -> str:
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    load = os.getloadavg()[0]
    return f"{os.cpu_count()} cores ({cpu}), Python {host.python_version()}, load {load:.2f}, {date.today()}"


def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    index = min(len(ordered) - 1, max(0, round(q / 100 * (len(ordered) - 1))))
    return ordered[index]


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def fresh_platform(database_url: str | None = None, **overrides) -> Platform:
    data = Path(tempfile.mkdtemp(prefix="sudia-bench-"))
    settings = Settings(data_dir=data, demo=False, database_url=database_url or "", llm_base_url="", **overrides)
    return Platform.from_settings(settings)


def postgres_schema_url(base: str, schema: str) -> str:
    """A URL whose connections use their own, emptied schema (created by the store)."""
    from sudia.store.postgres import schema_url

    subprocess.run(["psql", base, "-qc", f"DROP SCHEMA IF EXISTS {schema} CASCADE"], check=False,
                   capture_output=True)
    return schema_url(base, schema)


def rate_curve_svg(curve: list[tuple[float, float, float]], chosen: float, title: str, x_label: str,
                   x_range: tuple[float, float] | None = None) -> str:
    """A small line chart of two rates (answerable answered, unanswerable abstained) against a
    threshold, the chosen one marked; x spans `x_range`, else the curve's own ends."""
    w, h, pad = 480, 300, 40
    x0, x1 = x_range or (curve[0][0], curve[-1][0])

    def x(v: float) -> float:
        return pad + (v - x0) / (x1 - x0) * (w - 2 * pad)

    def y(v: float) -> float:
        return h - pad - v * (h - 2 * pad)

    def line(index: int) -> str:
        return " ".join(f"{x(c[0]):.1f},{y(c[index]):.1f}" for c in curve)

    ends = (f'<text x="{x(x0):.1f}" y="{h - pad + 14}" text-anchor="middle">{x0:.2f}</text>\n'
            f'<text x="{x(x1):.1f}" y="{h - pad + 14}" text-anchor="middle">{x1:.2f}</text>') if x_range is None else (
            f'<text x="{x(x0):.1f}" y="{h - pad + 14}" text-anchor="middle">{x0:g}</text>\n'
            f'<text x="{x(x1):.1f}" y="{h - pad + 14}" text-anchor="middle">{x1:g}</text>')
    return f"""<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" font-family="sans-serif" font-size="11">
<title>{title}</title>
<line x1="{pad}" y1="{h - pad}" x2="{w - pad}" y2="{h - pad}" stroke="#333"/>
<line x1="{pad}" y1="{pad}" x2="{pad}" y2="{h - pad}" stroke="#333"/>
<text x="{w / 2}" y="{h - 8}" text-anchor="middle">{x_label}</text>
<text x="{pad - 4}" y="{y(1):.1f}" text-anchor="end">1</text><text x="{pad - 4}" y="{y(0):.1f}" text-anchor="end">0</text>
{ends}
<polyline fill="none" stroke="#000091" stroke-width="2" points="{line(1)}"/>
<polyline fill="none" stroke="#c9191e" stroke-width="2" stroke-dasharray="5,3" points="{line(2)}"/>
<line x1="{x(chosen):.1f}" y1="{pad}" x2="{x(chosen):.1f}" y2="{h - pad}" stroke="#666" stroke-dasharray="2,2"/>
<text x="{x(chosen) + 3:.1f}" y="{pad + 10}">choisi {chosen:.3f}</text>
<text x="{pad + 6}" y="{pad - 20}" fill="#000091">— avec réponse : répondues</text>
<text x="{pad + 6}" y="{pad - 6}" fill="#c9191e">- - sans réponse : abstention</text>
</svg>
"""
