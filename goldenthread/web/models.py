"""The shell's one table: form tokens that make a sent form take effect once."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class FormSubmission(models.Model):
    """A form's one-time token, kept once the POST that carried it succeeded.

    The same form sent twice (a double tap, a resend after the answer was lost on a weak
    phone signal) takes effect once; the second send is taken to where the first one went.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    token = models.UUIDField()
    path = models.CharField(max_length=300)
    location = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "token"], name="web_formsubmission_once")
        ]

    def __str__(self) -> str:
        return f"{self.path} · {self.token}"
