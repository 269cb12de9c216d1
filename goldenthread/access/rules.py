"""Pure access rules: break-the-glass limits."""

from __future__ import annotations

from datetime import datetime, timedelta

MAX_BREAK_GLASS = timedelta(hours=24)
MIN_REASON_LENGTH = 15


def break_glass_refusal(reason: str, hours: float) -> tuple[str, str] | None:
    """(field, message) when an emergency-access request may not be granted, else None."""
    if len(reason.strip()) < MIN_REASON_LENGTH:
        return "reason", f"State the emergency in at least {MIN_REASON_LENGTH} characters."
    if not 0 < hours <= MAX_BREAK_GLASS.total_seconds() / 3600:
        return "hours", "Emergency access lasts more than 0 and at most 24 hours."
    return None


def break_glass_expiry(opened_at: datetime, hours: float) -> datetime:
    return opened_at + min(timedelta(hours=hours), MAX_BREAK_GLASS)
