"""The caseload's rows written in Python (``templatetags/caseload_list.py``) give the HTML the
template's loop gave: names escaped, dates by Django's date filter, the inactive form with the
page's CSRF field, for any text (ADR 16)."""

from __future__ import annotations

from datetime import date

import pytest
from django.template import Context, Template
from hypothesis import given, settings
from hypothesis import strategies as st

from goldenthread.casework.queries import CaseloadPerson, CaseloadRow
from goldenthread.core.models import Participant, Person
from goldenthread.core.roles import Role

# The loop the tag replaced (casework/caseload.html before 2026-11-30): the reference the
# tag's HTML must equal.
REFERENCE = """{% load links %}{% for r in rows %}
    <tr>
      <td><a href="{{ r.participant.pk|link:"casework:participant" }}">{{ r.participant }}</a>{% if cm_id == 0 %}<br><small>{{ r.participant.case_manager|default:"unassigned" }}</small>{% endif %}</td>
      <td>{{ r.participant.get_state_display }}</td>
      <td>{% if r.last_contact %}{{ r.last_contact|date:"M j" }} ({{ r.days_since_contact }} d){% else %}never{% endif %}</td>
      <td>{{ r.days_since_substantive|default_if_none:"—" }}</td>
      <td>{{ r.next_court_date|date:"M j, Y"|default:"—" }}</td>
      <td>{% for f in r.flags %}<span class="badge{% if forloop.first and r.in_the_wind %} bad{% endif %}">{{ f }}</span> {% endfor %}</td>
      <td>
        <a href="{{ r.participant.pk|link:"casework:contact_new" }}">Log contact</a>
        {% if r.propose_inactive %}
        <form method="post" action="{{ r.participant.pk|link:"casework:participant_inactive" }}">{% csrf_token %}
          <input type="hidden" name="reason" value="No contact in {{ inactive_after }} days: in the wind">
          <button type="submit" class="secondary">Confirm inactive</button>
        </form>
        {% endif %}
      </td>
    </tr>
  {% empty %}
    <tr><td colspan="7">No participants.</td></tr>
  {% endfor %}"""  # noqa: E501 - the template's own lines
TAG = "{% load caseload_list %}{% caseload_rows rows cm_id inactive_after %}"

text = st.text(alphabet=st.sampled_from(list("ab <>&\"'é—\n")), max_size=10)
days = st.none() | st.dates(min_value=date(2000, 1, 1), max_value=date(2030, 12, 31))
counts = st.none() | st.integers(0, 5000)


@st.composite
def rows(draw):  # type: ignore[no-untyped-def]
    participant = CaseloadPerson(
        pk=draw(st.integers(1, 10**9)),
        name=Person.name_of(draw(text), draw(text)),
        state=draw(st.sampled_from(Participant.State.values)),
        enrolled_on=draw(st.dates()),
        case_manager=draw(st.none() | text),
    )
    return CaseloadRow(
        participant=participant,
        last_contact=draw(days),
        days_since_contact=draw(counts),
        days_since_substantive=draw(counts),
        in_the_wind=draw(st.booleans()),
        status_due=draw(st.booleans()),
        open_goals=draw(st.booleans()),
        pending_flex=draw(st.booleans()),
        next_court_date=draw(days),
    )


@settings(max_examples=200, deadline=None)
@given(
    st.lists(rows(), max_size=4),
    st.none() | st.integers(0, 3),
    st.integers(1, 400),
    st.sampled_from(["", "NOTPROVIDED", "tok<&>en"]),
)
def test_the_rows_are_the_loops_html_for_any_text(found, cm_id, inactive_after, csrf):  # type: ignore[no-untyped-def]
    context = {"rows": found, "cm_id": cm_id, "inactive_after": inactive_after}
    if csrf:
        context["csrf_token"] = csrf
    assert Template(TAG).render(Context(context)) == Template(REFERENCE).render(Context(context))


@pytest.mark.django_db
def test_the_caseload_page_lists_the_case_managers_participants(world):
    participant = world.participant()
    html = world.client(Role.CM).get("/casework/").content.decode()
    assert f'<a href="/casework/p/{participant.pk}/">{participant}</a>' in html
    assert '<td colspan="7">No participants.</td>' not in html
