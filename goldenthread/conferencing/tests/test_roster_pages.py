"""The meeting page shows the roster a page at a time (a roster built from its sources holds
about 200 items at a site of 1,500 to 2,000 participants): counts and order come from every
item the viewer may see, and only the page's items are read whole and logged. Meeting mode
reads whole only the item under discussion."""

from __future__ import annotations

import re

import pytest

from goldenthread.audit.models import AccessEvent
from goldenthread.conferencing import rules
from goldenthread.conferencing.models import DiscussionNote, RosterItem
from goldenthread.conferencing.tests.matrix import item, meeting
from goldenthread.core.roles import Role
from goldenthread.disclosures.tests.querycount import assert_flat


@pytest.fixture
def small(monkeypatch):
    """Pages of 3 items: a few items fill several."""
    monkeypatch.setattr("goldenthread.conferencing.queries.ROSTER_PAGE", 3)


def _items(world, m, n: int, **kw) -> list[RosterItem]:  # type: ignore[no-untyped-def]
    return [item(world.alpha, m, title=f"Item {i:02d}", order=i, **kw) for i in range(n)]


def _grower(world, m):  # type: ignore[no-untyped-def]
    """Adds four items about one more participant, each with a note."""

    def grow() -> None:
        for it in _items(world, m, 4, participant=world.participant()):
            DiscussionNote.objects.create(
                site=world.alpha.site, item=it, text="Housed", author=world.alpha.users[Role.CM]
            )

    return grow


def _shown(html: str) -> list[str]:
    return re.findall(r"<strong>(Item \d\d)</strong>", html)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("raw", "number", "titles", "start"),
    [
        ("", 1, ["Item 00", "Item 01", "Item 02"], 1),
        ("2", 2, ["Item 03", "Item 04", "Item 05"], 4),
        ("3", 3, ["Item 06"], 7),
        ("abc", 1, ["Item 00", "Item 01", "Item 02"], 1),  # not a number: the first page
        ("99", 3, ["Item 06"], 7),  # past the end: the last page
    ],
)
def test_the_meeting_page_shows_the_roster_a_page_at_a_time(
    world, small, raw, number, titles, start
):
    m = meeting(world.alpha)
    _items(world, m, 7)
    response = world.client(Role.PM).get(f"/conferencing/{m.pk}/", {"page": raw})
    assert response.status_code == 200
    html = response.content.decode()
    assert _shown(html) == titles
    assert f'<ol class="roster" start="{start}">' in html
    assert '<h2>Roster <span class="count">7</span></h2>' in html
    assert f"Items {start} to {start + len(titles) - 1} of 7." in html
    assert f"Page {number} of 3" in html
    assert ('rel="next"' in html) == (number < 3) and ('rel="prev"' in html) == (number > 1)


@pytest.mark.django_db
def test_a_roster_that_fits_one_page_has_no_pager(world, small):
    m = meeting(world.alpha)
    _items(world, m, 3)
    html = world.client(Role.PM).get(f"/conferencing/{m.pk}/").content.decode()
    assert len(_shown(html)) == 3
    assert "Page 1 of" not in html and "Items 1 to" not in html


@pytest.mark.django_db
def test_pages_count_and_show_only_what_the_role_may_see(world, small):
    m = meeting(world.alpha)
    for i in range(8):
        # Every other item is for the prosecutor only; the CM sees the others.
        roles = ["prosecutor"] if i % 2 else ["cm"]
        item(world.alpha, m, title=f"Item {i:02d}", order=i, visible_to_roles=roles)
    client = world.client(Role.CM)
    first = client.get(f"/conferencing/{m.pk}/").content.decode()
    second = client.get(f"/conferencing/{m.pk}/?page=2").content.decode()
    assert _shown(first) == ["Item 00", "Item 02", "Item 04"]
    assert _shown(second) == ["Item 06"]
    assert '<span class="count">4</span>' in first and "Page 1 of 2" in first


@pytest.mark.django_db
def test_the_part2_notice_goes_with_the_page_that_shows_part2_information(world, small):
    m = meeting(world.alpha)
    _items(world, m, 3)
    item(world.alpha, m, title="Item 03", order=3, tags=[rules.PART2_TAG])
    client = world.client(Role.PM)
    assert rules.PART2_NOTICE not in client.get(f"/conferencing/{m.pk}/").content.decode()
    assert rules.PART2_NOTICE in client.get(f"/conferencing/{m.pk}/?page=2").content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("via", ["page", "api"])
def test_a_roster_pages_queries_do_not_grow_with_the_roster(world, small, via):
    m = meeting(world.alpha)
    grow = _grower(world, m)
    grow()
    if via == "page":
        client = world.client(Role.PM)
        url = f"/conferencing/{m.pk}/"
    else:
        client = world.api(Role.PM)
        url = f"/api/v1/conferencing/meetings/{m.pk}/items"
    assert_flat(lambda: client.get(url, {"page": 2}), grow)


def _run(client, m, item_id: int | None = None) -> str:  # type: ignore[no-untyped-def]
    query = {"item": item_id} if item_id else {}
    response = client.get(f"/conferencing/{m.pk}/run/", query)
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.django_db
def test_meeting_mode_reads_and_logs_only_the_item_under_discussion(world):
    m = meeting(world.alpha, "open")
    people = [world.participant(first_name=f"P{i}") for i in range(4)]
    items = [
        item(world.alpha, m, title=f"Item {i:02d}", order=i, participant=p)
        for i, p in enumerate(people)
    ]
    for it in items:
        DiscussionNote.objects.create(
            site=world.alpha.site,
            item=it,
            text=f"Said about {it.title}",
            author=world.alpha.users[Role.CM],
            author_role="cm",
        )
    items[1].status = rules.REMOVED
    items[1].save()
    html = _run(world.client(Role.CM), m, items[2].pk)
    assert "Item 2 of 3" in html  # the removed item is off the agenda
    assert "Said about Item 02" in html and "Said about Item 00" not in html
    assert f"?item={items[0].pk}" in html and f"?item={items[3].pk}" in html
    logged = set(AccessEvent.objects.values_list("subject_id", flat=True))
    assert logged == {str(people[2].pk)}


@pytest.mark.django_db
@pytest.mark.parametrize(("op", "page"), [("down", 2), ("up", 1)])
def test_moving_an_item_returns_to_the_page_it_moved_to(world, small, op, page):
    m = meeting(world.alpha)
    items = _items(world, m, 5)
    edge = items[2] if op == "down" else items[3]  # the last of page 1, the first of page 2
    response = world.client(Role.PM).post(f"/conferencing/items/{edge.pk}/", {"op": op})
    assert response.status_code == 302
    assert response["Location"] == f"/conferencing/{m.pk}/?page={page}#item-{edge.pk}"


API = "/api/v1/conferencing/meetings/{}/items"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("page", "number", "titles"),
    [
        (None, 1, ["Item 00", "Item 02", "Item 04"]),
        (2, 2, ["Item 06"]),
        (9, 2, ["Item 06"]),  # past the end: the last page
    ],
)
def test_the_api_gives_the_roster_a_page_at_a_time_as_the_role_sees_it(
    world, small, page, number, titles
):
    m = meeting(world.alpha)
    for i in range(8):
        roles = ["prosecutor"] if i % 2 else ["cm"]
        item(world.alpha, m, title=f"Item {i:02d}", order=i, visible_to_roles=roles)
    params = {} if page is None else {"page": page}
    body = world.api(Role.CM).get(API.format(m.pk), params).json()
    assert [i["title"] for i in body["items"]] == titles
    assert (body["page"], body["pages"], body["count"], body["notice"]) == (number, 2, 4, None)


@pytest.mark.django_db
def test_the_api_refuses_a_page_below_one_naming_it_and_hides_other_sites_meetings(world):
    m = meeting(world.alpha)
    refused = world.api(Role.PM).get(API.format(m.pk), {"page": 0})
    assert refused.status_code == 422
    assert refused.json()["errors"][0]["field"] == "page"
    theirs = meeting(world.beta)
    assert world.api(Role.PM).get(API.format(theirs.pk)).status_code == 404
    assert world.api(Role.PM).get(API.format(10**9)).status_code == 404


@pytest.mark.django_db
def test_the_api_page_logs_only_its_participants_and_carries_the_part2_notice(world, small):
    m = meeting(world.alpha)
    people = [world.participant(first_name=f"P{i}") for i in range(4)]
    for i, p in enumerate(people):
        tags = [rules.PART2_TAG] if i == 3 else []
        it = item(world.alpha, m, title=f"Item {i:02d}", order=i, participant=p, tags=tags)
        # A participant is logged as read where the page shows what was said about them.
        DiscussionNote.objects.create(
            site=world.alpha.site, item=it, text="Housed", author=world.alpha.users[Role.CM]
        )
    api = world.api(Role.PM)
    first = api.get(API.format(m.pk)).json()
    assert first["notice"] is None
    logged = set(AccessEvent.objects.values_list("subject_id", flat=True))
    assert logged == {str(p.pk) for p in people[:3]}
    second = api.get(API.format(m.pk), {"page": 2}).json()
    assert second["notice"] == rules.PART2_NOTICE
    assert str(people[3].pk) in set(AccessEvent.objects.values_list("subject_id", flat=True))


@pytest.mark.django_db
@pytest.mark.parametrize(
    "role",
    [Role.PM, Role.CM, Role.PROSECUTOR, Role.OFFICER, Role.DEFENDER, Role.OUTREACH],
)
def test_the_index_shows_each_role_what_the_items_own_fields_show(world, role):
    """Table: items whose list columns take different values (the index decodes them from
    their text, once per text); each role's index is the items ``_visible`` passes, read as
    model instances, in the roster's order."""
    from goldenthread.conferencing.queries import _visible, roster_index
    from goldenthread.core.models import Agency

    m = meeting(world.alpha, "open")
    police = world.alpha.agencies[Agency.Kind.POLICE].pk
    own = world.participant()
    shapes = [
        {"visible_to_roles": ["cm", "prosecutor"], "tags": ["legal"]},
        {"visible_to_roles": ["officer"], "police_agency_ids": [police]},
        {"visible_to_roles": ["officer"], "police_agency_ids": [police + 1000]},
        {"visible_to_roles": ["officer", "cm"], "tags": ["part2"]},
        {"visible_to_roles": [], "tags": [], "kind": "situation"},
        {"visible_to_roles": [], "participant": own},
        {"visible_to_roles": ["defender", "outreach"], "tags": ["legal", "housing"]},
    ]
    made = [
        item(world.alpha, m, title=f"Item {i:02d}", order=i, **kw) for i, kw in enumerate(shapes)
    ]
    actor = world.actor(role)
    shown = [e.pk for e in roster_index(actor, m)]
    fresh = RosterItem.objects.filter(pk__in=[i.pk for i in made]).order_by("order", "id")
    assert shown == [i.pk for i in fresh if _visible(actor, i)]
    if role == Role.PM:
        assert len(shown) == len(made)
