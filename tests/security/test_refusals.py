"""Finding 6: refused requests cost a counter, not an audit entry each; the rate check comes first."""

from __future__ import annotations

from fastapi.testclient import TestClient

from sudia.audit.base import AuditQuery


def _entries(client: TestClient) -> list:
    return client.app.state.platform.trust.audit.entries(AuditQuery(kind="ai_request"), limit=10_000)


def test_a_flood_of_bogus_tokens_is_cut_short_and_barely_logged(make_app) -> None:
    client = make_app(auth_failures_per_ip_per_minute=30)
    moment = client.app.state.platform.trust.audited_refusals.clock()
    client.app.state.platform.trust.audited_refusals.clock = lambda: moment  # one minute, whatever the test's pace
    bogus = TestClient(client.app, headers={"Authorization": "Bearer sudia_faux-jeton-de-test"})
    statuses = [bogus.post("/api/search", json={"query": "tarif"}).status_code for _ in range(200)]
    assert statuses[:30] == [401] * 30 and set(statuses[30:]) == {429}
    limited = bogus.post("/api/search", json={"query": "tarif"})
    assert limited.json()["error"]["code"] == "SUDIA-L006" and int(limited.headers["retry-after"]) >= 1
    assert len(_entries(client)) <= 2  # one "denied", one "rate_limited"; the 199 others are counted


def test_rate_is_checked_before_access_and_refusals_are_summed_up(make_app) -> None:
    client = make_app(allow_anonymous=False, rate_limit_anonymous_per_minute=10)
    limiter = client.app.state.platform.trust.audited_refusals
    moment = limiter.clock()
    limiter.clock = lambda: moment
    statuses = [client.post("/api/ask", json={"question": "Quel tarif ?"}).status_code for _ in range(50)]
    assert statuses[:10] == [401] * 10 and set(statuses[10:]) == {429}  # the closed door does not skip the count
    entries = _entries(client)
    assert sorted(e.outcome for e in entries) == ["denied", "rate_limited"]

    # The next minute's first refusal says how many were counted without an entry of their own.
    later = (limiter.clock() // 60 + 1) * 60  # the start of the next minute
    limiter.clock = lambda: later
    client.app.state.platform.trust.anonymous_requests.clock = lambda: later + 3600
    client.post("/api/ask", json={"question": "Quel tarif ?"})
    newest = _entries(client)[0]
    assert newest.outcome == "denied" and newest.details["refused_previous_minute"] == 10
