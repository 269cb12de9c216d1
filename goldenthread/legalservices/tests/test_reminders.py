"""Email reminders: ``goldenthread legalservices_reminders`` emails the attorney (and the
referring CM, where the site says so) about deadlines inside the reminder window, once per
deadline, person and day, and audits each email. No names leave in an email."""

from __future__ import annotations

from datetime import timedelta
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command

from goldenthread.audit.models import AuditEvent
from goldenthread.core.roles import Role
from goldenthread.legalservices.actions import deadline_add, settings_update
from goldenthread.legalservices.models import Matter, ReminderSent
from goldenthread.legalservices.queries import today_at
from goldenthread.legalservices.tests.matrix import open_matter, referred_matter


def _emails(world):
    for site in (world.alpha, world.beta):
        for user in site.users.values():
            user.email = f"{user.username}@example.org"
            user.save()


def _open_with_deadlines(world):
    _emails(world)
    matter = open_matter(world, world.alpha)
    ls = world.actor(Role.LEGAL_SERVICES)
    today = today_at(ls)
    Matter.objects.filter(pk=matter.pk).update(referred_on=today - timedelta(days=30))
    deadline_add(actor=ls, matter_id=matter.pk, due_on=today - timedelta(days=1), label="Late")
    deadline_add(actor=ls, matter_id=matter.pk, due_on=today + timedelta(days=5), label="Soon")
    deadline_add(actor=ls, matter_id=matter.pk, due_on=today + timedelta(days=12), label="Far")
    return matter


def _run(*args):
    out, err = StringIO(), StringIO()
    call_command("legalservices_reminders", *args, stdout=out, stderr=err)
    return out.getvalue()


@pytest.mark.django_db
def test_it_emails_the_attorney_and_the_referring_cm_about_due_deadlines(world):
    matter = _open_with_deadlines(world)
    out = _run("--site", "alpha")
    to = sorted((m.to[0], m.subject.split(" (")[0]) for m in mail.outbox)
    today = today_at(world.actor(Role.CM))
    late, soon = (today - timedelta(days=1)).isoformat(), (today + timedelta(days=5)).isoformat()
    assert to == [
        ("cm@example.org", f"LEAD Legal Services: deadline {late}"),
        ("cm@example.org", f"LEAD Legal Services: deadline {soon}"),
        ("legal_services@example.org", f"LEAD Legal Services: deadline {late}"),
        ("legal_services@example.org", f"LEAD Legal Services: deadline {soon}"),
    ]
    for message in mail.outbox:
        assert f"matter #{matter.pk}" in message.subject.lower()
        assert "Dana" not in message.body and "Rivera" not in message.body
        assert "Far" not in message.body
    assert "4 email(s) sent" in out
    attorney_mail = next(m for m in mail.outbox if m.to == ["legal_services@example.org"])
    cm_mail = next(m for m in mail.outbox if m.to == ["cm@example.org"])
    assert f"/legalservices/matters/{matter.pk}/" in attorney_mail.body
    assert f"/legalservices/matters/{matter.pk}/status/" in cm_mail.body
    audits = AuditEvent.objects.filter(action="deadline.remind")
    assert audits.count() == 4 and {a.actor_label for a in audits} == {"system"}


@pytest.mark.django_db
def test_it_sends_no_duplicate_the_same_day_and_reminds_again_the_next(world):
    _open_with_deadlines(world)
    _run("--site", "alpha")
    assert len(mail.outbox) == 4
    out = _run("--site", "alpha")
    assert len(mail.outbox) == 4 and "0 email(s) sent, 4 already sent today" in out
    assert ReminderSent.objects.count() == 4
    tomorrow = (today_at(world.actor(Role.CM)) + timedelta(days=1)).isoformat()
    _run("--site", "alpha", "--date", tomorrow)
    assert len(mail.outbox) == 8


@pytest.mark.django_db
def test_it_follows_the_sites_window_and_its_choice_about_the_referrer(world):
    _open_with_deadlines(world)
    ls = world.actor(Role.LEGAL_SERVICES)
    settings_update(actor=ls, changes={"reminder_window_days": 14, "remind_referrer": False})
    _run("--site", "alpha")
    assert {m.to[0] for m in mail.outbox} == {"legal_services@example.org"}
    assert len(mail.outbox) == 3, "Late, Soon and, inside a 14-day window, Far"
    mail.outbox.clear()
    settings_update(actor=ls, changes={"reminder_window_days": 0})
    _run("--site", "alpha", "--date", (today_at(ls) + timedelta(days=1)).isoformat())
    assert len(mail.outbox) == 1 and "Late" in mail.outbox[0].body


@pytest.mark.django_db
def test_a_deadlines_own_lead_overrides_the_site_window(world):
    _emails(world)
    matter = open_matter(world, world.alpha)
    ls = world.actor(Role.LEGAL_SERVICES)
    due = today_at(ls) + timedelta(days=20)
    deadline_add(actor=ls, matter_id=matter.pk, due_on=due, label="Trial", remind_days=30)
    _run("--site", "alpha")
    assert mail.outbox and all("Trial" in m.body for m in mail.outbox)


@pytest.mark.django_db
def test_before_intake_the_whole_team_is_reminded(world):
    _emails(world)
    matter = referred_matter(world, world.alpha)
    ls = world.actor(Role.LEGAL_SERVICES)
    deadline_add(actor=ls, matter_id=matter.pk, due_on=today_at(ls), label="Hearing today")
    _run("--site", "alpha")
    assert sorted(m.to[0] for m in mail.outbox) == [
        "cm@example.org",
        "legal_services@example.org",
    ]
    assert "due today" in mail.outbox[0].subject


@pytest.mark.django_db
def test_it_lists_without_sending_on_a_dry_run_and_skips_people_without_email(world):
    _open_with_deadlines(world)
    out = _run("--site", "alpha", "--dry-run")
    assert "2 deadline(s) to remind." in out and mail.outbox == []
    cm = world.alpha.users[Role.CM]
    cm.email = ""
    cm.save()
    err = StringIO()
    call_command("legalservices_reminders", "--site", "alpha", stdout=StringIO(), stderr=err)
    assert {m.to[0] for m in mail.outbox} == {"legal_services@example.org"}
    assert "cm has no email address" in err.getvalue()
