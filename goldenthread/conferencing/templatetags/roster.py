"""The roster's items written here rather than through templates: ``{{ item|item_line }}``
(what an item says, on the meeting page, in meeting mode and in print),
``{{ item|shaping:csrf_token }}`` (the PM's controls on the meeting page), and on the meeting
page the list of a page's items, ``{% roster_items items shapes %}``, and the attendance
check boxes, ``{{ agencies|agency_boxes:attending }}``.

A roster built from its sources for a site of 1,500 to 2,000 participants holds 176 to 222 items;
through
``{% include %}`` and the template engine each cost about 0.2 ms of CPU, most of the meeting
page. The HTML is the same as the templates wrote: every value escaped as autoescape does.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable
from typing import Any

from django import template
from django.utils.safestring import SafeString, mark_safe

from goldenthread.conferencing import rules
from goldenthread.core.widgets import escape_value as _e
from goldenthread.core.widgets import written_rows
from goldenthread.web.links import row_links

register = template.Library()

UPDATE = "conferencing:roster_item_update"


@register.filter
def item_line(item: Any) -> SafeString:
    """An item's title, status, time box, detail, tags, the notes and decisions the viewer may
    read (``item.shown_notes``, ``item.shown_decisions``) and its action items: the rows of
    ``queries.roster_for_meeting``."""
    parts = [
        f"<strong>{_e(item.title)}</strong> "
        f'<span class="badge">{_e(item.get_status_display())}</span> '
        f'<span class="badge">{_e(item.time_box_minutes)} min</span>\n'
    ]
    if item.detail:
        parts.append(f"<br>{_e(item.detail)}")
    parts.append("\n")
    if item.tags:
        parts.append(f"<br><small>Tags: {', '.join(_e(t) for t in item.tags)}</small>")
    parts.append("\n")
    for n in item.shown_notes:
        part2 = " (Part 2)" if n.part2 else ""
        parts.append(
            f'<p class="note">Note{part2}: {_e(n.text)} '
            f"<small>— {_e(n.author.get_username())}, LEAD-derived</small></p>"
        )
    parts.append("\n")
    for d in item.shown_decisions:
        parts.append(
            f'<p class="decision">Decision ({_e(d.get_sphere_display())}): {_e(d.decision)} '
            f"<small>— {_e(d.decided_by.get_username())}</small></p>"
        )
    parts.append("\n")
    for a in item.action_list:  # an action item's owner, agency and due date are required
        parts.append(
            f'<p class="action">Action: {_e(a.description)} '
            f"<small>— {_e(a.owner.get_username())} ({_e(a.agency.name)}), "
            f"due {a.due_on.isoformat()}, {_e(a.get_status_display())}</small></p>"
        )
    parts.append("\n")
    return mark_safe("".join(parts))  # noqa: S308 - every value is escaped above  # nosec B308 B703


@register.filter
def shaping(item: Any, csrf_token: Any) -> SafeString:
    """The PM's controls for one item on the meeting page: move up or down, remove or restore,
    and its time box, posted to ``conferencing:roster_item_update``."""
    return _shaping(item, csrf_token, row_links(UPDATE))


def _shaping(item: Any, csrf_token: Any, update: Callable[[int], str]) -> SafeString:
    pk = int(item.pk)
    restore = (
        '<button type="submit" name="op" value="pending" class="secondary">Restore</button>'
        if item.status == rules.REMOVED
        else '<button type="submit" name="op" value="removed" class="secondary">Remove</button>'
    )
    return mark_safe(  # noqa: S308 - the id is an int, the token and box escaped  # nosec B308 B703
        f'<form method="post" action="{update(pk)}" '
        f'class="shape"><input type="hidden" name="csrfmiddlewaretoken" value="{_e(csrf_token)}">\n'
        '      <button type="submit" name="op" value="up" class="secondary">Up</button>\n'
        '      <button type="submit" name="op" value="down" class="secondary">Down</button>\n'
        f"      {restore}\n"
        f'      <label for="tb-{pk}" class="inline">Time box</label>\n'
        f'      <input id="tb-{pk}" type="number" name="time_box_minutes" '
        f'value="{_e(item.time_box_minutes)}" min="1" max="120" class="short">\n'
        '      <button type="submit" name="op" value="timebox" class="secondary">Set</button>\n'
        "    </form>"
    )


NO_ITEMS = "<li>No items you may see on this roster.</li>"


@register.simple_tag(takes_context=True)
def roster_items(context: Any, items: Iterable[Any], shapes: bool) -> SafeString:
    """The meeting page's items, each a list entry with its line and, when ``shapes`` (the PM
    runs a meeting not yet closed), its controls; one entry saying so when there are none."""
    token = context.get("csrf_token", "")
    update = row_links(UPDATE)
    parts = []
    for item in items:
        removed = " removed" if item.status == rules.REMOVED else ""
        controls = f"\n    {_shaping(item, token, update)}\n    " if shapes else ""
        parts.append(
            f'\n  <li id="item-{int(item.pk)}" class="roster-item{removed}">\n'
            f"    {item_line(item)}\n    {controls}\n  </li>\n"
        )
    return written_rows(parts, NO_ITEMS)


@register.filter
def agency_boxes(agencies: Iterable[Any], attending: Collection[int]) -> SafeString:
    """A check box for each agency, ticked for those recorded as present."""
    return written_rows(
        (
            f'<label><input type="checkbox" name="agency_ids" value="{int(a.pk)}"'
            f"{' checked' if a.pk in attending else ''}> {_e(a.name)}</label>"
            for a in agencies
        ),
        "",
    )
