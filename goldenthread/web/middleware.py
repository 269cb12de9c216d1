"""A form sent twice takes effect once.

A form rendered with `{% once %}` carries a fresh token. The POST that carries it runs in one
transaction with the token's row; a second POST with the same token (a double tap, a resend)
waits for the first to finish and is then taken where the first one went, with a message,
instead of writing the record again. A POST that fails (4xx, or an error that rolls the
transaction back) releases its token, so the person can correct the form and send it again.
htmx requests (draft autosave, meeting-mode partials) are left alone: they are not the send.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable

from django.contrib import messages
from django.db import IntegrityError, transaction
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse

from goldenthread.web.models import FormSubmission

ONCE_FIELD = "_once"


def _sent(request: HttpRequest) -> tuple[int, uuid.UUID] | None:
    """(the sender's user id, the form's token), for a signed-in form POST that carries one."""
    user_id = request.user.pk
    if request.method != "POST" or request.headers.get("HX-Request") or user_id is None:
        return None
    raw = request.POST.get(ONCE_FIELD, "")
    try:
        return (int(user_id), uuid.UUID(raw)) if raw else None
    except ValueError:
        return None


class OnceMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        sent_by = _sent(request)
        if sent_by is None:
            return self.get_response(request)
        user_id, token = sent_by
        with transaction.atomic():
            try:
                with transaction.atomic():
                    sent = FormSubmission.objects.create(
                        user_id=user_id, token=token, path=request.path[:300]
                    )
            except IntegrityError:
                return _repeat(request, user_id, token)
            response = self.get_response(request)
            if response.status_code >= 400:
                sent.delete()
            elif response.has_header("Location"):
                sent.location = response["Location"][:500]
                sent.save(update_fields=["location"])
            return response


def _repeat(request: HttpRequest, user_id: int, token: uuid.UUID) -> HttpResponse:
    first = FormSubmission.objects.filter(user_id=user_id, token=token).first()
    if first is not None and first.location:
        messages.info(request, "This form had already been sent; it was saved once.")
        return HttpResponseRedirect(first.location, status=303)
    return TemplateResponse(
        request,
        "web/already_sent.html",
        {"path": first.path if first else request.path},
        status=409,
    ).render()


class OutOfRangeIdMiddleware:
    """A page id too large for the database (``/casework/p/99999999999999999999/``: SQLite
    raises OverflowError, PostgreSQL finds nothing) names no record: 404, as any missing one."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> None:
        if isinstance(exception, OverflowError):
            raise Http404("No such record.")
