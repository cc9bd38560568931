"""Serves the declared use cases (sudia.extensions) in the web app: templates, static files,
navigation, administration menu and routes. The app calls `install_usecases` once, at its start."""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from sudia.audit.wording import add_action_wording
from sudia.platform import Platform
from sudia.web.auth import add_admin_section
from sudia.web.templating import add_nav_item, add_template_dir, env


def install_usecases(app: FastAPI, platform: Platform) -> tuple[str, ...]:
    """Installs every use case; returns the path prefixes they answer in JSON."""
    settings = platform.settings
    json_paths: list[str] = []
    for usecase in platform.usecases:
        folder = usecase.templates_dir()
        if folder is not None:
            add_template_dir(folder)
        env.filters.update(usecase.template_filters())
        env.globals.update(usecase.template_globals())
        static = usecase.static_dir()
        if static is not None:
            app.mount(f"/{usecase.name}/static", StaticFiles(directory=static), name=f"{usecase.name}-static")
            json_paths.append(f"/{usecase.name}/static")
        for entry in usecase.navigation(settings):
            add_nav_item(entry.label, entry.path, admin=entry.admin, groups=entry.groups)
        for entry in usecase.admin_sections(settings):
            add_admin_section(entry.label, entry.path)
        add_action_wording(usecase.name, usecase.title or usecase.name,
                           {key: (a.label, a.sentence) for key, a in usecase.audit_actions().items()})
        for router in usecase.routers(platform):
            app.include_router(router)
        json_paths.extend(usecase.json_paths())
    return tuple(json_paths)


def start_usecases(platform: Platform) -> None:
    for usecase in platform.usecases:
        usecase.startup(platform)
