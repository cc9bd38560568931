"""The reference of every `SUDIA_*` setting, generated from the typed settings themselves.

`docs/settings.md` is this module's output (`python -m sudia.settings_reference > docs/settings.md`);
a test fails when it is out of date, and another checks the defaults the README quotes. The use
cases' slices (`UseCase.settings_model`) are listed after the platform's own settings.
"""

from __future__ import annotations

from pydantic import SecretStr
from pydantic_settings import BaseSettings

from sudia.settings import Settings


def env_name(model: type[BaseSettings], field: str) -> str:
    return f"{model.model_config.get('env_prefix', '')}{field}".upper()


def default_text(value: object) -> str:
    """The default as a person would type it in the environment."""
    if isinstance(value, SecretStr):
        value = value.get_secret_value()
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None or value == "":
        return ""
    if isinstance(value, dict):
        return "{}" if not value else str(value)
    return str(value)


def defaults(model: type[BaseSettings]) -> dict[str, str]:
    out = {}
    for name, field in model.model_fields.items():
        value = field.default_factory() if field.default_factory is not None else field.default  # type: ignore[call-arg]
        out[env_name(model, name)] = default_text(value)
    return out


def _table(model: type[BaseSettings]) -> list[str]:
    lines = ["| variable | défaut | rôle |", "|---|---|---|"]
    for name, field in model.model_fields.items():
        default = defaults(model)[env_name(model, name)]
        shown = f"`{default}`" if default else "(vide)"
        lines.append(f"| `{env_name(model, name)}` | {shown} | {(field.description or '').replace('|', '/')} |")
    return lines


def reference(slices: list[tuple[str, type[BaseSettings]]]) -> str:
    lines = ["# Réglages de Sud IA (variables d'environnement `SUDIA_*`)", "",
             "Généré depuis `src/sudia/settings.py` par `python -m sudia.settings_reference` : ne pas modifier à la main.",
             "", "## Plateforme", "", *_table(Settings)]
    for title, model in slices:
        lines += ["", f"## {title}", "", *_table(model)]
    return "\n".join(lines) + "\n"


def usecase_slices() -> list[tuple[str, type[BaseSettings]]]:
    from sudia.extensions import discover

    return [(u.title or u.name, u.settings_model) for u in discover() if u.settings_model is not None]


if __name__ == "__main__":
    print(reference(usecase_slices()), end="")
