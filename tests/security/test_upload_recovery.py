"""Finding 8: uploads interrupted by a crash end as errors, and leave no orphan file behind."""

from __future__ import annotations

import time
from datetime import datetime, timedelta, timezone

from sudia.platform import Platform
from sudia.settings import Settings
from sudia.usecases import uploads as uploads_module
from sudia.usecases.uploads import INTERRUPTED_MESSAGE, Uploads


def _platform(tmp_path) -> Platform:
    return Platform.from_settings(Settings(data_dir=tmp_path / "data", demo=False, embedder="none"))


def test_jobs_of_a_dead_process_end_as_errors_and_their_files_go(tmp_path) -> None:
    platform = _platform(tmp_path)
    platform.store.ensure_collection("guides")
    crashed = Uploads(platform.store, platform.ingestor, platform.settings)
    sink = crashed.receive("guides", "tarifs.md")
    sink.write(b"# Tarifs\n\nLe repas coute 3 euros.\n")
    job = sink.close()
    received = crashed._received(job)
    orphan = platform.settings.data_dir / "files" / "document-disparu"
    orphan.parent.mkdir(parents=True, exist_ok=True)
    orphan.write_bytes(b"original d'un document supprime")
    assert received.exists()
    # The process "dies": nothing of `crashed` runs any more. A new worker starts later.
    later = datetime.now(timezone.utc) + timedelta(hours=1)
    restarted = Uploads(platform.store, platform.ingestor, platform.settings)
    [ended] = restarted.recover(stale_after_s=600, now=later)
    assert ended.id == job.id
    [stored] = platform.store.list_jobs("guides")
    assert (stored.status, stored.message) == ("error", INTERRUPTED_MESSAGE)
    assert not received.exists() and not orphan.exists()
    platform.close()


def test_jobs_of_a_living_process_are_kept_alive(tmp_path, monkeypatch) -> None:
    monkeypatch.setattr(uploads_module, "HEARTBEAT_S", 0.05)
    platform = _platform(tmp_path)
    platform.store.ensure_collection("guides")
    working = Uploads(platform.store, platform.ingestor, platform.settings)
    sink = working.receive("guides", "tarifs.md")
    sink.write(b"# Tarifs\n\nLe repas coute 3 euros.\n")
    job = sink.close()
    time.sleep(3.2)  # longer than the staleness below: only the heartbeat keeps the job fresh
    other = Uploads(platform.store, platform.ingestor, platform.settings)  # another worker restarting
    assert other.recover(stale_after_s=2) == []
    assert platform.store.list_jobs("guides")[0].status == "pending" and working._received(job).exists()
    platform.close()
