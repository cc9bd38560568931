"""Frugality figures from real answers and real audit entries: sources, scopes, groupings, statistics."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import pytest
from fake_llm import FakeLLM

from frugality.population import Population, llm_settings, populate
from sudia.access import Principal
from sudia.frugality import (Request, Scope, build_report, from_audit, from_usage, load_requests, merge, percentile,
                             period, person)
from sudia.platform import Platform
from sudia.settings import Settings


@pytest.fixture(scope="module")
def instance(tmp_path_factory: pytest.TempPathFactory):
    """One populated instance: local answers, a generated one (stand-in LLM server), refusals."""
    settings = Settings(data_dir=tmp_path_factory.mktemp("frugalite") / "data", demo=False, llm_base_url="",
                        llm_model="")
    llm = FakeLLM().start()
    platform = Platform.from_settings(settings)
    generative = Platform.from_settings(llm_settings(settings, llm.url))
    people = populate(platform, generative)
    generative.close()
    yield platform, people
    platform.close()
    llm.stop()


def everything(platform: Platform):
    today = period(1)[1]
    return load_requests(platform.trust.audit, platform.store, today - timedelta(days=1)), today


def test_audit_is_the_source_and_usage_fills_the_gaps(instance) -> None:
    platform, _ = instance
    requests, _ = everything(platform)
    audited = [r for r in requests if r.source == "audit"]
    from_table = [r for r in requests if r.source == "usage"]
    # 3 audited answers (the refusal ran nothing); 4 usage rows, 3 of them matched by an audit entry
    assert len(audited) == 3 and len(from_table) == 1
    assert from_table[0].actor == "" and from_table[0].collections == ("trains",)
    assert {r.user for r in audited} == {"agent@region.fr", "rh@region.fr"}
    assert all(r.energy_wh > 0 for r in requests)


def test_generated_answers_carry_their_model_and_tokens(instance) -> None:
    platform, _ = instance
    requests, today = everything(platform)
    report = build_report(requests, today, today)
    models = {t.key: t for t in report.by_model}
    assert set(models) == {"extractif (local)", "fake-llm-8b"}
    assert models["fake-llm-8b"].completion_tokens > 0 and models["fake-llm-8b"].prompt_tokens > 0
    assert models["extractif (local)"].tokens == 0
    assert report.total.requests == 4 and report.unattributed == 1
    assert report.total.energy_wh == pytest.approx(sum(r.energy_wh for r in requests), abs=1e-6)


def test_an_administrator_sees_every_request_and_user(instance) -> None:
    platform, people = instance
    requests, today = everything(platform)
    scope = Scope.of(people.admin, platform.store.list_collections(), allow_anonymous=False)
    report = build_report(requests, today, today, scope)
    assert report.scope == "all"
    assert {t.key for t in report.by_user} == {"agent@region.fr", "rh@region.fr", ""}
    assert {t.key for t in report.by_collection} == {"trains", "rh"}


def test_an_agent_sees_readable_collections_and_only_their_own_line(instance) -> None:
    platform, people = instance
    requests, today = everything(platform)
    report = build_report(requests, today, today, Scope.of(people.agent, platform.store.list_collections(), False))
    assert report.scope == "readable"
    assert {t.key for t in report.by_collection} == {"trains"}  # the HR collection is not even named
    assert [t.key for t in report.by_user] == ["agent@region.fr"]
    assert report.total.requests == 3  # two of the agent's, one unattributed library call on "trains"
    hr = build_report(requests, today, today, Scope.of(people.rh, platform.store.list_collections(), False))
    assert {t.key for t in hr.by_collection} == {"trains", "rh"} and [t.key for t in hr.by_user] == ["rh@region.fr"]


def test_anonymous_visitors_see_public_collections_when_allowed_and_no_user(instance) -> None:
    platform, _ = instance
    requests, today = everything(platform)
    collections = platform.store.list_collections()
    opened = build_report(requests, today, today, Scope.of(Principal.anonymous(), collections, True))
    assert {t.key for t in opened.by_collection} == {"trains"} and opened.by_user == ()
    closed = build_report(requests, today, today, Scope.of(Principal.anonymous(), collections, False))
    assert closed.total.requests == 0 and closed.by_collection == ()


def test_tokens_of_an_api_token_count_for_its_user() -> None:
    assert person("token:abc123:agent@region.fr") == "agent@region.fr"
    assert person("user:agent@region.fr") == "agent@region.fr"
    assert person("anonymous") == "anonymous" and person("cli:ops") == "cli:ops"


def request(at: str, actor: str = "user:a@b.fr", collections: tuple[str, ...] = ("c",), model: str = "m",
            latency: float = 100.0, wh: float = 0.01, source: str = "audit", request_id: str = "") -> Request:
    return Request(at, actor, "ask", collections, model, 10, 5, latency, wh, wh * 0.04144, source, request_id)


def test_every_day_of_the_period_is_listed_and_multi_collection_requests_count_in_each() -> None:
    since, until = date(2025, 3, 1), date(2025, 3, 30)
    requests = [request("2025-03-02T10:00:00.000+00:00", collections=("a", "b")),
                request("2025-03-02T11:00:00.000+00:00"), request("2025-02-28T23:59:59.999+00:00")]
    report = build_report(requests, since, until)
    assert len(report.by_day) == 30 and report.by_day[0].key == "2025-03-01" and report.by_day[-1].key == "2025-03-30"
    assert report.by_day[1].requests == 2 and report.by_day[0].requests == 0
    assert report.total.requests == 2  # the request of February is outside the period
    assert {t.key: t.requests for t in report.by_collection} == {"a": 1, "b": 1, "c": 1}
    data = report.to_dict()
    assert data["total"]["tokens"] == 30 and len(data["by_day"]) == 30


def test_latency_median_and_nearest_rank_p95() -> None:
    latencies = [float(v) for v in range(1, 101)]
    requests = [request("2025-03-02T10:00:00+00:00", latency=v) for v in latencies]
    total = build_report(requests, date(2025, 3, 2), date(2025, 3, 2)).total
    assert total.latency_median_ms == 50.5 and total.latency_p95_ms == 95.0
    assert percentile([7.0], 95) == 7.0 and percentile([], 95) == 0.0


def test_a_usage_row_matches_one_audit_entry_only_when_close_in_time() -> None:
    audited = [request("2025-03-02T10:00:01.500+00:00")]
    same = request("2025-03-02T10:00:01+00:00", actor="", source="usage")
    twice = [same, request("2025-03-02T10:00:01+00:00", actor="", source="usage")]
    assert len(merge(audited, [same])) == 1
    assert len(merge(audited, twice)) == 2  # one entry accounts for one row only
    late = request("2025-03-02T11:00:00+00:00", actor="", source="usage")
    assert len(merge(audited, [late])) == 2
    other_model = request("2025-03-02T10:00:01+00:00", actor="", model="autre", source="usage")
    assert len(merge(audited, [other_model])) == 2


def test_refused_requests_are_not_counted(instance) -> None:
    platform, people = instance
    refused = [e for e in people.entries if e.outcome == "denied"]
    assert refused and from_audit(refused) == []
    assert all(r.source == "usage" for r in from_usage(platform.store.list_usage(10)))
    assert isinstance(people, Population)


def test_one_request_is_one_record_even_when_its_audit_figures_grew() -> None:
    """Regression (#11): a follow-up's rewriting adds tokens after the usage row was written; the
    figures then differed and the request was counted twice. The shared request id joins them."""
    row = request("2025-03-02T10:00:01+00:00", actor="", source="usage", request_id="r1")
    audited = replace(request("2025-03-02T10:00:02+00:00", request_id="r1"), prompt_tokens=999, energy_wh=0.5)
    assert merge([audited], [row]) == [audited]
    other = request("2025-03-02T10:00:01+00:00", actor="", source="usage", request_id="r2")
    assert len(merge([audited], [other])) == 2  # same figures, another request: both count


def test_the_usage_row_and_the_audit_entry_of_an_answer_share_its_id(instance) -> None:
    platform, _ = instance
    rows = {r.usage.request_id for r in platform.store.list_usage(100)}
    entries = [e for e in platform.trust.audit.entries() if e.kind == "ai_request" and e.outcome not in ("denied",)]
    assert entries and all(e.details["request_id"] in rows for e in entries)
