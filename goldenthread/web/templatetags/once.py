"""`{% once %}`: a hidden one-time token for a form whose double send would duplicate a record."""

from __future__ import annotations

import uuid

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString

from goldenthread.web.middleware import ONCE_FIELD

register = template.Library()


@register.simple_tag
def once() -> SafeString:
    return format_html('<input type="hidden" name="{}" value="{}">', ONCE_FIELD, uuid.uuid4())
