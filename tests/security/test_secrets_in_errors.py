"""Finding 1: a database URL never reaches an error message, a log line or an HTTP answer with its password."""

from __future__ import annotations

import pytest

from sudia.errors import SudiaError
from sudia.observatoire.kb.factory import open_knowledge_base
from sudia.store import open_store

SECRET = "Pa55-s3cret-@-42"
URL_SECRET = "Pa55-s3cret-42"  # the same, as it may sit unencoded in a URL that a server accepts


def test_unsupported_urls_are_reported_without_their_password() -> None:
    for opener in (open_store, open_knowledge_base):
        with pytest.raises(SudiaError) as error:
            opener(f"mysql://root:{SECRET}@localhost/sudia")
        assert error.value.code == "SUDIA-S002" and SECRET not in error.value.message


def test_knowledge_base_accepts_the_url_forms_of_the_main_store(tmp_path) -> None:
    """It refused `sqlite://` and `postgresql+psycopg://` (which the store accepts) with the full URL."""
    open_knowledge_base("sqlite://").close()
    open_knowledge_base(f"sqlite:///{tmp_path / 'kb.db'}").close()
    pg_schema = pytest.importorskip("pg_schema")
    with pg_schema.postgres_schema("sudia_kburl") as url:
        # A password on a trust-authenticated local server is ignored by PostgreSQL, kept by the URL.
        with_password = url.replace("postgresql://postgres@", f"postgresql+psycopg://postgres:{URL_SECRET}@")
        open_knowledge_base(with_password).close()


def test_observatory_api_never_shows_the_database_password(make_app) -> None:
    pg_schema = pytest.importorskip("pg_schema")
    with pg_schema.postgres_schema("sudia_kbweb") as url:
        with_password = url.replace("postgresql://postgres@", f"postgresql+psycopg://postgres:{URL_SECRET}@")
        client = make_app(database_url=with_password, allow_anonymous=True)
        response = client.get("/observatoire/api/actors")
        assert response.status_code == 200, response.text
        assert URL_SECRET not in response.text and URL_SECRET not in str(response.headers)


def test_storage_errors_reach_clients_without_details(make_app, monkeypatch) -> None:
    client = make_app(allow_anonymous=True)
    store = client.app.state.platform.store

    def broken(*args, **kwargs):
        raise SudiaError("SUDIA-S001", url=f"postgresql://u:{SECRET}@h/db", detail=f"auth failed {SECRET}")

    monkeypatch.setattr(store, "list_collections", broken)
    for response in (client.get("/api/collections"), client.get("/documents"),
                     client.post("/v1/chat/completions", json={"model": "sudia-rag", "messages": [
                         {"role": "user", "content": "tarif ?"}]})):
        assert response.status_code == 503, response.text
        assert SECRET not in response.text and "SUDIA-S003" in response.text
