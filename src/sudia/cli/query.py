"""`sudia search` and `sudia ask`: find passages, answer with citations; both are written to the audit log."""

from __future__ import annotations

from typing import Any

import typer

from sudia.cli.common import AS_USER_HELP, CliCaller, caller, console, platform, print_json
from sudia.errors import SudiaError

AS_USER = typer.Option(None, "--as-user", envvar="SUDIA_CLI_USER", help=AS_USER_HELP)


def search(
    query: str = typer.Argument(..., help="Recherche en langage naturel"),
    collection: list[str] = typer.Option(..., "--collection", "-c", help="Collection(s) où chercher"),
    k: int = typer.Option(5, "--k", help="Nombre de passages"),
    as_json: bool = typer.Option(False, "--json"),
    as_user: str = AS_USER,
) -> None:
    """Recherche hybride (lexicale française + sémantique) dans une ou plusieurs collections."""
    with platform() as p:
        who = caller(p, as_user)
        names = _admitted(p, who, "search", query, collection)
        hits = p.retriever.search(query, names, k=k)
        _record(p, who, "search", names, query, hits=hits)
        if as_json:
            print_json({"query": query, "collections": names, "hits": [h.to_dict() for h in hits]})
            return
        for rank, hit in enumerate(hits, start=1):
            d = hit.to_dict()
            where = f"p. {d['page']}" if d["page"] else ""
            console.print(f"[bold]{rank}. {d['document']}[/] {where} {d['section']} (score {d['score']:.4f})",
                          highlight=False)
            console.print(f"   {d['text'][:300]}", highlight=False)


def ask(
    question: str = typer.Argument(..., help="Question en français"),
    collection: list[str] = typer.Option(..., "--collection", "-c", help="Collection(s) consultée(s)"),
    as_json: bool = typer.Option(False, "--json"),
    as_user: str = AS_USER,
) -> None:
    """Répondre à une question à partir des documents, avec citations (ou dire qu'ils ne répondent pas)."""
    with platform() as p:
        who = caller(p, as_user)
        names = _admitted(p, who, "ask", question, collection)
        try:
            answer = p.assistant.ask(question, names)
        except SudiaError as exc:
            _record(p, who, "ask", names, question, outcome="error", details={"code": exc.code})
            raise
        warnings = {"warnings": list(answer.warnings)} if getattr(answer, "warnings", None) else {}
        _record(p, who, "ask", names, question, answer=answer, details=warnings)
        if as_json:
            print_json(answer.to_dict())
            return
        console.print(answer.text, highlight=False)
        if answer.notice:
            console.print(f"[yellow]{answer.notice}[/]", highlight=False)
        for c in answer.citations:
            page = f", p. {c.page}" if c.page else ""
            console.print(f"  [{c.number}] {c.document}{page} — « {c.quote} »", highlight=False)
        u = answer.usage
        console.print(f"[dim]Mode : {answer.mode} · {u.model} · {u.latency_ms:.0f} ms · {u.energy_wh:.4f} Wh · "
                      f"{u.carbon_gco2e:.5f} gCO2e[/]", highlight=False)


def _admitted(p: Any, who: CliCaller, action: str, question: str, requested: list[str]) -> list[str]:
    """The collections the caller may read; a refusal is written to the audit log before it is shown.
    The text is held to the same length limits as on the web (`sudia.limits`), before any model runs."""
    from sudia.limits import Limits

    try:
        Limits.from_settings(p.settings).check_text("query" if action == "search" else "question", question)
        return who.collections(p, requested)
    except SudiaError as exc:
        outcome = "denied" if who.principal is not None else "error"  # the operator reads everything there is
        _record(p, who, action, requested, question[:p.settings.max_question_chars], outcome=outcome,
                details={"code": exc.code})
        raise


def _record(p: Any, who: CliCaller, action: str, collections: list[str], question: str, **kwargs: Any) -> None:
    details = {"operator": who.operator} | kwargs.pop("details", {})
    p.trust.audit.record_request(who.actor, action, collections, question, entry_point="cli", details=details,
                                 **kwargs)
