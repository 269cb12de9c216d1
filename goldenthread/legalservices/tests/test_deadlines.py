"""Deadlines: added (never before the referral), met, reminded on the home page and by
``goldenthread legalservices_reminders``."""

from __future__ import annotations

import json
from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command

from goldenthread.core.roles import Role
from goldenthread.legalservices.actions import deadline_add
from goldenthread.legalservices.models import Matter, MatterDeadline
from goldenthread.legalservices.queries import today_at
from goldenthread.legalservices.tests.matrix import open_matter, referred_matter


def _add(world, matter, **body):
    return world.api(Role.LEGAL_SERVICES).post(
        f"/api/v1/legalservices/matters/{matter.pk}/deadlines",
        data=json.dumps(body),
        content_type="application/json",
    )


@pytest.mark.django_db
def test_it_adds_a_deadline_the_cm_sees(world):
    matter = referred_matter(world, world.alpha)
    due = today_at(world.actor(Role.CM)) + timedelta(days=20)
    response = _add(world, matter, due_on=due.isoformat(), label="Show-cause hearing")
    assert response.status_code == 201
    status = world.api(Role.CM).get(f"/api/v1/legalservices/matters/{matter.pk}/status").json()
    assert status["deadlines"][0]["label"] == "Show-cause hearing"


@pytest.mark.django_db
def test_it_refuses_a_deadline_before_the_referral_date(world):
    matter = referred_matter(world, world.alpha)
    Matter.objects.filter(pk=matter.pk).update(referred_on=today_at(world.actor(Role.CM)))
    day_before = matter.referred_on - timedelta(days=1)
    response = _add(world, matter, due_on=day_before.isoformat(), label="Typo")
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "due_on"
    assert not MatterDeadline.objects.exists()
    page = world.client(Role.LEGAL_SERVICES).post(
        f"/legalservices/matters/{matter.pk}/deadlines/",
        {"due_on": day_before.isoformat(), "label": "Typo", "remind_days": 7},
    )
    assert page.status_code == 422 and b"before the referral date" in page.content
    assert not MatterDeadline.objects.exists()


@pytest.mark.django_db
def test_it_marks_a_deadline_met_once(world):
    matter = open_matter(world, world.alpha)
    ls = world.actor(Role.LEGAL_SERVICES)
    deadline = deadline_add(actor=ls, matter_id=matter.pk, due_on=today_at(ls), label="File")
    api = world.api(Role.LEGAL_SERVICES)
    first = api.post(f"/api/v1/legalservices/deadlines/{deadline.pk}/met")
    assert first.status_code == 200 and first.json()["met_on"] == today_at(ls).isoformat()
    assert api.post(f"/api/v1/legalservices/deadlines/{deadline.pk}/met").status_code == 422


def _deadlines(world):
    matter = open_matter(world, world.alpha)
    ls = world.actor(Role.LEGAL_SERVICES)
    today = today_at(ls)
    Matter.objects.filter(pk=matter.pk).update(referred_on=today - timedelta(days=30))
    deadline_add(actor=ls, matter_id=matter.pk, due_on=today - timedelta(days=1), label="Late")
    deadline_add(actor=ls, matter_id=matter.pk, due_on=today + timedelta(days=3), label="Soon")
    deadline_add(
        actor=ls, matter_id=matter.pk, due_on=today + timedelta(days=30), label="Far", remind_days=7
    )
    return matter


@pytest.mark.django_db
def test_it_reminds_deadlines_inside_their_window(world):
    _deadlines(world)
    out = StringIO()
    call_command("legalservices_reminders", "--site", "alpha", stdout=out)
    text = out.getvalue()
    assert "OVERDUE" in text and "Late" in text and "Soon" in text and "Far" not in text
    assert "2 deadline(s) to remind." in text
    assert "Dana" not in text, "the reminder output carries no names"
    later = (today_at(world.actor(Role.LEGAL_SERVICES)) + timedelta(days=25)).isoformat()
    out = StringIO()
    call_command("legalservices_reminders", "--date", later, stdout=out)
    assert "Far" in out.getvalue()


@pytest.mark.django_db
def test_it_puts_due_deadlines_on_the_attorneys_home_page(world):
    _deadlines(world)
    home = world.client(Role.LEGAL_SERVICES).get("/")
    assert b"Legal deadlines due" in home.content
    assert b"Late" in home.content and b"Soon" in home.content and b"Far" not in home.content
    assert b"Legal deadlines due" not in world.client(Role.OFFICER).get("/").content


@pytest.mark.django_db
def test_it_lists_deadlines_in_the_api(world):
    _deadlines(world)
    rows = world.api(Role.LEGAL_SERVICES).get("/api/v1/legalservices/deadlines").json()
    assert [r["label"] for r in rows] == ["Late", "Soon", "Far"]
    assert [r["overdue"] for r in rows] == [True, False, False]
    due = world.api(Role.LEGAL_SERVICES).get("/api/v1/legalservices/deadlines?reminders_only=true")
    assert [r["label"] for r in due.json()] == ["Late", "Soon"]
