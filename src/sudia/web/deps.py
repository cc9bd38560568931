"""Typed FastAPI dependencies: the platform, the trust layer, the uploads worker, the caller (anyone,
signed in, administrator) and the collections they may read.

Routes declare what they need in their signature (`principal: AdminUser`, `platform: PlatformDep`);
the rules behind each dependency live in `sudia.web.auth` and `sudia.access`.
"""

from __future__ import annotations

import threading
from typing import Annotated

from fastapi import Depends, FastAPI, Request

from sudia.access import Principal
from sudia.demo.setup import DEMO_COLLECTION, DEMO_DIR
from sudia.accounts.trust import Trust
from sudia.platform import Platform
from sudia.types import Collection
from sudia.usecases.collections import CollectionRules, collection_rules
from sudia.usecases.uploads import Uploads
from sudia.web.auth import admin_principal, get_principal, get_trust, readable, require_signed_in

_uploads_lock = threading.Lock()


def get_platform(request: Request) -> Platform:
    return request.app.state.platform


def uploads_of(app: FastAPI) -> Uploads:
    """One upload worker per web process, created on first use."""
    state = app.state
    with _uploads_lock:
        if getattr(state, "uploads", None) is None:
            p = state.platform
            state.uploads = Uploads(p.store, p.ingestor, p.settings, {DEMO_COLLECTION: DEMO_DIR}, p.trust.audit)
    return state.uploads


def get_uploads(request: Request) -> Uploads:
    return uploads_of(request.app)


def get_collection_rules(request: Request) -> CollectionRules:
    """The collection rules, able to delete (the uploads worker removes the files)."""
    return collection_rules(get_platform(request), get_uploads(request))


PlatformDep = Annotated[Platform, Depends(get_platform)]
TrustDep = Annotated[Trust, Depends(get_trust)]
UploadsDep = Annotated[Uploads, Depends(get_uploads)]
CollectionRulesDep = Annotated[CollectionRules, Depends(get_collection_rules)]
CurrentUser = Annotated[Principal, Depends(get_principal)]  # anonymous when nobody signed in
SignedInUser = Annotated[Principal, Depends(require_signed_in)]  # SUDIA-A007 otherwise
AdminUser = Annotated[Principal, Depends(admin_principal)]  # SUDIA-A007, A008 or A010 otherwise
ReadableCollections = Annotated[list[Collection], Depends(readable)]
