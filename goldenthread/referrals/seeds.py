"""Seed eligibility policies modelled on two sites in domain.md ("Eligibility differs by
site"), so the demo shows the difference. A site's PCG adopts its own; these are starting
points, recorded as adopted by the given approver."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.utils import timezone

from goldenthread.core.models import Site
from goldenthread.referrals.models import EligibilityPolicy, PolicyVersion

LOW_LEVEL = ["drug_possession", "drug_sale_subsistence", "prostitution", "theft_low_level"]

SEEDS: dict[str, dict[str, Any]] = {
    # Seattle: more than 3 g excluded; delivery, exploiting minors, promoting prostitution,
    # violent history and anyone not amenable excluded.
    "seattle": {
        "name": "Seattle LEAD eligibility",
        "eligible_categories": LOW_LEVEL,
        "max_grams": Decimal("3"),
        "max_dosage_units": None,
        "exclusions": [
            {"code": "delivery_for_profit", "lookback_years": None},
            {"code": "exploiting_minors", "lookback_years": None},
            {"code": "promoting_prostitution", "lookback_years": None},
            {"code": "violent_offence", "lookback_years": None},
            {"code": "not_amenable", "lookback_years": None},
        ],
        "minimum_age": None,
        "approval_doors": [],
        "prosecutor_signoff": False,
    },
    # Santa Fe: more than 6 g excluded (prescription opioid pills counted in dosage units, with
    # no unit limit: the exception), dealing for profit, under 18, exploiting minors, promoting
    # prostitution and disqualifying history excluded.
    "santa_fe": {
        "name": "Santa Fe LEAD eligibility",
        "eligible_categories": LOW_LEVEL,
        "max_grams": Decimal("6"),
        "max_dosage_units": None,
        "exclusions": [
            {"code": "delivery_for_profit", "lookback_years": None},
            {"code": "exploiting_minors", "lookback_years": None},
            {"code": "promoting_prostitution", "lookback_years": None},
            {"code": "disqualifying_history", "lookback_years": None},
        ],
        "minimum_age": 18,
        "approval_doors": ["community"],
        "prosecutor_signoff": False,
    },
}


def seed_policy(
    site: Site, model: str, *, adopted_by: Any, effective_from: date, areas: list[str] | None = None
) -> PolicyVersion:
    """Create the named site model's policy at ``site`` as adopted version 1."""
    spec = dict(SEEDS[model])
    name = spec.pop("name")
    policy = EligibilityPolicy.objects.create(site=site, name=name)
    return PolicyVersion.objects.create(
        site=site,
        policy=policy,
        number=1,
        status=PolicyVersion.Status.ADOPTED,
        effective_from=effective_from,
        program_areas=areas or [],
        adopted_at=timezone.now(),
        adopted_by=adopted_by,
        adoption_note="Seeded from the site's published criteria (domain.md).",
        **spec,
    )
