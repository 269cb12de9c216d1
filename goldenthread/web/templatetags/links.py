"""``{{ pk|link:"area:name" }}``: the URL of a one-id page, for long lists (web/links.py)."""

from __future__ import annotations

from django import template

from goldenthread.web.links import link_to

register = template.Library()


@register.filter
def link(pk: int, name: str) -> str:
    return link_to(name, pk)
