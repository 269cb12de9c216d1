"""Every dashboard panel honours the period (start included, end excluded, by the event's own
date) and, where it concerns participants, the region and door they were enrolled through:
contacts, flex-fund spend by pool and category, legal-services outcomes and statuses and
Golden Rule reviews, on the page's API and in the PCG report. Governance decisions follow the
period only. Known answers: each record is inside or just outside the filter."""

from __future__ import annotations

from datetime import date, datetime, time
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.utils import timezone

from goldenthread.casework.models import Contact, LedgerEntry
from goldenthread.casework.tests.factories import pool
from goldenthread.core.roles import Role
from goldenthread.governance.tests.matrix import decision as governance_decision
from goldenthread.legal import rules as legal_rules
from goldenthread.legal.models import Decision
from goldenthread.legal.tests.factories import case
from goldenthread.legalservices.models import Matter, MatterOutcome
from goldenthread.referrals.tests.makers import referral

# The period under test is 2025Q1: 2025-01-01 included, 2025-04-01 excluded.
IN_FIRST, IN_FEB, IN_MAR, IN_LAST = (
    date(2025, 1, 1),
    date(2025, 2, 10),
    date(2025, 3, 15),
    date(2025, 3, 31),
)
BEFORE, AFTER = date(2024, 12, 31), date(2025, 4, 1)


def at(day: date, hour: int = 12) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour)))


def _enrolled(world, site, *, door: str, area: str):
    participant = world.participant(site)
    referral(site, door=door, area=area, state="enrolled", participant=participant)
    return participant


def _contact(site, participant, day: date) -> None:
    Contact.objects.create(
        site=site.site,
        participant=participant,
        author=site.users[Role.CM],
        kind="street",
        occurred_at=at(day),
        idempotency_key=f"k{Contact.objects.count()}",
    )


def _spend(site, participant, fund, day: date, amount: str, category: str) -> None:
    LedgerEntry.objects.create(
        site=site.site,
        pool=fund,
        participant=participant,
        case_manager=site.users[Role.CM],
        category=category,
        kind="spend",
        amount=Decimal(amount),
        entry_on=day,
        entered_by=site.users[Role.SUPERVISOR],
    )


def _matter(site, participant, status: str, referred: date, **dates) -> Matter:
    return Matter.objects.create(
        site=site.site,
        participant=participant,
        referred_by=site.users[Role.CM],
        referred_on=referred,
        matter_type="eviction",
        description="Notice to vacate.",
        status=status,
        **dates,
    )


def _outcome(site, matter, kind: str, day: date) -> None:
    MatterOutcome.objects.create(site=site.site, matter=matter, kind=kind, achieved_on=day)


def _review(site, legal_case, decided: date, reviewed: date | None = None, outcome=""):
    Decision.objects.create(
        site=site.site,
        case=legal_case,
        kind=legal_rules.FILE,
        rationale="New theft, police report",
        decided_by=site.users[Role.PROSECUTOR],
        decided_at=at(decided),
        flagged_for_review=True,
        review_outcome=outcome,
        reviewed_at=at(reviewed) if reviewed else None,
    )


def _populate(world, site, tag: str = ""):
    """North / arrest: ``a``; South / social: ``b``. Each has records inside 2025Q1 and just
    outside it (the day before it starts, the day it ends)."""
    a = _enrolled(world, site, door="arrest", area="North")
    b = _enrolled(world, site, door="social", area="South")
    for who, day in ((a, IN_FEB), (a, IN_FEB), (a, AFTER), (b, IN_LAST), (b, BEFORE)):
        _contact(site, who, day)
    housing, food = pool(site, name=f"Housing fund{tag}"), pool(site, name=f"Food fund{tag}")
    _spend(site, a, housing, IN_FIRST, "100.00", "housing")
    _spend(site, a, housing, AFTER, "1000.00", "housing")
    _spend(site, b, food, IN_LAST, "20.00", "basic_needs")
    _spend(site, b, food, BEFORE, "3000.00", "basic_needs")
    # a: closed in the period (referred before it); an outcome in it, another after it.
    closed = _matter(
        site, a, "closed", date(2024, 12, 1), decided_on=date(2024, 12, 5), closed_on=IN_FEB
    )
    _outcome(site, closed, "eviction_avoided", IN_FEB)
    _outcome(site, closed, "warrant_quashed", AFTER)
    # b: one awaiting intake since the period; one accepted before it, relieved on its first day.
    _matter(site, b, "referred", IN_MAR)
    accepted = _matter(site, b, "open", date(2024, 11, 1), decided_on=BEFORE)
    _outcome(site, accepted, "debt_relieved", IN_FIRST)
    # a: reviewed in the period (flagged before it); one flagged in it, still open.
    a_case, b_case = case(world, site, a), case(world, site, b)
    _review(site, a_case, date(2024, 12, 20), IN_MAR, "cleared")
    _review(site, a_case, IN_FEB)
    # b: reviewed on the period's first day; reviewed the day it ends; open since before it.
    _review(site, b_case, date(2024, 12, 1), IN_FIRST, "concern")
    _review(site, b_case, IN_MAR, AFTER, "concern")
    _review(site, b_case, BEFORE)
    made = governance_decision(site)
    made.decided_on = IN_MAR
    made.save()
    made = governance_decision(site)
    made.decided_on = AFTER
    made.save()
    return a, b


def _dashboard(world, query: str) -> dict:
    response = world.api(Role.PM).get(f"/api/v1/planning/dashboard?{query}")
    assert response.status_code == 200, response.content
    return response.json()


def _statuses(**n: int) -> dict[str, int]:
    return dict.fromkeys(("referred", "open", "declined", "referred_out", "closed"), 0) | n


@pytest.mark.django_db
def test_each_panel_counts_only_what_happened_in_the_period(world):
    _populate(world, world.alpha)
    _populate(world, world.beta)  # another site never counts
    found = _dashboard(world, "period=2025Q1")
    assert found["contacts"] == [["2025-02-01", 2, 1], ["2025-03-01", 1, 1]]
    assert found["flex_by_pool"] == [["Food fund", 20.0, 1], ["Housing fund", 100.0, 1]]
    assert found["flex_by_category"] == [["Basic needs", 20.0, 1], ["Housing", 100.0, 1]]
    assert found["legal_services"] == {
        "outcomes": {"eviction_avoided": 1, "debt_relieved": 1},
        "status": _statuses(closed=1, referred=1),
    }
    assert found["reviews"] == {"cleared": 1, "concern": 1, "open": 1}
    assert [n for _, n in found["decisions"]] == [1]
    # The next quarter holds what fell on the day 2025Q1 ended.
    later = _dashboard(world, "period=2025Q2")
    assert later["contacts"] == [["2025-04-01", 1, 1]]
    assert later["flex_by_pool"] == [["Housing fund", 1000.0, 1]]
    assert later["legal_services"]["outcomes"] == {"warrant_quashed": 1}
    assert later["legal_services"]["status"] == _statuses()
    assert later["reviews"] == {"concern": 1}
    assert [n for _, n in later["decisions"]] == [1]


@pytest.mark.django_db
@pytest.mark.parametrize("narrow", ["door=arrest", "region=north"])
def test_door_and_region_keep_the_participants_enrolled_through_them(world, narrow):
    _populate(world, world.alpha)
    found = _dashboard(world, f"period=2025Q1&{narrow}")
    assert found["contacts"] == [["2025-02-01", 2, 1]]
    assert found["flex_by_pool"] == [["Housing fund", 100.0, 1]]
    assert found["flex_by_category"] == [["Housing", 100.0, 1]]
    assert found["legal_services"] == {
        "outcomes": {"eviction_avoided": 1},
        "status": _statuses(closed=1),
    }
    assert found["reviews"] == {"cleared": 1, "open": 1}
    # The governing bodies' decisions are not a participant's: region and door don't apply.
    assert [n for _, n in found["decisions"]] == [1]


@pytest.mark.django_db
def test_the_other_door_and_region_see_the_rest(world):
    _populate(world, world.alpha)
    found = _dashboard(world, "period=2025Q1&door=social&region=South")
    assert found["contacts"] == [["2025-03-01", 1, 1]]
    assert found["flex_by_pool"] == [["Food fund", 20.0, 1]]
    assert found["legal_services"]["outcomes"] == {"debt_relieved": 1}
    assert found["legal_services"]["status"] == _statuses(referred=1)
    assert found["reviews"] == {"concern": 1}
    none = _dashboard(world, "period=2025Q1&door=community")
    assert none["contacts"] == [] and none["flex_by_pool"] == []
    assert none["legal_services"]["outcomes"] == {} and none["reviews"] == {}


@pytest.mark.django_db
def test_the_page_says_which_filters_apply(world):
    _populate(world, world.alpha)
    html = world.client(Role.PM).get("/planning/?period=2025Q1&door=arrest").content.decode()
    assert "they don't apply to the governing bodies' decisions" in html
    for panel in ("contacts-per-month", "flex-by-pool", "golden-rule-reviews"):
        hint = html.split(f'id="panel-{panel}"')[1].split("</p>")[0]
        assert "For the period, region and door chosen." in hint
    hint = html.split('id="panel-governance-decisions"')[1].split("</p>")[0]
    assert "Region and door don&#x27;t apply" in hint


@pytest.mark.django_db
def test_the_pcg_report_counts_the_reviews_of_its_period_region_and_door(world):
    _populate(world, world.alpha)
    api = world.api(Role.PM)
    # Counts of 1 to 4 show as "<5"; which outcomes appear is what the filter decides.
    reviews = api.get("/api/v1/planning/report?period=2025Q1").json()["reviews"]
    assert reviews == {"cleared": "<5", "concern": "<5", "open": "<5"}
    reviews = api.get("/api/v1/planning/report?period=2025Q1&door=arrest").json()["reviews"]
    assert reviews == {"cleared": "<5", "open": "<5"}
    reviews = api.get("/api/v1/planning/report?period=2025Q2&region=South").json()["reviews"]
    assert reviews == {"concern": "<5"}
    csv = world.client(Role.PM).get("/planning/report.csv?period=2025Q1&door=social")
    rows = [r for r in csv.content.decode().splitlines() if r.startswith("golden rule reviews")]
    assert rows == ["golden rule reviews,concern,<5"]


@pytest.mark.django_db
def test_a_filtered_page_costs_the_same_queries_whatever_the_data(
    world, django_assert_max_num_queries
):
    _populate(world, world.alpha)
    client = world.client(Role.PM)
    path = "/planning/?period=2025Q1&region=North&door=arrest"
    client.get(path)  # warm the session and site caches
    cache.clear()  # the panels as read, not as kept (test_dashboard_panels_kept.py)
    with django_assert_max_num_queries(100) as first:
        client.get(path)
    for n in range(3):
        _populate(world, world.alpha, tag=f" {n}")
    cache.clear()
    with django_assert_max_num_queries(len(first.captured_queries)):
        response = client.get(path)
    assert response.status_code == 200
