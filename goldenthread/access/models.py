"""Personal API tokens. Only a hash is stored; the token itself is shown once."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from goldenthread.core.models import Membership


class ApiToken(models.Model):
    """A personal token that acts as one membership (user × site × role) in the API."""

    membership = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="tokens")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(max_length=100, blank=True)
    prefix = models.CharField(max_length=12)
    digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.user})"
