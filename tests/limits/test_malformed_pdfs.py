"""Malformed PDFs uploaded through the real HTTP API: each is refused or read, with its own French
error, and the web process neither crashes nor grows (pypdf runs in the parser worker)."""

from __future__ import annotations

import re

from .conftest import Instance, rss_mb
from .malformed_pdfs import malformed_pdfs


def test_malformed_pdfs_are_refused_one_by_one_without_harm(instance: Instance):
    pdfs = [(name.encode(), data) for name, data in malformed_pdfs()]
    assert len(pdfs) >= 20
    instance.healthy()  # models loaded before measuring
    before = rss_mb()
    jobs = instance.upload(pdfs)
    after = rss_mb()
    assert len(jobs) == len(pdfs)
    for job in jobs:
        assert job["status"] in ("done", "error"), job
        if job["status"] == "error":
            # A French sentence naming the file, then the code to quote to support.
            pattern = r"[A-Z].* " + re.escape(job["filename"]) + r" .*\[SUDIA-I00[589]\]"
            assert re.fullmatch(pattern, job["message"]), job
    by_name = {j["filename"]: j for j in jobs}
    assert "100000 pages, au plus 2000 acceptées" in by_name["cent-mille-pages.pdf"]["message"]
    assert "PDF chiffré" in by_name["chiffre.pdf"]["message"]
    assert sum(j["status"] == "error" for j in jobs) >= 10
    assert after - before < 300, f"RSS grew by {after - before:.0f} MB"
    instance.healthy()
