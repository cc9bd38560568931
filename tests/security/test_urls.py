"""Database URLs shown without their password, wherever it hides (finding 1)."""

from __future__ import annotations

import pytest

from sudia.store.urls import public_url, scrub

SECRET = "Pa55-s3cret-@-42"


@pytest.mark.parametrize("url", [
    f"postgresql://sudia:{SECRET}@db.region.fr:5432/sudia",
    f"postgresql+psycopg://sudia:{SECRET}@db.region.fr/sudia?sslmode=require",
    f"postgresql://sudia@db.region.fr/sudia?password={SECRET}",
    f"host=db.region.fr password={SECRET} dbname=sudia",
    f"mysql://root:{SECRET}@localhost/sudia",
])
def test_public_url_and_scrub_drop_the_password(url: str) -> None:
    assert SECRET not in public_url(url)
    assert "db.region.fr" in public_url(url) or "localhost" in public_url(url)
    assert SECRET not in scrub(f"connexion refusée pour {url}", url)
