"""Runs the real `sudia` command in a subprocess, with its own data directory."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from pg_schema import postgres_schema

Cli = Callable[..., subprocess.CompletedProcess]


def sudia_command() -> list[str]:
    script = Path(sys.executable).with_name("sudia")  # the console script installed with the package
    return [str(script)] if script.exists() else [sys.executable, "-m", "sudia.cli.main"]


def run_cli(data_dir: Path, *args: str, database_url: str = "", timeout: float = 300) -> subprocess.CompletedProcess:
    # The developer's own SUDIA_* settings must not leak into the tests.
    env = {k: v for k, v in os.environ.items() if not k.startswith("SUDIA_")}
    env.update(SUDIA_DATA_DIR=str(data_dir), SUDIA_DEMO="false", COLUMNS="200")
    if database_url:
        env["SUDIA_DATABASE_URL"] = database_url
    return subprocess.run([*sudia_command(), *args], env=env, capture_output=True, text=True, timeout=timeout)


@pytest.fixture(scope="module")
def pg_module_url() -> Iterator[str]:
    """A fresh PostgreSQL schema for the module."""
    with postgres_schema("sudia_cli") as url:
        yield url


@pytest.fixture(scope="session")
def cli() -> Cli:
    """`cli(data_dir, "search", "...", database_url=...)` -> CompletedProcess (text stdout/stderr)."""
    return run_cli
