"""Errors under /v1 in OpenAI's shape: `{"error": {"message", "type", "param", "code"}}`.

OpenAI clients (the official one, LangChain, LlamaIndex) read `error.message` to show the user
and `type` to choose the exception; `param` names the faulty field. Every /v1 error has this
shape, the ones raised before a route runs too (validation, unknown path, wrong method).
"""

from __future__ import annotations

from typing import Any

TYPES = {401: "authentication_error", 403: "permission_error", 404: "not_found_error", 409: "conflict_error",
         413: "invalid_request_error", 422: "invalid_request_error", 429: "rate_limit_error"}


def is_openai_path(path: str) -> bool:
    return path == "/v1" or path.startswith("/v1/")


def error_type(status: int) -> str:
    return TYPES.get(status, "api_error" if status >= 500 else "invalid_request_error")


def openai_error_body(message: str, status: int, code: str, param: str | None = None) -> dict[str, Any]:
    return {"error": {"message": message, "type": error_type(status), "param": param, "code": code}}


def validation_param(errors: list[dict[str, Any]]) -> str | None:
    """The request field a validation error is about (`messages`, `max_tokens`), as OpenAI names it."""
    for error in errors:
        loc = [str(p) for p in error.get("loc", ()) if p != "body"]
        if loc:
            return ".".join(loc)
    return None
