"""Demo consents in every state, and disclosures to the liaison prosecutor and defence."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from goldenthread.access.actor import actor_for
from goldenthread.core.demo import DemoContext
from goldenthread.core.models import Agency
from goldenthread.disclosures import actions, rules
from goldenthread.disclosures.models import Consent

PROGRESS = [
    "Keeps weekly appointments; moved from the street into a shelter bed.",
    "Enrolled in benefits; working on ID replacement.",
    "Started outpatient appointments; stable for six weeks.",
]
BARRIERS = ["No phone since March.", "Waiting list for housing.", "Transport to court is hard."]


def _values(ctx: DemoContext, i: int, **kw: object) -> dict[str, object]:
    values: dict[str, object] = {
        "discloser": ctx.agency(Agency.Kind.CASE_MANAGEMENT).name,
        "information": "That we work with the person; progress and the stabilisation plan; "
        "barriers. No clinical detail.",
        "categories": list(rules.CATEGORIES),
        "purposes": [rules.LEGAL_COORDINATION, rules.MONITORING],
        "purpose_text": "Coordinating pending legal matters with the liaison prosecutor",
        "revocation_method": "Tell your case manager, in person or in writing",
        "expires_on": ctx.today + timedelta(days=300 - i * 20),
        "signed_by": str(ctx.participants[i].person),
        "signed_on": ctx.today - timedelta(days=30 + i),
    }
    values.update(kw)
    return values


def populate(ctx: DemoContext) -> None:
    cm = actor_for(ctx.users["cm"], ctx.site, via="demo")
    recipients: list[dict[str, Any]] = [
        {"audience": rules.PROSECUTOR, "agency_id": ctx.agency(Agency.Kind.PROSECUTOR).pk},
        {"audience": rules.DEFENCE},
    ]
    live = [p for p in ctx.participants if p.state != "exited"][:10]
    ctx.participants[:] = live + [p for p in ctx.participants if p not in live]
    for i in range(8):
        extra: dict[str, object] = {}
        if i == 2:  # §2.35: irrevocable while the prosecutor withholds charges
            extra = {
                "criminal_justice": True,
                "irrevocable_until": ctx.today + timedelta(days=120),
                "purposes": [rules.MONITORING],
            }
        consent = actions.consent_create(
            actor=cm,
            participant_id=live[i].pk,
            values=_values(ctx, i, **extra),
            recipients=recipients,
            activate=i != 6,
        )
        if i == 6:
            continue  # a draft: the signed form is not yet in hand
        actions.disclosure_share(
            actor=cm,
            participant_id=live[i].pk,
            audience=rules.PROSECUTOR,
            purpose=rules.MONITORING,
            recipient_agency_id=ctx.agency(Agency.Kind.PROSECUTOR).pk,
            engagement_confirmed=True,
            progress=PROGRESS[i % 3],
            barriers=BARRIERS[i % 3],
        )
        if i == 4:
            actions.consent_revoke(actor=cm, consent_id=consent.pk, note="Asked in person")
        if i == 5:  # an old consent whose date has passed: it reads as expired
            Consent.objects.filter(pk=consent.pk).update(expires_on=ctx.today - timedelta(days=3))
    actions.consent_refusal_record(
        actor=cm, participant_id=live[8].pk, note="Does not want the prosecutor told anything"
    )
