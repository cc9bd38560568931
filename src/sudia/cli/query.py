"""`sudia search` and `sudia ask`: find passages, answer with citations."""

from __future__ import annotations

import typer

from sudia.cli.common import console, platform, print_json


def search(
    query: str = typer.Argument(..., help="Recherche en langage naturel"),
    collection: list[str] = typer.Option(..., "--collection", "-c", help="Collection(s) où chercher"),
    k: int = typer.Option(5, "--k", help="Nombre de passages"),
    as_json: bool = typer.Option(False, "--json"),
) -> None:
    """Recherche hybride (lexicale française + sémantique) dans une ou plusieurs collections."""
    with platform() as p:
        _check(p, collection)
        hits = p.retriever.search(query, collection, k=k)
        if as_json:
            print_json({"query": query, "collections": collection, "hits": [h.to_dict() for h in hits]})
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
) -> None:
    """Répondre à une question à partir des documents, avec citations (ou dire qu'ils ne répondent pas)."""
    with platform() as p:
        _check(p, collection)
        answer = p.assistant.ask(question, collection)
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


def _check(p, collections: list[str]) -> None:
    from sudia.errors import SudiaError

    for name in collections:
        if p.store.get_collection(name) is None:
            raise SudiaError("SUDIA-C001", name=name)
