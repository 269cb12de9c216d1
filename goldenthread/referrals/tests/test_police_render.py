"""The police list's rows written in Python (``templatetags/police.py``) give the HTML the
template's loop gave: every value escaped as autoescape does, for any text (ADR 16)."""

from __future__ import annotations

import pytest
from django.template import Context, Template
from hypothesis import given, settings
from hypothesis import strategies as st

from goldenthread.core.models import Agency
from goldenthread.core.roles import Role
from goldenthread.referrals.queries import PoliceRow
from goldenthread.referrals.templatetags.police import police_rows
from goldenthread.referrals.tests import makers

# The loop the filter replaced (referrals/police_list.html before 2026-11-30): the reference
# the filter's HTML must equal.
REFERENCE = Template(
    """{% load links %}{% for r in referrals %}
    <tr><td><a href="{{ r.pk|link:"referrals:detail" }}">#{{ r.pk }}</a></td><td>{{ r.door }}</td><td>{{ r.status }}</td><td>{% if r.enrolled %}yes{% else %}no{% endif %}</td></tr>
  {% empty %}<tr><td colspan="4">No referrals yet.</td></tr>{% endfor %}"""  # noqa: E501 - the template's own lines
)

text = st.text(alphabet=st.sampled_from(list("ab <>&\"'é—\n")), max_size=12)
rows = st.lists(
    st.builds(
        PoliceRow,
        pk=st.integers(1, 10**12),
        door=text,
        status=text,
        enrolled=st.booleans(),
    ),
    max_size=6,
)


@settings(max_examples=200, deadline=None)
@given(rows)
def test_the_rows_are_the_loops_html_for_any_text(found):  # type: ignore[no-untyped-def]
    assert police_rows(found) == REFERENCE.render(Context({"referrals": found}))


@pytest.mark.django_db
def test_the_officers_page_lists_only_their_agencys_referrals(world):
    partner = world.alpha.agencies[Agency.Kind.COMMUNITY]
    theirs = makers.referral(
        world.alpha, referring_agency=partner, referred_by=world.alpha.users[Role.PM]
    )
    ours = makers.referral(world.alpha)
    html = world.client(Role.OFFICER).get("/referrals/").content.decode()
    assert f'<a href="/referrals/{ours.pk}/">#{ours.pk}</a>' in html
    assert f"#{theirs.pk}<" not in html
    assert "No referrals yet." not in html
    other_site = world.client(Role.OFFICER, world.beta).get("/referrals/").content.decode()
    assert '<tr><td colspan="4">No referrals yet.</td></tr>' in other_site


@pytest.mark.django_db
@pytest.mark.parametrize("limit", [1, 2, 3, 4, 10])
def test_the_list_is_the_agencys_and_the_officers_own_newest_first_each_once(world, limit):
    """``police_rows`` reads the agency's and the officer's own referrals apart, each from the
    end of its index, and merges them: the same rows, in the same order, as one query over
    either, newest contact first, each once, at most ``limit``."""
    from datetime import timedelta

    from django.utils import timezone

    from goldenthread.referrals.models import Referral
    from goldenthread.referrals.queries import police_pending_count, police_rows

    now = timezone.now()
    partner = world.alpha.agencies[Agency.Kind.COMMUNITY]
    made = [
        # the agency's, by the officer (in both halves)
        makers.referral(world.alpha, contact_at=now - timedelta(hours=1)),
        # the officer's own, for a partner agency
        makers.referral(world.alpha, referring_agency=partner, contact_at=now - timedelta(hours=3)),
        # the agency's, by someone else; the same contact time as the next: the id decides
        makers.referral(world.alpha, referred_by=world.alpha.users[Role.PM], contact_at=now),
        makers.referral(world.alpha, contact_at=now),
        # neither: another agency's, by someone else
        makers.referral(
            world.alpha,
            referring_agency=partner,
            referred_by=world.alpha.users[Role.PM],
            contact_at=now - timedelta(hours=2),
        ),
    ]
    Referral.objects.filter(pk=made[0].pk).update(state="screening")
    Referral.objects.filter(pk=made[1].pk).update(state="ineligible")
    actor = world.actor(Role.OFFICER)
    expected = [made[3].pk, made[2].pk, made[0].pk, made[1].pk][:limit]
    assert [row.pk for row in police_rows(actor, limit=limit)] == expected
    assert made[4].pk not in {row.pk for row in police_rows(actor, limit=10)}
    # pending: the two just referred, and the one in screening; not the ineligible one
    assert police_pending_count(actor) == 3
