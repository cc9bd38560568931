"""A real server with small limits (1 MB per file), an administrator's token, and a multipart
encoder that sends file names byte for byte, as a hostile client would."""

from __future__ import annotations

import resource
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from web.conftest import admin_token, start_server  # noqa: F401 (fixtures of the web tests)

from sudia.settings import Settings

COLLECTION = "limites"
BOUNDARY = b"----sudia-limites-7c1f"


def multipart(files: list[tuple[bytes, bytes]]) -> tuple[bytes, dict[str, str]]:
    """A multipart/form-data body with one `files` part per (raw file name, content)."""
    body = b"".join(b"--" + BOUNDARY + b'\r\nContent-Disposition: form-data; name="files"; filename="' + name
                    + b'"\r\nContent-Type: application/octet-stream\r\n\r\n' + content + b"\r\n"
                    for name, content in files) + b"--" + BOUNDARY + b"--\r\n"
    return body, {"content-type": f"multipart/form-data; boundary={BOUNDARY.decode()}"}


class Instance:
    """The server, a client holding the administrator's token, and the instance's folders."""

    def __init__(self, server, token: str) -> None:
        self.server = server
        self.root: Path = server.settings.data_dir.parent
        self.data_dir: Path = server.settings.data_dir
        self.client = httpx.Client(base_url=server.url, headers={"authorization": f"Bearer {token}"}, timeout=120)

    def upload(self, files: list[tuple[bytes, bytes]]) -> list[dict]:
        body, headers = multipart(files)
        response = self.client.post(f"/api/collections/{COLLECTION}/documents", content=body, headers=headers)
        assert response.status_code == 202, response.text
        self.server.app.state.uploads.wait()  # background ingestion done
        ids = {j["id"] for j in response.json()["jobs"]}
        jobs = [j for j in self.client.get(f"/api/collections/{COLLECTION}/jobs").json() if j["id"] in ids]
        assert len(jobs) == len(ids)
        return jobs

    def healthy(self) -> None:
        """The process still serves requests and answers questions after what it was sent."""
        assert self.client.get("/api/status").status_code == 200
        answer = self.client.post("/api/ask", json={"question": "Quel est le tarif de la cantine ?",
                                                    "collections": [COLLECTION]})
        assert answer.status_code == 200, answer.text


def rss_mb() -> float:
    """Resident memory of this process now (the server runs in it), from /proc."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


@pytest.fixture(scope="module")
def instance(start_server, tmp_path_factory) -> Iterator[Instance]:  # noqa: F811
    root = tmp_path_factory.mktemp("limites")
    settings = Settings(data_dir=root / "data", demo=False, llm_base_url="", llm_model="", max_file_mb=1,
                        allow_anonymous=True, default_collection=COLLECTION)
    token = admin_token(settings)
    found = Instance(start_server(settings), token)
    created = found.client.post("/api/collections", json={"name": COLLECTION})
    assert created.status_code == 201, created.text
    found.upload([(b"cantine.md", "# Cantine\n\nLe tarif de la cantine est de 3,20 euros par repas.\n".encode())])
    yield found
    found.client.close()
