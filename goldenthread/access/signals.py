"""Disabling a user ends every session they hold, at once."""

from __future__ import annotations

from typing import Any

from allauth.usersessions.models import UserSession
from django.contrib.auth import get_user_model
from django.db.models.signals import post_save
from django.dispatch import receiver


@receiver(post_save, sender=get_user_model())
def _end_sessions_of_disabled(sender: Any, instance: Any, **kwargs: Any) -> None:
    if not instance.is_active:
        for session in UserSession.objects.filter(user=instance):
            session.end()
