"""The API at /api/v1: token auth for scripts, session auth for the browser, JSON errors."""

from __future__ import annotations

from importlib import import_module
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import HttpRequest
from django.utils.datastructures import MultiValueDict
from ninja import NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.parser import Parser
from ninja.security import APIKeyCookie, HttpBearer

from goldenthread.access import rls
from goldenthread.access.actions import actor_for_token
from goldenthread.access.actor import Actor, NotFound, Refused
from goldenthread.access.middleware import client_ip
from goldenthread.core.renderers import FastJSONRenderer
from goldenthread.web.nav import AREAS


class TokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> Actor | None:
        actor = actor_for_token(token, ip=client_ip(request))
        if actor is not None:
            request.actor = actor  # type: ignore[attr-defined]
            rls.bind_site(actor.site_id)
        return actor


class SessionActorAuth(APIKeyCookie):
    """The browser's session, with CSRF checked on unsafe methods."""

    param_name = "sessionid"

    def authenticate(self, request: HttpRequest, key: str | None) -> Actor | None:
        return getattr(request, "actor", None)


class NulInText(ValueError):
    """A NUL character in text input: no text column stores one (PostgreSQL answers an error),
    so it is refused like any invalid input."""

    def __init__(self, field: str) -> None:
        super().__init__(f"{field}: text may not contain NUL characters")
        self.field = field


def _refuse_nul(value: Any, where: str) -> None:
    if isinstance(value, str):
        if "\x00" in value:
            raise NulInText(where)
    elif isinstance(value, dict):
        for key, item in value.items():
            _refuse_nul(key, where)
            _refuse_nul(item, f"{where}.{key}")
    elif isinstance(value, list):
        for item in value:
            _refuse_nul(item, where)


class TextParser(Parser):
    """JSON bodies and query strings, without NUL characters."""

    def parse_body(self, request: HttpRequest) -> dict[str, Any]:
        data = super().parse_body(request)
        _refuse_nul(data, "body")
        return data

    def parse_querydict(
        self, data: MultiValueDict, list_fields: list[str], request: HttpRequest
    ) -> dict[str, Any]:
        result = super().parse_querydict(data, list_fields, request)
        try:
            _refuse_nul(result, "query")
        except NulInText as exc:
            raise HttpError(422, str(exc)) from exc
        return result


class ErrorItemOut(Schema):
    field: str | None
    message: str


class ErrorOut(Schema):
    """Every error answer: a sentence for a person, and the inputs at fault where known."""

    detail: str
    errors: list[ErrorItemOut] = []


# The error answers every operation may give (the exception handlers below), declared once for
# all of them in the schema so that clients (and Schemathesis) know them.
ERRORS = {
    401: "Authentication required: no valid, unexpired token or session.",
    404: "Not found, or not visible to this role or site: the same answer.",
    422: "The input is invalid, or the domain refuses it.",
}
BODY_ERRORS = {400: "The request body cannot be parsed (not JSON, or not UTF-8)."}
UNSAFE_ERRORS = {
    403: "The browser session's CSRF check failed.",
    409: "Someone else got there first.",
}


class GoldenThreadAPI(NinjaAPI):
    def get_openapi_schema(self, *, path_prefix=None, path_params=None):  # type: ignore[no-untyped-def]
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        components = schema.setdefault("components", {}).setdefault("schemas", {})
        error = ErrorOut.model_json_schema(ref_template="#/components/schemas/{model}")
        components.update(error.pop("$defs", {}))
        components["ErrorOut"] = error
        content = {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorOut"}}}
        for operations in schema["paths"].values():
            for method, operation in operations.items():
                declared = operation.setdefault("responses", {})
                errors = ERRORS if method == "get" else {**ERRORS, **UNSAFE_ERRORS}
                if "requestBody" in operation:
                    errors = {**BODY_ERRORS, **errors}
                for status, description in errors.items():
                    declared.setdefault(status, {"description": description, "content": content})
        return schema


api = GoldenThreadAPI(
    title="Golden Thread API",
    version="1",
    urls_namespace="api",
    auth=[TokenAuth(), SessionActorAuth(csrf=True)],
    docs_url=None,  # the Swagger page needs inline script, which our CSP forbids
    parser=TextParser(),
    renderer=FastJSONRenderer(),
)


def _error(request: HttpRequest, status: int, message: str, **extra: Any):  # type: ignore[no-untyped-def]
    return api.create_response(request, {"detail": message, **extra}, status=status)


@api.exception_handler(NotFound)
def _not_found(request: HttpRequest, exc: NotFound):  # type: ignore[no-untyped-def]
    return _error(request, 404, "Not found.")


@api.exception_handler(OverflowError)
def _id_out_of_range(request: HttpRequest, exc: OverflowError):  # type: ignore[no-untyped-def]
    """An id too large for the database (SQLite raises, PostgreSQL finds nothing) names no
    record: the same 404 as any other missing one."""
    return _error(request, 404, "Not found.")


@api.exception_handler(Refused)
def _refused(request: HttpRequest, exc: Refused):  # type: ignore[no-untyped-def]
    errors: list[dict[str, str | None]] = (
        [{"field": exc.field, "message": exc.message}] if exc.field else []
    )
    return _error(request, exc.status, exc.message, errors=errors)


@api.exception_handler(DjangoValidationError)
def _invalid(request: HttpRequest, exc: DjangoValidationError):  # type: ignore[no-untyped-def]
    errors: list[dict[str, str | None]]
    if hasattr(exc, "error_dict"):
        errors = [{"field": f, "message": " ".join(m)} for f, m in exc.message_dict.items()]
    else:
        errors = [{"field": None, "message": m} for m in exc.messages]
    summary = "; ".join(
        f"{e['field']}: {e['message']}" if e["field"] else str(e["message"]) for e in errors
    )
    return _error(request, 422, summary, errors=errors)


@api.exception_handler(ValidationError)
def _schema_invalid(request: HttpRequest, exc: ValidationError):  # type: ignore[no-untyped-def]
    errors = []
    for err in exc.errors:
        loc = [str(p) for p in err.get("loc", []) if p not in ("body", "payload", "query")]
        errors.append({"field": ".".join(loc) or None, "message": err.get("msg", "invalid")})
    summary = "; ".join(f"{e['field']}: {e['message']}" for e in errors)
    return _error(request, 422, summary or "Invalid input.", errors=errors)


@api.exception_handler(HttpError)
def _http_error(request: HttpRequest, exc: HttpError):  # type: ignore[no-untyped-def]
    cause = exc.__cause__
    if isinstance(cause, NulInText):  # ninja answers a body its parser refuses with a 400
        field = cause.field.removeprefix("body.").removeprefix("query.")
        return _error(request, 422, str(cause), errors=[{"field": field, "message": str(cause)}])
    return _error(request, exc.status_code, str(exc))


@api.exception_handler(AuthenticationError)
def _unauthenticated(request: HttpRequest, exc: AuthenticationError):  # type: ignore[no-untyped-def]
    return _error(request, 401, "Authentication required: send a valid, unexpired token.")


for _area in AREAS:
    try:
        _module = import_module(f"goldenthread.{_area}.api")
    except ModuleNotFoundError as _exc:
        if _exc.name != f"goldenthread.{_area}.api":
            raise
        continue
    api.add_router(f"/{_area}/" if _area != "core" else "/", _module.router)
