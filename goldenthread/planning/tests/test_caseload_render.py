"""The dashboard's caseload rows written in Python (``templatetags/caseloads.py``) give the
HTML the template's loop gave, for any name (ADR 16); its two blank forms are the forms' own
HTML, written once."""

from __future__ import annotations

import pytest
from django.template import Context, Template
from hypothesis import given, settings
from hypothesis import strategies as st

from goldenthread.core.roles import Role
from goldenthread.core.widgets import blank_form
from goldenthread.planning.forms import ForecastForm, ScenarioForm
from goldenthread.planning.queries import CaseloadRow
from goldenthread.planning.templatetags.caseloads import caseload_rows

# The loop the filter replaced (planning/dashboard.html before 2026-11-30): the reference the
# filter's HTML must equal.
REFERENCE = Template(
    """{% for r in rows %}<tr><th scope="row">{{ r.name }}</th><td>{{ r.caseload }}</td><td>{{ r.active }}</td><td>{{ r.inactive }}</td><td>{% if r.level == "over" %}<span class="badge bad">over the cap</span>{% elif r.level == "high" %}<span class="badge">over the target</span>{% else %}<span class="badge ok">within the target</span>{% endif %}</td></tr>
      {% empty %}<tr><td colspan="5">No case managers at this site.</td></tr>{% endfor %}"""  # noqa: E501 - the template's own lines
)

text = st.text(alphabet=st.sampled_from(list("ab <>&\"'é—\n")), max_size=12)
counts = st.integers(0, 10**6)
rows = st.lists(
    st.builds(
        CaseloadRow,
        name=text,
        username=text,
        caseload=counts,
        active=counts,
        inactive=counts,
        level=st.sampled_from(["over", "high", "ok"]),
    ),
    max_size=6,
)


@settings(max_examples=200, deadline=None)
@given(rows)
def test_the_rows_are_the_loops_html_for_any_name(found):  # type: ignore[no-untyped-def]
    assert caseload_rows(found) == REFERENCE.render(Context({"rows": found}))


@pytest.mark.parametrize("form", [ForecastForm, ScenarioForm])
def test_a_blank_form_is_the_forms_own_html(form):
    assert blank_form(form) == form().as_div()
    assert blank_form(form) is blank_form(form)  # written once


@pytest.mark.django_db
def test_the_dashboard_shows_both_forms_blank_and_with_their_errors(world):
    client = world.client(Role.PM)
    html = client.get("/planning/").content.decode()
    assert str(blank_form(ForecastForm)) in html and str(blank_form(ScenarioForm)) in html
    refused = client.post("/planning/scenarios/", {"name": ""})
    assert refused.status_code == 422
    page = refused.content.decode()
    assert "This field is required." in page and str(blank_form(ScenarioForm)) not in page
