"""Collections' display names for templates: `noms_collections[slug]`, read at most once per request."""

from __future__ import annotations

import logging
from collections.abc import Iterator, Mapping

from fastapi import Request

from sudia.collection_titles import display_name
from sudia.errors import SudiaError

log = logging.getLogger(__name__)


class CollectionNames(Mapping[str, str]):
    """slug -> display name; any slug has one (the readable slug when none was set)."""

    def __init__(self, request: Request) -> None:
        self.request = request

    def _titles(self) -> dict[str, str]:
        state = self.request.state
        titles = getattr(state, "sudia_collection_titles", None)
        if titles is None:
            try:
                titles = self.request.app.state.platform.collection_titles.all()
            except SudiaError as exc:  # an error page must render even when the database does not answer
                log.warning("collection display names unavailable: %s", exc)
                titles = {}
            state.sudia_collection_titles = titles
        return titles

    def __getitem__(self, name: str) -> str:
        return display_name(name, self._titles())

    def get(self, name: str, default: object = None) -> str:  # type: ignore[override]
        return self[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._titles())

    def __len__(self) -> int:
        return len(self._titles())
