"""The shell's navigation written by ``{% nav_links %}`` (``templatetags/shell.py``) is the HTML
the template's loop wrote, for every role and page, and follows the script prefix; the page's
own item is the one marked current, over HTTP."""

from __future__ import annotations

import re
from types import SimpleNamespace

import pytest
from django.template import Context, Template
from django.urls import set_script_prefix
from hypothesis import given, settings
from hypothesis import strategies as st

from goldenthread.core.roles import Role
from goldenthread.testing import build_world
from goldenthread.web.nav import nav_items

# The loop the tag replaced (web/base.html before 2026-11-30): the reference.
REFERENCE = Template("""<li><a href="{% url 'home' %}"{% if request.resolver_match.url_name == 'home' %} aria-current="page"{% endif %}>Today</a></li>
      {% for item in nav %}<li><a href="{{ item.url }}"{% if request.resolver_match.view_name == item.url_name %} aria-current="page"{% endif %}>{{ item.label }}</a></li>{% endfor %}""")  # noqa: E501 - the template's own lines
TAG = Template("{% load shell %}{% nav_links %}")

NAMES = sorted({i.url_name for role in Role for i in nav_items(role)} | {"home"})
names = st.none() | st.just("home") | st.sampled_from(NAMES) | st.text(max_size=12)


def _render(source: Template, role: Role, match: object) -> str:
    context = {
        "actor": SimpleNamespace(role=role),
        "nav": list(nav_items(role)),
        "request": SimpleNamespace(resolver_match=match),
    }
    return source.render(Context(context))


@settings(max_examples=200, deadline=None)
@given(st.sampled_from(list(Role)), st.booleans(), names, names)
def test_the_tag_writes_what_the_loop_wrote(role, matched, url_name, view_name):  # type: ignore[no-untyped-def]
    match = SimpleNamespace(url_name=url_name, view_name=view_name) if matched else None
    assert _render(TAG, role, match) == _render(REFERENCE, role, match)


def test_every_role_has_its_items_and_the_page_is_marked() -> None:
    for role in Role:
        for item in nav_items(role):
            html = _render(TAG, role, SimpleNamespace(url_name="x", view_name=item.url_name))
            assert html.count('aria-current="page"') == 1
            assert f'aria-current="page">{item.label}</a>' in html


def test_the_links_follow_the_script_prefix() -> None:
    match = SimpleNamespace(url_name="home", view_name="home")
    try:
        set_script_prefix("/lead/")
        prefixed = _render(TAG, Role.CM, match)
    finally:
        set_script_prefix("/")
    plain = _render(TAG, Role.CM, match)
    assert '<a href="/lead/" aria-current="page">Today</a>' in prefixed
    assert '<a href="/" aria-current="page">Today</a>' in plain
    assert all(h.startswith("/lead/") for h in re.findall(r'href="([^"]*)"', prefixed))


@pytest.mark.django_db
def test_the_caseload_page_marks_its_own_item() -> None:
    page = build_world().client(Role.CM).get("/casework/").content.decode()
    current = re.findall(r'<a href="([^"]*)" aria-current="page">([^<]*)</a>', page)
    assert current == [("/casework/", "My caseload")]


# The home cards' loop the filter replaced (web/home.html before 2026-11-30 evening).
LINES_REFERENCE = Template("{% for line in lines %}<li>{{ line }}</li>{% endfor %}")
LINES = Template("{% load shell %}{{ lines|card_lines }}")


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.one_of(
            st.text(alphabet=st.sampled_from(list("ab <>&\"'é—\n#:;")), max_size=30),
            st.integers(-(10**7), 10**7),
        ),
        max_size=8,
    )
)
def test_a_cards_lines_are_the_loops_html(lines):  # type: ignore[no-untyped-def]
    context = Context({"lines": lines})
    assert LINES.render(context) == LINES_REFERENCE.render(context)
