"""The warm hand-off notice: e-mail and webhook, each try recorded, failures retried and shown."""

from __future__ import annotations

from unittest import mock

import pytest
from django.core import mail

from goldenthread.core.roles import Role
from goldenthread.referrals import tasks
from goldenthread.referrals.models import Notification
from goldenthread.referrals.queries import settings_for
from goldenthread.referrals.tests.http import ARREST, get, post

pytestmark = pytest.mark.django_db(transaction=True)


def _configure(world, **values):
    config = settings_for(world.alpha.site.pk)
    for name, value in values.items():
        setattr(config, name, value)
    config.save()


def test_it_emails_the_oncall_case_manager_without_the_name(world):
    _configure(world, oncall_email="oncall@example.org")
    post(world, Role.OFFICER, "/", ARREST)
    (message,) = mail.outbox
    assert message.to == ["oncall@example.org"]
    assert "warm hand-off due by" in message.body and ARREST["last_name"] not in message.body
    notification = Notification.objects.get()
    assert (notification.status, notification.attempts) == ("sent", 1)


def test_it_retries_a_failing_webhook_and_shows_it(world):
    _configure(world, webhook_url="https://sms.example.org/hook")
    with mock.patch.object(tasks, "post_webhook", side_effect=OSError("gateway down")) as hook:
        post(world, Role.OFFICER, "/", ARREST)
    assert hook.call_count == tasks.MAX_ATTEMPTS
    notification = Notification.objects.get()
    assert (notification.status, notification.attempts) == ("failed", 3)
    assert [a.ok for a in notification.delivery_attempts.all()] == [False] * 3
    listed = get(world, Role.CM, "/notifications").json()
    assert listed[0]["errors"] == ["OSError: gateway down"] * 3
    page = world.client(Role.CM).get("/referrals/oncall/").content.decode()
    assert "gateway down" in page and "Retry" in page


def test_it_sends_again_on_retry_and_keeps_the_history(world):
    _configure(world, webhook_url="https://sms.example.org/hook")
    with mock.patch.object(tasks, "post_webhook", side_effect=OSError("gateway down")):
        post(world, Role.OFFICER, "/", ARREST)
    notification = Notification.objects.get()
    with mock.patch.object(tasks, "post_webhook") as hook:
        response = post(world, Role.CM, f"/notifications/{notification.pk}/retry")
    assert response.status_code == 200 and response.json()["status"] == "sent"
    hook.assert_called_once()
    assert notification.delivery_attempts.count() == 4


def test_it_recovers_on_a_later_try(world):
    _configure(world, webhook_url="https://sms.example.org/hook")
    with mock.patch.object(tasks, "post_webhook", side_effect=[OSError("timeout"), None]):
        post(world, Role.OFFICER, "/", ARREST)
    notification = Notification.objects.get()
    assert (notification.status, notification.attempts) == ("sent", 2)


def test_it_sends_nothing_for_a_social_contact(world):
    _configure(world, oncall_email="oncall@example.org")
    body = {
        "door": "community",
        "first_name": "A",
        "last_name": "B",
        "referring_partner": "Shelter",
    }
    post(world, Role.PM, "/", body)
    assert mail.outbox == [] and not Notification.objects.exists()
