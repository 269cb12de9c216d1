"""The participant page's timeline written in Python (``templatetags/timeline.py``) gives the
HTML the template's loop gave: days localised, values escaped and long details cut as the
template does, for any text (ADR 16)."""

from __future__ import annotations

from datetime import date

import pytest
from django.template import Context, Template
from hypothesis import given, settings
from hypothesis import strategies as st

from goldenthread.casework import rules
from goldenthread.casework.actions import contact_log
from goldenthread.casework.models import FlexFundRequest, Goal, ServiceReferral
from goldenthread.casework.queries import FLEX_STATUSES, Event
from goldenthread.casework.templatetags.timeline import timeline_items
from goldenthread.core.roles import Role

# The loop the filter replaced (casework/participant.html before 2026-11-30): the reference
# the filter's HTML must equal.
REFERENCE = Template(
    """{% for e in page.timeline %}<li><strong>{{ e.on }}</strong> · {{ e.kind }}: {{ e.title }}{% if e.detail %}<br><small>{{ e.detail|truncatechars:240 }}</small>{% endif %}</li>{% empty %}<li>Nothing yet.</li>{% endfor %}"""  # noqa: E501 - the template's own line
)

# Text that escapes, text that NFC changes (a combining accent, a composition exclusion), and
# lengths on both sides of the 240 characters the page shows.
letters = st.sampled_from([*"ab <>&\"'é—\n", "e\u0301", "\u0958", "日"])
text = st.lists(letters, max_size=300).map("".join)
events = st.lists(
    st.builds(
        Event,
        on=st.dates(min_value=date(2000, 1, 1), max_value=date(2030, 12, 31)),
        kind=st.sampled_from(["contact", "status", "referral", "Court <date>"]),
        title=text,
        detail=st.one_of(st.just(""), text, st.text(max_size=260)),
    ),
    max_size=5,
)


@settings(max_examples=300, deadline=None)
@given(events)
def test_the_timeline_is_the_loops_html_for_any_text(found):  # type: ignore[no-untyped-def]
    assert timeline_items(found) == REFERENCE.render(Context({"page": {"timeline": found}}))


@pytest.mark.parametrize("length", [239, 240, 241, 500])
def test_a_long_detail_is_cut_as_before(length):
    found = [Event(date(2026, 11, 30), "contact", "Street", "x" * length)]
    html = timeline_items(found)
    assert html == REFERENCE.render(Context({"page": {"timeline": found}}))
    assert ("…" in html) == (length > 240)


@pytest.mark.django_db
def test_the_participant_page_shows_a_contact_on_its_timeline(world):
    participant = world.participant()
    client = world.client(Role.CM)
    timeline = '<ol class="timeline">\n<li>Nothing yet.</li>'
    assert timeline in client.get(f"/casework/p/{participant.pk}/").content.decode()
    contact_log(
        actor=world.actor(Role.CM),
        participant_id=participant.pk,
        idempotency_key="timeline-1",
        kind="street",
        note="Met <at> the library & talked.",
    )
    html = client.get(f"/casework/p/{participant.pk}/").content.decode()
    assert timeline not in html
    assert "<br><small>Met &lt;at&gt; the library &amp; talked.</small></li>" in html


@pytest.mark.parametrize(
    ("model", "name", "labels"),
    [
        (Goal, "state", rules.GOAL_STATES),
        (ServiceReferral, "kind", rules.SERVICE_KINDS),
        (FlexFundRequest, "category", rules.FLEX_CATEGORIES),
        (FlexFundRequest, "status", FLEX_STATUSES),
    ],
)
def test_the_timeline_labels_are_the_fields_own(model, name, labels):
    # _events reads choice labels from these dicts, as get_<name>_display would give them.
    for value, _ in model._meta.get_field(name).flatchoices:
        display = getattr(model(**{name: value}), f"get_{name}_display")()
        assert labels.get(value, value) == display
