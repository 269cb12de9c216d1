"""The participant page's service referrals and flex requests written in Python
(``templatetags/page_sections.py``) give the HTML the template's loops gave: labels as
``get_FOO_display``, dates and amounts localised, every value escaped, links only for who may
follow them, for any text (ADR 16)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from django.template import Context, Template
from hypothesis import given, settings
from hypothesis import strategies as st

from goldenthread.casework import rules
from goldenthread.casework.models import FlexFundRequest, ServiceReferral

# The loops the tags replaced (casework/participant.html before 2026-11-30): the references.
REFERRALS = """{% load links %}{% for r in page.referrals %}<tr><td>{% if can.service_refer %}<a href="{{ r.pk|link:"casework:service_update" }}">{{ r.get_kind_display }}</a>{% else %}{{ r.get_kind_display }}{% endif %}</td><td>{{ r.provider }}</td><td>{{ r.get_status_display }}</td><td>{{ r.sent_on }}</td><td>{{ r.accepted_on|default_if_none:"" }}</td><td>{{ r.declined_on|default_if_none:"" }}</td><td>{{ r.completed_on|default_if_none:"" }}</td></tr>
{% empty %}<tr><td colspan="7">None.</td></tr>{% endfor %}"""  # noqa: E501 - the template's own line
FLEX = """{% load links %}{% for f in page.flex %}<li>{% if can.flex_view %}<a href="{{ f.pk|link:"casework:flex_detail" }}">{{ f.get_category_display }} {{ f.amount }} — {{ f.vendor }}</a>{% else %}{{ f.get_category_display }} {{ f.amount }} — {{ f.vendor }}{% endif %} ({{ f.get_status_display }})</li>{% empty %}<li>None.</li>{% endfor %}"""  # noqa: E501 - the template's own line
REFERRAL_TAG = (
    "{% load page_sections %}{% service_referral_rows page.referrals can.service_refer %}"
)
FLEX_TAG = "{% load page_sections %}{% flex_items page.flex can.flex_view %}"

text = st.text(alphabet=st.sampled_from(list("ab <>&\"'é—\n")), max_size=10)
days = st.dates(min_value=date(2000, 1, 1), max_value=date(2030, 12, 31))
# A stored value outside the choices shows as itself, as get_FOO_display shows it.
kinds = st.sampled_from([*rules.SERVICE_KINDS, "gone<&>"])
service_states = st.sampled_from([*rules.SERVICE_STATES, "old"])
categories = st.sampled_from([*rules.FLEX_CATEGORIES, "other'"])
flex_states = st.sampled_from([*FlexFundRequest.Status.values, "held"])


@st.composite
def referrals(draw):  # type: ignore[no-untyped-def]
    return ServiceReferral(
        pk=draw(st.integers(1, 10**9)),
        kind=draw(kinds),
        provider=draw(text),
        status=draw(service_states),
        sent_on=draw(days),
        accepted_on=draw(st.none() | days),
        declined_on=draw(st.none() | days),
        completed_on=draw(st.none() | days),
    )


@st.composite
def flex_requests(draw):  # type: ignore[no-untyped-def]
    return FlexFundRequest(
        pk=draw(st.integers(1, 10**9)),
        category=draw(categories),
        amount=draw(st.decimals(min_value=0, max_value=Decimal("99999999.99"), places=2)),
        vendor=draw(text),
        status=draw(flex_states),
    )


def _both(reference: str, tag: str, context: dict[str, object]) -> tuple[str, str]:
    return Template(reference).render(Context(context)), Template(tag).render(Context(context))


@settings(max_examples=150, deadline=None)
@given(st.lists(referrals(), max_size=4), st.booleans())
def test_the_referral_rows_are_the_loops_html(found, may):  # type: ignore[no-untyped-def]
    loop, tag = _both(
        REFERRALS, REFERRAL_TAG, {"page": {"referrals": found}, "can": {"service_refer": may}}
    )
    assert tag == loop


@settings(max_examples=150, deadline=None)
@given(st.lists(flex_requests(), max_size=4), st.booleans())
def test_the_flex_items_are_the_loops_html(found, may):  # type: ignore[no-untyped-def]
    loop, tag = _both(FLEX, FLEX_TAG, {"page": {"flex": found}, "can": {"flex_view": may}})
    assert tag == loop


def test_no_rows_say_so() -> None:
    assert _both(REFERRALS, REFERRAL_TAG, {"page": {"referrals": []}, "can": {}})[1] == (
        '<tr><td colspan="7">None.</td></tr>'
    )
    assert _both(FLEX, FLEX_TAG, {"page": {"flex": []}, "can": {}})[1] == "<li>None.</li>"


DAY = Template("{% load page_sections %}{{ v|day }}")
PLAIN = Template("{{ v }}")


@settings(max_examples=200, deadline=None)
@given(
    st.one_of(
        st.none(),
        days,
        st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2030, 12, 31)),
        text,
        st.integers(-(10**6), 10**6),
    )
)
def test_the_day_filter_writes_what_the_variable_writes(value):  # type: ignore[no-untyped-def]
    assert DAY.render(Context({"v": value})) == PLAIN.render(Context({"v": value}))
