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
