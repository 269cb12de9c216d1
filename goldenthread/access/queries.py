"""Reads about access."""

from __future__ import annotations

from django.contrib.auth.models import User

from goldenthread.access.models import ApiToken


def tokens_of(user: User) -> list[ApiToken]:
    return list(ApiToken.objects.select_related("membership__site").filter(user=user))
