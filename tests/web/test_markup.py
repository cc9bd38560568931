"""Every sampled page of the accessibility self-assessment (RGAA criterion 8.2): balanced tags and unique ids.

A light check of the generated code, not a full HTML validator: open and close tags match (void
elements aside), no id is used twice, and every `for`, `aria-labelledby`, `aria-describedby` and
`aria-controls` points to an element that exists.
"""

from __future__ import annotations

from html.parser import HTMLParser

import pytest
from fastapi.testclient import TestClient
from web.test_conversations import FIRST, _app, ask, signed_in

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
OPTIONAL_END = {"p", "li", "option", "td", "th", "tr", "thead", "tbody", "dt", "dd"}


class Checker(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.ids: list[str] = []
        self.references: list[str] = []
        self.problems: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if values.get("id"):
            self.ids.append(values["id"] or "")
        for name in ("for", "aria-labelledby", "aria-describedby", "aria-controls"):
            if values.get(name):
                self.references.extend((values[name] or "").split())
        if tag not in VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in VOID:
            self.stack.pop()

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID:
            return
        while self.stack and self.stack[-1] != tag and self.stack[-1] in OPTIONAL_END:
            self.stack.pop()
        if not self.stack or self.stack[-1] != tag:
            self.problems.append(f"</{tag}> ferme <{self.stack[-1] if self.stack else '—'}> (ligne {self.getpos()[0]})")
            return
        self.stack.pop()


def problems(page: str) -> list[str]:
    checker = Checker()
    checker.feed(page)
    checker.close()
    found = list(checker.problems)
    found += [f"<{t}> jamais fermé" for t in checker.stack if t not in OPTIONAL_END]
    found += [f"id « {i} » répété" for i in {i for i in checker.ids if checker.ids.count(i) > 1}]
    found += [f"référence vers « {r} » absente" for r in set(checker.references) - set(checker.ids)]
    return found


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    app = _app(tmp_path_factory.mktemp("markup"))
    try:
        agent = signed_in(app, "agent@region.fr")
        location = ask(agent, FIRST).headers["location"]
        ask(agent, "Qui peut l'avoir ?", conversation=location.split("/")[2].split("#")[0])
        admin = signed_in(app, "admin@region.fr")
        turn = location.split("#tour-")[1]
        agent.post(f"/conversations/{location.split('/')[2].split('#')[0]}/tours/{turn}/avis",
                   data={"note": "1", "commentaire": "Bien", "csrf": agent.csrf})
        document = app.state.platform.store.list_documents("guides")[0]
        chunk = app.state.platform.store.document_chunks(document.id)[0]
        return {
            "/": agent.get("/").text, "conversation": agent.get(location.split("#")[0]).text,
            "/historique": agent.get("/historique").text,
            "recherche": agent.post("/recherche", data={"q": "Pass Jeunes"}).text,
            "/documents": admin.get("/documents").text,
            "passage": agent.get(f"/documents/{document.id}?passage={chunk.id}").text,
            "/connexion": TestClient(app).get("/connexion").text,
            "/admin/avis": admin.get("/admin/avis").text,
            **{path: agent.get(path).text for path in ("/accessibilite", "/plan-du-site", "/mentions-legales",
                                                         "/donnees-personnelles")},
        }
    finally:
        app.state.platform.close()


@pytest.mark.parametrize("name", ["/", "conversation", "/historique", "recherche", "/documents", "passage",
                                  "/connexion", "/admin/avis", "/accessibilite", "/plan-du-site",
                                  "/mentions-legales", "/donnees-personnelles"])
def test_sampled_pages_are_well_formed(pages: dict[str, str], name: str) -> None:
    assert pages[name].startswith("<!doctype html>")
    assert problems(pages[name]) == [], name


def test_the_checker_finds_what_it_looks_for() -> None:
    bad = '<div id="a"><span id="a"></div><label for="b">x</label>'
    found = problems(bad)
    assert any("répété" in p for p in found) and any("« b »" in p for p in found) and any("ferme" in p for p in found)
    assert problems("<p>un<p>deux<ul><li>a<li>b</ul>") == []  # optional end tags are fine


def test_group_only_nav_entries_ignore_the_case_of_group_names() -> None:
    # Group names are stored in lower case (« RH » and « rh » are one group); a use case may declare
    # its entry with the deployer's spelling.
    from sudia.web import templating

    templating.add_nav_item("Essai casse", "/essai-casse", groups=("Instructeurs-Permis",))
    try:
        assert templating.nav_visible("/essai-casse", False, ["instructeurs-permis"])
        assert not templating.nav_visible("/essai-casse", False, ["autre-groupe"])
    finally:  # the navigation is process-wide: leave no entry behind for the other tests
        templating.NAV_ITEMS.remove(("Essai casse", "/essai-casse"))
        del templating.GROUP_PATHS["/essai-casse"]
