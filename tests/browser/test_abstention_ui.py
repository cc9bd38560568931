"""The abstention view in the browser: never a dead end (issue #8, point 5)."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

OFF_TOPIC = "Quelle est la recette de la ratatouille ?"


def test_an_abstention_shows_the_three_closest_passages_once(page, axe_violations, screenshot) -> None:
    page.goto("/")
    page.get_by_label("Question").fill(OFF_TOPIC)
    page.get_by_role("button", name="Poser la question").click()
    page.locator(".tour .reponse-entete").wait_for()
    answer = page.locator(".tour .reponse-texte").last
    answer.wait_for()
    assert "ne permettent pas de répondre" in answer.inner_text()
    # The plain-text list of the API answer is not repeated above the page's own list.
    assert "Passages les plus proches" not in answer.inner_text()
    page.get_by_role("heading", name="Passages les plus proches").wait_for()
    closest = page.locator(".tour li.proche")
    assert closest.count() == 3
    link = closest.first.locator("a")
    assert link.get_attribute("href").startswith("/documents/")
    screenshot(page, "abstention-proches")
    assert axe_violations(page) == []
    link.click()
    page.wait_for_url("**/documents/**")
