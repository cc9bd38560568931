"""`sudia serve`: the web UI and APIs, with the demo collection ingested on first start."""

from __future__ import annotations

import typer


def serve(
    host: str = typer.Option(None, help="Adresse d'écoute (défaut : SUDIA_HOST)"),
    port: int = typer.Option(None, help="Port (défaut : SUDIA_PORT)"),
    workers: int = typer.Option(1, help="Processus web (sans état : la base porte tout l'état)"),
) -> None:
    """Démarrer l'interface web et les API sur http://127.0.0.1:8000."""
    import uvicorn

    from sudia.settings import Settings

    settings = Settings()
    uvicorn.run("sudia.web.app:create_app", factory=True, host=host or settings.host, port=port or settings.port,
                workers=workers, log_level="info")
