"""The intake deadline: lapsed intakes become intake_expired, loudly; an expired arrest
diversion lands in the prosecutor's filing queue."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from io import StringIO
from unittest import mock

import pytest
from django.core.management import call_command
from django.utils import timezone

from goldenthread.audit.models import AuditEvent
from goldenthread.core.roles import Role
from goldenthread.referrals import actions
from goldenthread.referrals.models import Referral
from goldenthread.referrals.tests import makers
from goldenthread.referrals.tests.http import get
from goldenthread.testing import site_today

pytestmark = pytest.mark.django_db


def _lapsed(world, **kw):
    return makers.pending(world.alpha, intake_due=site_today() - timedelta(days=1), **kw)


def test_it_expires_lapsed_intakes_from_the_command(world):
    lapsed = _lapsed(world)
    current = makers.pending(world.alpha)
    out = StringIO()
    call_command("referrals_expire", stdout=out)
    assert "1 intake(s) expired" in out.getvalue()
    assert Referral.objects.get(pk=lapsed.pk).state == "intake_expired"
    assert Referral.objects.get(pk=current.pk).state == "intake_pending"
    event = AuditEvent.objects.get(action="referral.expire")
    assert event.after == {"state": "intake_expired", "filing_queue": True}
    assert lapsed.changes.get(to_state="intake_expired").reason.startswith("Intake deadline")


def test_it_puts_an_expired_arrest_diversion_in_the_prosecutors_queue(world):
    lapsed = _lapsed(world)
    social = _lapsed(world, door="social")
    response = get(world, Role.PROSECUTOR, "/filing-queue")  # the read sweeps first
    assert response.status_code == 200
    (entry,) = response.json()
    assert entry["id"] == lapsed.pk and entry["note"].startswith("May be referred for filing")
    assert Referral.objects.get(pk=social.pk).state == "intake_expired"
    page = world.client(Role.PROSECUTOR).get("/referrals/filing-queue/").content.decode()
    assert lapsed.arrest_report_number in page and "May be referred for filing" in page


def test_it_shows_the_prosecutor_nothing_else(world):
    lapsed = _lapsed(world)
    call_command("referrals_expire", stdout=StringIO())
    client = world.client(Role.PROSECUTOR)
    assert client.get(f"/referrals/{lapsed.pk}/").status_code == 404
    assert client.get("/referrals/").status_code == 404
    assert get(world, Role.PROSECUTOR, f"/{lapsed.pk}").status_code == 404


def test_it_shows_the_case_manager_and_the_pm(world):
    lapsed = _lapsed(world)
    for role in (Role.CM, Role.PM):
        assert [e["id"] for e in get(world, role, "/filing-queue").json()] == [lapsed.pk]


def test_it_keeps_other_sites_out_of_the_queue(world):
    makers.pending(world.beta, intake_due=site_today() - timedelta(days=1))
    call_command("referrals_expire", stdout=StringIO())
    assert get(world, Role.PROSECUTOR, "/filing-queue").json() == []


def test_it_waits_for_the_end_of_the_sites_local_day(world):
    site = world.alpha.site
    site.time_zone = "America/Denver"
    site.save()
    referral = makers.pending(world.alpha, intake_due=date(2026, 11, 8))
    # 23:59 on 8 November in Denver is 06:59 UTC on the 9th: not lapsed yet.
    with mock.patch(
        "django.utils.timezone.now", return_value=datetime(2026, 11, 9, 6, 59, tzinfo=UTC)
    ):
        call_command("referrals_expire", stdout=StringIO())
    assert Referral.objects.get(pk=referral.pk).state == "intake_pending"
    with mock.patch(
        "django.utils.timezone.now", return_value=datetime(2026, 11, 9, 7, 1, tzinfo=UTC)
    ):
        call_command("referrals_expire", stdout=StringIO())
    assert Referral.objects.get(pk=referral.pk).state == "intake_expired"


def test_it_counts_an_arrest_diversions_deadline_from_the_contact(world):
    site = world.alpha.site
    site.intake_deadline_days = 7
    site.time_zone = "America/Denver"
    site.save()
    makers.adopted_policy(world.alpha)
    # 23:30 on 1 November in Denver (already the 2nd in UTC): due on 8 November, local.
    referral = makers.referral(world.alpha, contact_at=datetime(2026, 11, 2, 6, 30, tzinfo=UTC))
    with mock.patch(
        "django.utils.timezone.now", return_value=datetime(2026, 11, 2, 7, 0, tzinfo=UTC)
    ):
        response = world.api(Role.CM).post(
            f"/api/v1/referrals/{referral.pk}/screen", content_type="application/json", data="{}"
        )
    assert response.status_code == 201
    assert Referral.objects.get(pk=referral.pk).intake_due == date(2026, 11, 8)


def _worklist(world, role=Role.PROSECUTOR):
    response = world.api(role).get("/api/v1/legal/worklist")
    assert response.status_code == 200
    return response.json()["filing_queue"]


def test_it_refers_the_expired_charge_to_the_legal_filing_queue_once(world):
    lapsed = _lapsed(
        world,
        charge="VUCSA possession",
        contact_at=timezone.now() - timedelta(days=9),
        notes="Sleeps at the Fifth Street camp",
        vulnerability_flags=["pregnant"],
    )
    makers.pending(world.alpha)  # not lapsed: not referred
    _lapsed(world, door="social")  # expires, but a social contact has no charge to file
    call_command("referrals_expire", stdout=StringIO())
    call_command("referrals_expire", stdout=StringIO())  # a re-sweep refers nothing again
    world.client(Role.CM).get("/referrals/filing-queue/")  # nor does a sweeping read
    (item,) = _worklist(world)
    case = item["case"]
    assert case["source"] == "expired_intake" and case["status"] == "referred"
    assert case["participant_id"] is None and case["lead_status"] in (None, "")
    assert [(c["statute"], c["level"]) for c in case["charges"]] == [
        ("VUCSA possession", "misdemeanor")
    ]
    assert case["charges"][0]["incident_date"] == str(
        timezone.localtime(lapsed.contact_at, world.alpha.site.tz).date()
    )
    assert AuditEvent.objects.filter(action="legal_case.refer_for_filing").count() == 1
    # Nothing from intake or the referral's own notes reaches the prosecutor.
    page = world.client(Role.PROSECUTOR).get("/legal/").content.decode()
    assert "VUCSA possession" in page
    for secret in ("Housing first", "Fifth Street", "pregnant", "1985"):
        assert secret not in str(item) and secret not in page


def test_it_uses_the_sites_charge_level(world):
    response = world.api(Role.PM).patch(
        "/api/v1/referrals/settings",
        content_type="application/json",
        data={"filing_charge_level": "felony"},
    )
    assert response.status_code == 200 and response.json()["filing_charge_level"] == "felony"
    _lapsed(world)
    call_command("referrals_expire", stdout=StringIO())
    (item,) = _worklist(world)
    assert item["case"]["charges"][0]["level"] == "felony"
    assert item["case"]["charges"][0]["statute"] == "Drug possession"


def test_it_refuses_an_unknown_charge_level(world):
    response = world.api(Role.PM).patch(
        "/api/v1/referrals/settings",
        content_type="application/json",
        data={"filing_charge_level": "infraction"},
    )
    assert response.status_code == 422
    assert "filing_charge_level" in response.content.decode()


def test_it_keeps_the_other_sites_prosecutor_out(world):
    _lapsed(world)
    call_command("referrals_expire", stdout=StringIO())
    assert len(_worklist(world)) == 1
    beta = world.api(Role.PROSECUTOR, world.beta).get("/api/v1/legal/worklist")
    assert beta.status_code == 200 and beta.json()["filing_queue"] == []


def test_a_sweep_with_nothing_lapsed_reads_once_and_opens_no_transaction(
    world, django_assert_num_queries
):
    # Both home pages and the lists run the sweep on every visit.
    current = makers.pending(world.alpha, intake_due=site_today())
    other_site = makers.pending(world.beta, intake_due=site_today() - timedelta(days=1))
    with django_assert_num_queries(1) as seen:
        assert actions.referrals_expire(site=world.alpha.site) == 0
    sql = seen.captured_queries[0]["sql"].upper()
    assert sql.startswith("SELECT") and " UPDATE" not in sql  # no FOR [NO KEY] UPDATE lock
    assert Referral.objects.get(pk=current.pk).state == "intake_pending"
    # The other site's lapsed intake is that site's sweep's, not this one's.
    assert Referral.objects.get(pk=other_site.pk).state == "intake_pending"
    assert actions.referrals_expire(site=world.beta.site) == 1
