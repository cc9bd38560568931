"""The one place for collection rules: create, rename (display name), choose who reads, delete with files.

The JSON API, the pages, the administration pages and the CLI all call `CollectionRules`, so that a
rule cannot differ between them: a restricted collection names at least one group, group names are
normalised (« RH » and « rh » are one group), a group without any member is reported (nobody would
read the collection), and every change is written to the audit log with what it was before.

Callers are a web or API `Principal` (checked here: administrators, or the given token scope) or a
string naming a local operator who already holds the database ("cli:jdupont").
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from sudia.access import Principal, require_manage
from sudia.accounts.base import canonical_group
from sudia.audit.log import AuditLog
from sudia.collection_titles import CollectionTitles, check_title
from sudia.errors import SudiaError
from sudia.store.base import Store, check_collection_name
from sudia.types import Collection

if TYPE_CHECKING:
    from sudia.platform import Platform
    from sudia.usecases.uploads import Uploads

Caller = Principal | str
VISIBILITIES: tuple[str, ...] = ("private", "authenticated", "restricted", "public")
# What each visibility means, for the forms of the pages and of the administration.
VISIBILITY_LABELS: dict[str, str] = {"public": "Publique", "authenticated": "Agents connectés",
                                     "restricted": "Réservée à des groupes",
                                     "private": "Administrateurs seulement (collection en préparation)"}


@dataclass(frozen=True)
class Access:
    """Who reads a collection: a visibility, and the groups of a restricted one (none otherwise)."""

    visibility: str
    groups: tuple[str, ...] = ()


@dataclass(frozen=True)
class Changed:
    """The collection after a change, and the warnings to show the person who made it."""

    collection: Collection
    warnings: tuple[str, ...] = field(default_factory=tuple)


def normalise_groups(groups: Iterable[str], known: Iterable[str] = ()) -> tuple[str, ...]:
    """Valid group names without spaces around (SUDIA-A021 otherwise), each spelt as the known group it
    matches whatever the case, without duplicates: « RH » and « rh » are one group."""
    found: list[str] = list(known)
    names: list[str] = []
    for group in groups:
        if (group or "").strip():
            name = canonical_group(group, found + names)
            if name not in names:
                names.append(name)
    return tuple(names)


def split_groups(text: str) -> list[str]:
    """Groups typed in one form field, separated by commas or semicolons."""
    return [g for g in (part.strip() for part in (text or "").replace(";", ",").split(",")) if g]


def check_access(visibility: str, groups: Iterable[str] = (), known: Iterable[str] = ()) -> Access:
    """SUDIA-R002 for an unknown visibility or a restricted collection without a group. Groups given
    with another visibility are dropped: only a restricted collection reads by group. `known`: the
    groups that exist (`CollectionRules` spells new rights after them)."""
    if visibility not in VISIBILITIES:
        raise SudiaError("SUDIA-R002", detail=f"visibilité inconnue « {visibility} » ({', '.join(VISIBILITIES)})")
    names = normalise_groups(groups, known)
    if visibility == "restricted" and not names:
        raise SudiaError("SUDIA-R002", detail="une collection réservée doit nommer au moins un groupe")
    return Access(visibility, names if visibility == "restricted" else ())


def empty_group_warnings(groups: Iterable[str]) -> tuple[str, ...]:
    return tuple(f"Le groupe « {g} » n'a aucun membre : personne ne lit cette collection par ce groupe tant"
                 f" qu'aucun compte n'y est ajouté." for g in groups)


class CollectionRules:
    def __init__(self, store: Store, titles: CollectionTitles, audit: AuditLog | None,
                 members: Callable[[], dict[str, int]], uploads: Uploads | None = None) -> None:
        self.store = store
        self.titles = titles
        self.audit = audit
        self.members = members  # group -> number of members (Directory.groups)
        self.uploads = uploads  # needed to delete: the kept originals and waiting uploads go too

    # -- the rules -----------------------------------------------------------------------------
    def create(self, by: Caller, name: str, access: Access, description: str = "", title: str = "",
               entry_point: str = "", scope: str = "ingest", **details: object) -> Changed:
        """A new, empty collection with its rights and display name (SUDIA-C002, C006)."""
        actor = self._authorise(by, "collection.create", scope)
        check_collection_name(name)
        title = check_title(title)
        if self.store.get_collection(name) is not None:
            raise SudiaError("SUDIA-C006", name=name)
        access = self._spelt(access)
        created = self.store.ensure_collection(name, description.strip(), access.visibility,  # type: ignore[arg-type]
                                               access.groups)
        if title:
            self.titles.set(name, title)
        empty = self._groups_without_members(access.groups)
        self._record(actor, "collection.create", name, entry_point, visibility=access.visibility,
                     groups=list(access.groups), **({"title": title} if title else {}),
                     **({"groups_without_members": empty} if empty else {}), **details)
        return Changed(created, empty_group_warnings(empty))

    def rename(self, by: Caller, name: str, title: str, entry_point: str = "", scope: str = "ingest") -> Changed:
        """The display name people see; the name (identifier) never changes. "" goes back to the slug."""
        actor = self._authorise(by, "collection.title", scope)
        collection = self._existing(name)
        title = check_title(title)
        before = self.titles.all().get(name, "")
        self.titles.set(name, title)
        self._record(actor, "collection.title", name, entry_point, title=title, before={"title": before})
        return Changed(collection)

    def set_access(self, by: Caller, name: str, access: Access, entry_point: str = "") -> Changed:
        actor = self._authorise(by, "collection.rights")
        before = self._existing(name)
        access = self._spelt(access)
        self.store.set_collection_access(name, access.visibility, access.groups)  # type: ignore[arg-type]
        empty = self._groups_without_members(access.groups)
        self._record(actor, "collection.rights", name, entry_point, visibility=access.visibility,
                     groups=list(access.groups), before={"visibility": before.visibility, "groups": list(before.groups)},
                     **({"groups_without_members": empty} if empty else {}))
        return Changed(self._existing(name), empty_group_warnings(empty))

    def delete(self, by: Caller, name: str, entry_point: str = "") -> None:
        """The collection, its documents and passages, its kept files and waiting uploads, its display name."""
        actor = self._authorise(by, "collection.delete")
        self._existing(name)
        if self.uploads is None:
            raise RuntimeError("CollectionRules.delete needs the uploads use case (files to remove)")
        self.uploads.delete_collection(name, actor, entry_point)  # audited there, with the number of documents
        self.titles.set(name, "")  # a new collection of the same name does not inherit it

    # -- helpers -------------------------------------------------------------------------------
    def warnings_for(self, groups: Iterable[str]) -> tuple[str, ...]:
        """The warnings for these groups as they are now (a page shows them after its redirect)."""
        return empty_group_warnings(self._groups_without_members(normalise_groups(groups)))

    def _spelt(self, access: Access) -> Access:
        """The groups spelt as those that exist already (members' groups, other collections' groups)."""
        known = list(self.members()) + [g for c in self.store.list_collections() for g in c.groups]
        return Access(access.visibility, normalise_groups(access.groups, known))

    def _groups_without_members(self, groups: tuple[str, ...]) -> list[str]:
        counts: dict[str, int] = {}
        for group, members in self.members().items():  # « RH » and « rh » count together
            counts[group.lower()] = counts.get(group.lower(), 0) + members
        return [g for g in groups if not counts.get(g.lower())]

    def _existing(self, name: str) -> Collection:
        found = self.store.get_collection(name)
        if found is None:
            raise SudiaError("SUDIA-C001", name=name)
        return found

    @staticmethod
    def _authorise(by: Caller, action: str, scope: str = "admin") -> str:
        if isinstance(by, Principal):
            require_manage(by, action, scope)
            return by.actor
        return by

    def _record(self, actor: str, action: str, name: str, entry_point: str, **details: object) -> None:
        if self.audit is not None:
            self.audit.record_admin(actor, action, name, collections=[name], entry_point=entry_point,
                                    details=details)


def collection_rules(platform: Platform, uploads: Uploads | None = None) -> CollectionRules:
    """The rules on a platform's store, titles, audit log and groups."""
    trust = platform.trust
    return CollectionRules(platform.store, platform.collection_titles, trust.audit, trust.directory.groups, uploads)
