"""The accounting of disclosures (42 CFR 2.25) as a PDF (WeasyPrint), from the same query as
the page and the CSV, so the same roles get it and each download is access-logged."""

from __future__ import annotations

from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone

from goldenthread.core.models import Participant
from goldenthread.disclosures import queries, rules


def accounting_pdf(actor: Any, participant_id: int, *, path: str = "") -> tuple[Participant, bytes]:
    """Every disclosure about the participant: when, by whom, to whom, what categories for
    which purpose, the consent it relied on (with its status today) and who opened it, under
    the §2.32 notice. No content of any disclosure is printed."""
    from weasyprint import HTML

    participant, rows = queries.accounting_for(
        actor,
        participant_id,
        purpose="accounting of disclosures (42 CFR 2.25), PDF",
        path=path,
    )
    html = render_to_string(
        "disclosures/accounting_pdf.html",
        {
            "participant": participant,
            "rows": rows,
            "site": actor.site,
            "notice": rules.PART2_NOTICE,
            "made_at": timezone.localtime(timezone=actor.site.tz),
        },
    )
    return participant, HTML(string=html).write_pdf()
