"""The shared Jinja2 environment of the web pages: template folders, navigation, French formats.

Other packages (the observatory) add their own template folder with `add_template_dir` and their
nav entries with `add_nav_item`; their templates extend `base.html` like ours.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from datetime import datetime, timezone
from pathlib import Path
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

from fastapi import Request
from fastapi.templating import Jinja2Templates
from jinja2 import ChoiceLoader, Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup, escape

from sudia import __version__
from sudia.access import shares_group
from sudia.types import Citation

TEMPLATES = Path(__file__).parent / "templates"

# (label, path) of the header navigation, in order. Append to it (or use add_nav_item) to add pages.
NAV_ITEMS: list[tuple[str, str]] = [
    ("Assistant", "/"),
    ("Recherche", "/recherche"),
    ("Documents", "/documents"),
]

# Nav entries shown to administrators only (add_nav_item(..., admin=True)).
ADMIN_PATHS: set[str] = set()
# Nav entries shown only to members of some groups (add_nav_item(..., groups=(...))).
GROUP_PATHS: dict[str, frozenset[str]] = {}

loader = ChoiceLoader([FileSystemLoader(TEMPLATES)])


def add_template_dir(path: str | Path) -> None:
    """Make the templates of `path` loadable; earlier folders win when two hold the same name."""
    folder = FileSystemLoader(Path(path))
    if all(getattr(existing, "searchpath", None) != folder.searchpath for existing in loader.loaders):
        loader.loaders.append(folder)


def add_nav_item(label: str, path: str, admin: bool = False, groups: Sequence[str] = ()) -> None:
    if (label, path) not in NAV_ITEMS:
        NAV_ITEMS.append((label, path))
    if admin:
        ADMIN_PATHS.add(path)
    if groups:
        GROUP_PATHS[path] = frozenset(groups)


def nav_visible(path: str, is_admin: bool, groups: Sequence[str]) -> bool:
    """A link is only a convenience: each page checks access itself; this hides dead ends."""
    if path in ADMIN_PATHS and not is_admin:
        return False
    wanted = GROUP_PATHS.get(path)
    return wanted is None or shares_group(groups, wanted)


def nav_current(request_path: str, path: str) -> bool:
    """A nav entry is current on its own page and on the pages under it (/documents/…)."""
    if path == "/":
        return request_path == "/"
    return request_path == path or request_path.startswith(path.rstrip("/") + "/")


def french_number(value: float | int | None, digits: int = 2) -> str:
    """1234.5 -> '1 234,5'; tiny values keep `digits` significant figures (0,00012)."""
    if value is None:
        return "—"
    value = float(value)
    if value == 0:
        return "0"
    if abs(value) < 1:
        decimals = max(digits - 1 - math.floor(math.log10(abs(value))), 0)
    else:
        decimals = max(digits - 1 - math.floor(math.log10(abs(value))), 0) if abs(value) < 100 else 0
    text = f"{value:,.{decimals}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text.replace(",", "\u202f").replace(".", ",")


def french_size(size: int | None) -> str:
    if not size:
        return "—"
    if size < 1024:
        return f"{size} o"
    if size < 1024 * 1024:
        return f"{french_number(size / 1024)} Ko"
    return f"{french_number(size / 1048576)} Mo"


PARIS = ZoneInfo("Europe/Paris")


def french_date(iso: str | None) -> str:
    """'2025-03-04T10:20:00+00:00' -> '04/03/2025 11:20': instants in Paris time (stored in UTC; a
    timestamp without offset is UTC too); a bare date '2025-03-04' -> '04/03/2025'."""
    if not iso:
        return "—"
    day, _, rest = iso.partition("T")
    parts = day.split("-")
    if len(parts) != 3:
        return iso
    if not rest:
        return f"{parts[2]}/{parts[1]}/{parts[0]}"
    try:
        moment = datetime.fromisoformat(iso)
    except ValueError:
        return f"{parts[2]}/{parts[1]}/{parts[0]} {rest[:5]}"
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(PARIS).strftime("%d/%m/%Y %H:%M")


def passage_url(document_id: str, chunk_id: str, quote: str = "") -> str:
    """Link to a passage in its document; `extrait` names the sentence to highlight in it."""
    query = {"passage": chunk_id} | ({"extrait": quote} if quote else {})
    return f"/documents/{document_id}?{urlencode(query)}#passage-{chunk_id}"


def file_url(document_id: str, kind: str = "", page: int | None = None) -> str:
    """The original file; browsers' PDF viewers open it at `#page=N`. `kind`: media type or file name."""
    url = f"/api/documents/{document_id}/file"
    is_pdf = kind == "application/pdf" or kind.lower().endswith(".pdf")
    return f"{url}#page={page}" if page and is_pdf else url


_MARKER = re.compile(r"\[(\d+)\]")


def cited_html(text: str, citations: Sequence[Citation]) -> Markup:
    """Answer text with each [n] turned into a link to the passage it cites.

    An extractive answer cites one passage several times with a different sentence each time:
    the k-th [n] of the text goes with the k-th citation numbered n (same order as written).
    """
    by_number: dict[int, list[Citation]] = {}
    for c in citations:
        by_number.setdefault(c.number, []).append(c)
    seen: dict[int, int] = {}
    out: list[str] = []
    last = 0
    for match in _MARKER.finditer(text):
        number = int(match.group(1))
        out.append(str(escape(text[last:match.start()])))
        last = match.end()
        options = by_number.get(number)
        if not options:
            out.append(str(escape(match.group())))
            continue
        c = options[min(seen.get(number, 0), len(options) - 1)]
        seen[number] = seen.get(number, 0) + 1
        where = f", page {c.page}" if c.page else ""
        label = f"Source {number} : {c.document}{where}"
        out.append(f'<a class="renvoi" href="{escape(passage_url(c.document_id, c.chunk_id, c.quote))}"'
                   f' title="{escape(label)}" aria-label="{escape(label)}">[{number}]</a>')
    out.append(str(escape(text[last:])))
    paragraphs = [p.strip() for p in "".join(out).split("\n\n") if p.strip()]
    return Markup("".join(f"<p>{p.replace(chr(10), '<br>')}</p>" for p in paragraphs))


def highlighted(text: str, quote: str = "") -> Markup:
    """The passage with `quote` in <mark>; the whole passage when the quote is not found in it."""
    words = quote.split()
    if words:
        match = re.search(r"\s+".join(re.escape(w) for w in words), text)
        if match:
            return (escape(text[:match.start()]) + Markup("<mark>") + escape(match.group())
                    + Markup("</mark>") + escape(text[match.end():]))
    return Markup("<mark>") + escape(text) + Markup("</mark>")


def _accessibility_status() -> str:
    from sudia.accessibility import assessment

    return assessment().status  # the footer's « Accessibilité : … », from the RGAA self-assessment


def _base_context(request: Request) -> dict[str, object]:
    from sudia.demo.setup import demo_status
    from sudia.web.auth import template_context

    visitor = template_context(request)  # utilisateur, csrf, est_admin, connexion_url
    groups = getattr(visitor["utilisateur"], "groups", ())
    from sudia.web.collection_names import CollectionNames

    return {
        "noms_collections": CollectionNames(request),  # display names of collections, by slug
        "organisation_site": getattr(getattr(request.app.state, "settings", None), "transparency_organisation", ""),
        "nav_items": [(label, path, nav_current(request.url.path, path)) for label, path in NAV_ITEMS
                      if nav_visible(path, bool(visitor["est_admin"]), groups)],
        "version": __version__,
        "demo": demo_status(),
        **visitor,
    }


env = Environment(loader=loader, autoescape=select_autoescape(["html", "xml"]), trim_blocks=True,
                  lstrip_blocks=True)
env.filters["nombre"] = french_number
env.filters["taille"] = french_size
env.filters["date_fr"] = french_date
env.filters["citer"] = cited_html
env.filters["surligner"] = highlighted
env.globals["passage_url"] = passage_url
env.globals["statut_accessibilite"] = _accessibility_status()
env.globals["file_url"] = file_url

templates = Jinja2Templates(env=env, context_processors=[_base_context])
