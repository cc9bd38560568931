"""Fills an instance through the real use cases: collections, accounts, questions, audit entries.

Used by the frugality, trust-page and browser tests. Nothing is inserted by hand: documents go
through the ingestor, answers through `Assistant.ask` (which also writes the usage row), accounts
through `Directory`, and audit entries through `AuditLog`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from pathlib import Path

from sudia.access import Principal
from sudia.accounts.authenticator import principal_for
from sudia.audit.log import AuditLog
from sudia.platform import Platform
from sudia.settings import Settings

SAMPLES = Path(__file__).parents[1] / "samples" / "ingest"
PASSWORD = "Tournesol-Calanque-42"
QUESTION_TRAINS = "Combien coûte l'abonnement Zou Études ?"
QUESTION_RH = "Qui peut demander une bourse ?"


@dataclass
class Population:
    admin: Principal
    agent: Principal  # reads the public collection only
    rh: Principal  # member of the "rh" group
    entries: list = field(default_factory=list)  # the AuditEntry objects written


def populate(platform: Platform, llm_platform: Platform | None = None, past_days: int = 0) -> Population:
    """Two collections ("trains" public, "rh" restricted to group rh), three users and their questions.

    Writes: 2 audited local answers (agent on trains, rh on rh), 1 refused request (anonymous on rh),
    1 unaudited answer (a library call: usage row only), with `llm_platform` 1 audited generated
    answer, and with `past_days` one audited answer per earlier day (at that day's date).
    """
    store, trust = platform.store, platform.trust
    store.ensure_collection("trains", "Trains régionaux", "public")
    store.ensure_collection("rh", "Ressources humaines", "restricted", ("rh",))
    platform.ingestor.ingest_file("trains", SAMPLES / "faq-ter.md")
    platform.ingestor.ingest_file("rh", SAMPLES / "page-bourses.html")
    directory = trust.directory
    admin = directory.create_admin("cli:test", "admin@region.fr", PASSWORD)
    agent = directory.add_user("cli:test", "agent@region.fr", password=PASSWORD)
    rh = directory.add_user("cli:test", "rh@region.fr", password=PASSWORD, groups=["rh"])
    people = Population(principal_for(admin), principal_for(agent), principal_for(rh))

    def ask(who: Principal, question: str, collections: list[str], on: Platform = platform):
        answer = on.assistant.ask(question, collections)
        entry = trust.audit.record_request(who.actor, "ask", collections, question, answer=answer, entry_point="web")
        people.entries.append(entry)
        return answer

    ask(people.agent, QUESTION_TRAINS, ["trains"])
    ask(people.rh, QUESTION_RH, ["rh"])
    people.entries.append(trust.audit.record_request("anonymous", "ask", ["rh"], QUESTION_RH, outcome="denied",
                                                     entry_point="web"))
    platform.assistant.ask("Quels sont les avantages de l'abonnement ?", ["trains"])  # not audited
    if llm_platform is not None:
        ask(people.agent, "Peut-on résilier l'abonnement chaque mois ?", ["trains"], on=llm_platform)
    if past_days:
        answer = platform.assistant.ask(QUESTION_TRAINS, ["trains"])
        people.entries.append(trust.audit.record_request(people.agent.actor, "ask", ["trains"], QUESTION_TRAINS,
                                                         answer=answer))  # matches the row just written
        today = datetime.now(timezone.utc).replace(hour=9, minute=30)
        for back in range(1, past_days + 1):
            moment = today - timedelta(days=back)
            log = AuditLog(trust.store, trust.audit.questions, clock=lambda m=moment: m)
            who = (people.agent, people.rh, people.admin)[back % 3]
            for _ in range(1 + back % 4):  # a few requests a day, the real answer's cost each time
                people.entries.append(log.record_request(who.actor, "ask", ["trains"], QUESTION_TRAINS,
                                                         answer=answer, entry_point="web"))
    return people


def llm_settings(settings: Settings, url: str) -> Settings:
    return settings.model_copy(update={"llm_base_url": url, "llm_model": "fake-llm-8b"})
