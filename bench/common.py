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
