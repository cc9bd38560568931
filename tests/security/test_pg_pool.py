"""Finding 12: PostgreSQL connections come from a bounded pool per worker, checked under load with
several worker processes (`sudia serve --workers 3`, on 127.0.0.1 only)."""

from __future__ import annotations

import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest
from cli.conftest import sudia_command

from sudia.platform import Platform
from sudia.settings import Settings
from web.conftest import free_port

WORKERS, POOL = 3, 3


@pytest.mark.integration
@pytest.mark.slow
def test_several_workers_under_load_stay_within_their_pools(tmp_path) -> None:
    import os
    import subprocess

    import psycopg
    from pg_schema import postgres_base, postgres_schema

    name = f"sudia_pool_{uuid.uuid4().hex[:8]}"
    with postgres_schema("sudia_pool") as url:
        url = f"{url}&application_name={name}"
        settings = Settings(data_dir=tmp_path / "data", database_url=url, demo=False, embedder="none")
        platform = Platform.from_settings(settings)
        platform.store.ensure_collection("guides", "", "public")
        note = tmp_path / "tarifs.md"
        note.write_text("# Tarifs\n\nLe repas de la cantine coûte 3 euros.\n", encoding="utf-8")
        assert platform.ingestor.ingest_file("guides", note).status == "added"
        platform.close()

        port = free_port()
        env = {k: v for k, v in os.environ.items() if not k.startswith("SUDIA_")}
        env.update(SUDIA_DATA_DIR=str(tmp_path / "data"), SUDIA_DATABASE_URL=url, SUDIA_DEMO="false",
                   SUDIA_EMBEDDER="none", SUDIA_ALLOW_ANONYMOUS="true", SUDIA_RATE_LIMIT_ANONYMOUS_PER_MINUTE="0",
                   SUDIA_PG_POOL_SIZE=str(POOL))
        server = subprocess.Popen([*sudia_command(), "serve", "--host", "127.0.0.1", "--port", str(port),
                                   "--workers", str(WORKERS)], env=env, stdout=subprocess.DEVNULL,
                                  stderr=subprocess.DEVNULL)
        base = f"http://127.0.0.1:{port}"
        seen: list[int] = []
        stop = threading.Event()

        def watch() -> None:
            with psycopg.connect(postgres_base(), autocommit=True) as db:
                while not stop.is_set():
                    seen.append(db.execute("SELECT count(*) FROM pg_stat_activity WHERE application_name = %s",
                                           (name,)).fetchone()[0])
                    time.sleep(0.05)

        try:
            deadline = time.monotonic() + 90
            while True:
                try:
                    if httpx.get(f"{base}/api/status", timeout=2).status_code == 200:
                        break
                except httpx.HTTPError:
                    pass
                assert time.monotonic() < deadline and server.poll() is None, "the server did not start"
                time.sleep(0.3)
            watcher = threading.Thread(target=watch, daemon=True)
            watcher.start()

            def burst(i: int) -> list[int]:
                with httpx.Client(base_url=base, timeout=60) as client:
                    return [client.post("/api/search", json={"query": "repas cantine", "collections": ["guides"]}
                                        ).status_code for _ in range(4)] + [client.get("/api/collections").status_code]

            with ThreadPoolExecutor(max_workers=60) as pool:
                statuses = [s for result in pool.map(burst, range(120)) for s in result]
            time.sleep(0.5)
            stop.set()
            watcher.join()
        finally:
            server.terminate()
            server.wait(timeout=30)
        assert set(statuses) == {200}, sorted(set(statuses))
        print(f"\nPostgreSQL connections: max {max(seen)} for {WORKERS} workers x pool {POOL}, {len(statuses)} requests")
        assert seen and max(seen) <= WORKERS * POOL, max(seen)
