"""The worklist's lists written in Python (``templatetags/worklist_rows.py``) give the HTML the
templates' loops gave, for any text: names, courts and charges escaped, the queue's
before-enrolment answer, a missing decision as a dash, disclosures' categories joined or
"nothing to share" and their day in the active time zone (ADR 16)."""

from __future__ import annotations

from datetime import UTC, datetime

from django.template import Context, Template
from django.utils import timezone
from hypothesis import given, settings
from hypothesis import strategies as st

# The loops the filters replaced (legal/_worklist_*.html and legal/worklist.html before
# 2026-11-30): the references, each beside the filter that replaced it.
PAIRS = {
    "queue": (
        """{% load links %}{% for item in rows %}
<tr><td><a href="{{ item.case_id|link:"legal:case_detail" }}">{{ item.person }}</a></td><td>{{ item.source }}</td>
<td>{{ item.charges }}</td>
<td>{% if item.predates_enrollment is None %}—{% elif item.predates_enrollment %}Yes: incident before enrolment{% else %}No{% endif %}</td>
<td>{{ item.latest|default:"—" }}</td></tr>
{% empty %}<tr><td colspan="5">Nothing in the filing queue.</td></tr>
{% endfor %}""",  # noqa: E501 - the template's own lines
        "queue_rows",
    ),
    "holds": (
        """{% load links %}{% for d in rows %}<li><a href="{{ d.case_id|link:"legal:case_detail" }}">{{ d.person }} — {{ d.case }}</a>: review on {{ d.review_on }}</li>{% empty %}<li>No holds due.</li>{% endfor %}""",  # noqa: E501
        "hold_items",
    ),
    "court": (
        """{% load links %}{% for cd in rows %}<li>{{ cd.on }} — <a href="{{ cd.case_id|link:"legal:case_detail" }}">{{ cd.person }}, {{ cd.court }} {{ cd.case }}</a> ({{ cd.kind }})</li>{% empty %}<li>None in the next 30 days.</li>{% endfor %}""",  # noqa: E501
        "court_date_items",
    ),
    "cases": (
        """{% load links %}{% for c in rows %}<tr><td><a href="{{ c.case_id|link:"legal:case_detail" }}">{{ c.case }}</a></td><td>{{ c.person }}</td><td>{{ c.court }}</td><td>{{ c.status }}</td></tr>
{% empty %}<tr><td colspan="4">No cases.</td></tr>{% endfor %}""",  # noqa: E501
        "case_rows",
    ),
    "disclosures": (
        """{% load links %}{% for d in rows %}<li><a href="{{ d.pk|link:"disclosures:disclosure_detail" }}">{{ d.person }}: {{ d.categories|join:", "|default:"nothing to share" }}</a> ({{ d.shared_at|date:"Y-m-d" }})</li>{% empty %}<li>Nothing addressed to you.</li>{% endfor %}""",  # noqa: E501
        "disclosure_items",
    ),
}
TEMPLATES = {
    name: (Template(reference), Template("{% load worklist_rows %}{{ rows|" + tag + " }}"))
    for name, (reference, tag) in PAIRS.items()
}

text = st.text(alphabet=st.sampled_from(list("ab <>&\"'é—;\n")), max_size=10)
ids = st.integers(1, 10**9)
moments = st.datetimes(
    min_value=datetime(1900, 1, 1), max_value=datetime(2100, 1, 1), timezones=st.just(UTC)
)
ROWS = {
    "queue": st.fixed_dictionaries(
        {
            "case_id": ids,
            "person": text,
            "source": text,
            "charges": text,
            "predates_enrollment": st.none() | st.booleans(),
            "latest": text,
        }
    ),
    "holds": st.fixed_dictionaries(
        {"case_id": ids, "person": text, "case": text, "review_on": text}
    ),
    "court": st.fixed_dictionaries(
        {"case_id": ids, "person": text, "case": text, "court": text, "on": text, "kind": text}
    ),
    "cases": st.fixed_dictionaries(
        {"case_id": ids, "person": text, "case": text, "court": text, "status": text}
    ),
    "disclosures": st.fixed_dictionaries(
        {"pk": ids, "person": text, "categories": st.lists(text, max_size=3), "shared_at": moments}
    ),
}


@settings(max_examples=300, deadline=None)
@given(
    st.sampled_from(sorted(PAIRS)).flatmap(
        lambda name: st.tuples(st.just(name), st.lists(ROWS[name], max_size=4))
    ),
    st.sampled_from(["UTC", "America/Los_Angeles", "Pacific/Kiritimati"]),
)
def test_the_lists_are_the_loops_html_for_any_text(case, zone):  # type: ignore[no-untyped-def]
    name, rows = case
    reference, written = TEMPLATES[name]
    with timezone.override(zone):
        assert written.render(Context({"rows": rows})) == reference.render(Context({"rows": rows}))
