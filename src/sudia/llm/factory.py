"""Builds the language model named in the settings (SUDIA_LLM_BACKEND), like embed/factory.py.

llama.cpp's server, vLLM, Ollama and the Albert API all speak the OpenAI chat API: each is a
declared backend whose usual address is a default (settings.LLM_SERVERS), not code. A backend
speaking another protocol is one module with a `LanguageModel` and one `LlmBackend` declared here,
or, from an installed package, under the entry point group ``sudia.llm_backends`` (an
`LlmBackend`). `none` turns generation off: answers are extractive.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from importlib.metadata import entry_points

from sudia.errors import SudiaError
from sudia.llm.base import LanguageModel
from sudia.settings import Settings

log = logging.getLogger(__name__)
ENTRY_POINT_GROUP = "sudia.llm_backends"


@dataclass(frozen=True)
class LlmBackend:
    name: str  # value of SUDIA_LLM_BACKEND
    build: Callable[[Settings], LanguageModel]
    needs_api_key: bool = False


def _openai_compatible(settings: Settings) -> LanguageModel:
    from sudia.llm.openai_compat import OpenAICompatibleModel

    return OpenAICompatibleModel(settings.llm_url, settings.llm_model, settings.llm_api_key.get_secret_value(),
                                 settings.llm_timeout_s, settings.llm_temperature)


BACKENDS: dict[str, LlmBackend] = {
    "openai": LlmBackend("openai", _openai_compatible),
    "vllm": LlmBackend("vllm", _openai_compatible),
    "llamacpp": LlmBackend("llamacpp", _openai_compatible),
    "ollama": LlmBackend("ollama", _openai_compatible),
    "albert": LlmBackend("albert", _openai_compatible, needs_api_key=True),
}


def backends() -> dict[str, LlmBackend]:
    """The built-in backends, then those installed packages declare (a built-in name is kept)."""
    found = dict(BACKENDS)
    for point in entry_points(group=ENTRY_POINT_GROUP):
        try:
            backend = point.load()
        except Exception as exc:  # a broken third-party backend must not stop the platform
            log.error("language model backend %s not loaded: %s", point.name, exc)
            continue
        if isinstance(backend, LlmBackend):
            found.setdefault(backend.name, backend)
    return found


def choices() -> list[str]:
    return [*backends(), "none"]


def make_llm(settings: Settings) -> LanguageModel | None:
    """The configured language model, or None (extractive answers) when none is configured."""
    name = settings.llm_backend
    known = backends()
    if name != "none" and name not in known:
        raise SudiaError("SUDIA-M007", name=name, choices=", ".join(choices()))
    if name == "none" or not settings.llm_configured:
        return None
    backend = known[name]
    if backend.needs_api_key and not settings.llm_api_key.get_secret_value():
        raise SudiaError("SUDIA-M006", backend=name)
    return backend.build(settings)
