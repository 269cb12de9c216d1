"""Background delivery of warm hand-off notices (django-tasks). Each try is recorded; a failed
notice is retried, and after the last try it stays visible on the on-call page with a retry
button: never lost."""

from __future__ import annotations

import json
import urllib.request
from datetime import timedelta

from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone
from django_tasks import default_task_backend, task

from goldenthread.referrals.models import DeliveryAttempt, Notification

MAX_ATTEMPTS = 3
WEBHOOK_TIMEOUT_SECONDS = 10


def post_webhook(url: str, payload: dict[str, object]) -> None:
    """POST the notice as JSON to the site's gateway; any non-2xx status is a failure."""
    body = json.dumps(payload).encode()
    request = urllib.request.Request(  # noqa: S310 - the URL is a site setting, http(s) only
        url, data=body, method="POST", headers={"Content-Type": "application/json"}
    )
    if not url.startswith(("http://", "https://")):
        raise ValueError("the webhook URL must be http(s)")
    with urllib.request.urlopen(request, timeout=WEBHOOK_TIMEOUT_SECONDS) as response:  # noqa: S310  # nosec B310
        if not 200 <= response.status < 300:
            raise OSError(f"gateway answered {response.status}")


def _send(notification: Notification) -> None:
    if notification.channel == Notification.Channel.EMAIL:
        send_mail("LEAD warm hand-off", notification.message, None, [notification.target])
    else:
        post_webhook(
            notification.target,
            {"text": notification.message, "referral": notification.referral_id},
        )


def _retry_later(notification_id: int, attempts: int) -> None:
    if default_task_backend.supports_defer:
        deferred = deliver_notification.using(
            run_after=timezone.now() + timedelta(minutes=2**attempts)
        )
        deferred.enqueue(notification_id)
    else:
        deliver_notification.enqueue(notification_id)


@task()
def deliver_notification(notification_id: int) -> str:
    """Try one delivery and record it; schedule another try until MAX_ATTEMPTS."""
    notification = Notification.objects.filter(pk=notification_id).first()
    if notification is None or notification.status == Notification.Status.SENT:
        return "skipped"
    error = ""
    try:
        _send(notification)
    except Exception as exc:
        error = f"{type(exc).__name__}: {exc}"[:500]
    with transaction.atomic():
        DeliveryAttempt.objects.create(
            site_id=notification.site_id, notification=notification, ok=not error, error=error
        )
        notification.attempts += 1
        if not error:
            notification.status = Notification.Status.SENT
        elif notification.attempts >= MAX_ATTEMPTS:
            notification.status = Notification.Status.FAILED
        notification.save(update_fields=["attempts", "status", "updated_at"])
    if error and notification.attempts < MAX_ATTEMPTS:
        _retry_later(notification.pk, notification.attempts)
    return notification.status
