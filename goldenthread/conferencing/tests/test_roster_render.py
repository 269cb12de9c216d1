"""The roster's items written in Python (``templatetags/roster.py``) give the HTML the
templates gave: every value escaped as autoescape does, for any text."""

from __future__ import annotations

from datetime import date
from types import SimpleNamespace

import pytest
from django.contrib.auth.models import User
from django.template import Context, Template
from hypothesis import given, settings
from hypothesis import strategies as st

from goldenthread.conferencing.models import ActionItem, PartnerDecision, RosterItem
from goldenthread.conferencing.templatetags.roster import item_line, shaping
from goldenthread.conferencing.tests.matrix import item, meeting
from goldenthread.core.models import Agency
from goldenthread.core.roles import Role

# The template the filter replaced (conferencing/_item_line.html before 2026-11-29): the
# reference the filter's HTML must equal.
REFERENCE = Template(
    """<strong>{{ item.title }}</strong> <span class="badge">{{ item.get_status_display }}</span> <span class="badge">{{ item.time_box_minutes }} min</span>
{% if item.detail %}<br>{{ item.detail }}{% endif %}
{% if item.tags %}<br><small>Tags: {{ item.tags|join:", " }}</small>{% endif %}
{% for n in item.shown_notes %}<p class="note">Note{% if n.part2 %} (Part 2){% endif %}: {{ n.text }} <small>— {{ n.author.get_username }}, LEAD-derived</small></p>{% endfor %}
{% for d in item.shown_decisions %}<p class="decision">Decision ({{ d.get_sphere_display }}): {{ d.decision }} <small>— {{ d.decided_by.get_username }}</small></p>{% endfor %}
{% for a in item.action_list %}<p class="action">Action: {{ a.description }} <small>— {{ a.owner.get_username }} ({{ a.agency.name }}), due {{ a.due_on|date:"Y-m-d" }}, {{ a.get_status_display }}</small></p>{% endfor %}
"""  # noqa: E501 - the template's own lines
)

text = st.text(alphabet=st.sampled_from(list("ab <>&\"'é—\n")), max_size=12)


def _user(name: str) -> User:
    return User(username=name)


@st.composite
def items(draw):  # type: ignore[no-untyped-def]
    notes = [
        SimpleNamespace(text=draw(text), part2=draw(st.booleans()), author=_user(draw(text)))
        for _ in range(draw(st.integers(0, 2)))
    ]
    decisions = [
        PartnerDecision(sphere=draw(st.sampled_from(PartnerDecision.Sphere.values)), decision=t)
        for t in draw(st.lists(text, max_size=2))
    ]
    for d in decisions:
        d.decided_by = _user(draw(text))
    actions = []
    for _ in range(draw(st.integers(0, 2))):
        a = ActionItem(
            description=draw(text),
            due_on=draw(st.dates(min_value=date(2020, 1, 1), max_value=date(2030, 12, 31))),
            status=draw(st.sampled_from(ActionItem.Status.values)),
        )
        a.owner = _user(draw(text))
        a.agency = Agency(name=draw(text))
        actions.append(a)
    row = RosterItem(
        pk=draw(st.integers(1, 10**9)),
        title=draw(text),
        detail=draw(text),
        tags=draw(st.lists(text, max_size=3)),
        time_box_minutes=draw(st.integers(1, 120)),
        status=draw(st.sampled_from(RosterItem.Status.values)),
    )
    row.shown_notes = notes  # type: ignore[assignment]
    row.shown_decisions = decisions
    row.action_list = actions
    return row


@settings(max_examples=200, deadline=None)
@given(items())
def test_an_items_line_is_the_templates_html_for_any_text(row):  # type: ignore[no-untyped-def]
    assert item_line(row) == REFERENCE.render(Context({"item": row}))


@pytest.mark.parametrize(
    ("status", "button"),
    [
        ("pending", 'value="removed"'),
        ("discussed", 'value="removed"'),
        ("removed", 'value="pending"'),
    ],
)
def test_the_shaping_form_posts_to_the_item_with_the_token(status, button):
    row = RosterItem(pk=42, time_box_minutes=7, status=status)
    html = shaping(row, 'to"ken<')
    assert 'action="/conferencing/items/42/"' in html
    assert 'name="csrfmiddlewaretoken" value="to&quot;ken&lt;"' in html
    assert button in html and 'value="7"' in html and 'id="tb-42"' in html


@pytest.mark.django_db
def test_the_meeting_page_escapes_what_was_said(world):
    m = meeting(world.alpha)
    row = item(world.alpha, m, title="<script>alert(1)</script>", visible_to_roles=["cm"])
    page = world.client(Role.PM).get(f"/conferencing/{m.pk}/").content.decode()
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert f'action="/conferencing/items/{row.pk}/"' in page


# The meeting page's loops the tags replaced (conferencing/meeting_detail.html before
# 2026-11-30): the references.
ITEMS_LOOP = Template(
    """{% load roster %}{% for item in roster.items %}
  <li id="item-{{ item.pk }}" class="roster-item{% if item.status == 'removed' %} removed{% endif %}">
    {{ item|item_line }}
    {% if runs and meeting.status != "closed" %}
    {{ item|shaping:csrf_token }}
    {% endif %}
  </li>
{% empty %}<li>No items you may see on this roster.</li>{% endfor %}"""  # noqa: E501 - the template's own lines
)
ITEMS_TAG = Template("{% load roster %}{% roster_items roster.items shapes %}")
BOXES_LOOP = Template(
    """{% for a in agencies %}<label><input type="checkbox" name="agency_ids" value="{{ a.pk }}"{% if a.pk in attending %} checked{% endif %}> {{ a.name }}</label>{% endfor %}"""  # noqa: E501
)
BOXES_FILTER = Template("{% load roster %}{{ agencies|agency_boxes:attending }}")


@settings(max_examples=200, deadline=None)
@given(
    st.lists(items(), max_size=3),
    st.booleans(),
    st.sampled_from(["draft", "open", "closed"]),
    st.sampled_from(["NOTPROVIDED", "tok<&>en"]),
)
def test_the_pages_items_are_the_loops_html(rows, runs, status, token):  # type: ignore[no-untyped-def]
    context = {
        "roster": SimpleNamespace(items=rows),
        "runs": runs,
        "meeting": SimpleNamespace(status=status),
        "shapes": runs and status != "closed",
        "csrf_token": token,  # always there on a page (the CSRF context processor)
    }
    assert ITEMS_TAG.render(Context(context)) == ITEMS_LOOP.render(Context(context))


@settings(max_examples=100, deadline=None)
@given(
    st.lists(st.tuples(st.integers(1, 50), text), max_size=4),
    st.sets(st.integers(1, 50), max_size=4),
)
def test_the_attendance_boxes_are_the_loops_html(agencies, attending):  # type: ignore[no-untyped-def]
    context = {
        "agencies": [Agency(pk=pk, name=name) for pk, name in agencies],
        "attending": attending,
    }
    assert BOXES_FILTER.render(Context(context)) == BOXES_LOOP.render(Context(context))
