"""The real app on a data folder, for the observatory web tests (the demo observatory built or not)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from fastapi.testclient import TestClient

from sudia.settings import Settings
from sudia.web.app import create_app


EDITOR = "ines.martin@region.fr"  # the administrator who corrects, in the tests that write


def offline_settings(data_dir: Path, **overrides: object) -> Settings:
    """Anonymous visitors may read the observatory (public data), as with `scripts/run.sh`."""
    return Settings(data_dir=data_dir, demo=False, embedder="none", llm_base_url="", llm_model="",
                    **({"allow_anonymous": True} | overrides))


def sign_in_editor(client: TestClient, admin: bool = True) -> str:
    """Open a web session for `EDITOR` (an administrator unless told otherwise); returns its CSRF token."""
    from accounts.engines import CHEAP

    from sudia.accounts.trust import Trust

    platform = client.app.state.platform  # type: ignore[attr-defined]
    if "trust" in platform.__dict__:
        platform.__dict__.pop("trust").close()
    platform.__dict__["trust"] = trust = Trust.open(platform.settings.resolved_database_url(), platform.settings,
                                                    cost=CHEAP)
    if trust.store.find_user(EDITOR) is None:
        trust.directory.add_user("cli:test", EDITOR, "Inès Martin", "mot-de-passe-des-tests", is_admin=admin)
    client.cookies.set("sudia_session", trust.auth.login(EDITOR, "mot-de-passe-des-tests").cookie)
    return re.search(r'name="csrf" value="([^"]+)"', client.get("/compte").text).group(1)  # type: ignore[union-attr]


@contextmanager
def client_on(data_dir: Path, **overrides: object) -> Iterator[TestClient]:
    app = create_app(offline_settings(data_dir, **overrides))
    try:
        yield TestClient(app)
    finally:
        app.state.platform.close()
