"""Referrals API: every operation of the three doors, through the same actions and queries as
the UI."""

from __future__ import annotations

from dataclasses import asdict

from django.http import HttpRequest
from ninja import Router

from goldenthread.referrals import actions, queries
from goldenthread.referrals.models import (
    Notification,
    PersonLink,
    PolicyVersion,
    Referral,
    ReferralSettings,
    Screening,
)
from goldenthread.referrals.schemas import (
    AdoptIn,
    CapacityOut,
    CaseloadRowOut,
    FilingEntryOut,
    IdentifyIn,
    IntakeIn,
    LinkIn,
    LinkOut,
    MatchOut,
    NotificationOut,
    OnCallOut,
    OverrideIn,
    PolicyVersionPatch,
    ProposeIn,
    QueueEntryOut,
    ReasonIn,
    ReferralIn,
    ReferralOut,
    ReferralsPolicyIn,
    ReferralsPolicyVersionOut,
    ReferralsSettingsOut,
    ReferralsSettingsPatch,
    ReferralStatusOut,
    ReorderIn,
    ScreenIn,
    ScreeningOut,
)

router = Router(tags=["referrals"])

FILING_NOTE = "May be referred for filing: intake was not completed in time."


def referral_out(r: Referral) -> ReferralOut:
    return ReferralOut(
        id=r.pk,
        door=r.door,
        state=r.state,
        status=r.police_status,
        waiting=r.waiting,
        name=r.name,
        date_of_birth=r.date_of_birth,
        aliases=r.aliases,
        person_id=r.person_id,
        participant_id=r.participant_id,
        contact_at=r.contact_at,
        area=r.area,
        offence_category=r.offence_category,
        charge=r.charge,
        arrest_report_number=r.arrest_report_number,
        referring_agency=r.referring_agency.name,
        referring_partner=r.referring_partner,
        intake_due=r.intake_due,
        handoff_at=r.handoff_at,
        assigned_cm=r.assigned_cm.get_username() if r.assigned_cm else None,
        roi_signed=r.roi_signed,
    )


def status_out(r: Referral) -> ReferralStatusOut:
    return ReferralStatusOut(
        id=r.pk, door=r.door, status=r.police_status, enrolled=r.state == "enrolled"
    )


def screening_out(s: Screening) -> ScreeningOut:
    return ScreeningOut(
        id=s.pk,
        referral_id=s.referral_id,
        policy_version_id=s.policy_version_id,
        policy_version=str(s.policy_version),
        result=s.result,
        decision=s.decision,
        explanation=s.explanation,
        override_reason=s.override_reason,
        override_role=s.override_role,
        referral_state=s.referral.state,
    )


def version_out(v: PolicyVersion) -> ReferralsPolicyVersionOut:
    return ReferralsPolicyVersionOut(
        id=v.pk,
        policy_id=v.policy_id,
        policy=v.policy.name,
        number=v.number,
        status=v.status,
        effective_from=v.effective_from,
        eligible_categories=v.eligible_categories,
        max_grams=v.max_grams,
        max_dosage_units=v.max_dosage_units,
        exclusions=v.exclusions,
        minimum_age=v.minimum_age,
        program_areas=v.program_areas,
        social_contact_lookback_months=v.social_contact_lookback_months,
        prosecutor_signoff=v.prosecutor_signoff,
        approval_doors=v.approval_doors,
        adopted_at=v.adopted_at,
        adopted_by=v.adopted_by.get_username() if v.adopted_by else None,
        pcg_proposal_id=v.pcg_proposal_id,
        pcg_decision_id=v.pcg_decision_id,
    )


def link_out(link: PersonLink) -> LinkOut:
    return LinkOut(
        id=link.pk,
        person_id=link.person_id,
        other_id=link.other_id,
        score=link.score,
        reason=link.reason,
        active=link.unlinked_at is None,
    )


def notification_out(n: Notification) -> NotificationOut:
    return NotificationOut(
        id=n.pk,
        referral_id=n.referral_id,
        channel=n.channel,
        status=n.status,
        attempts=n.attempts,
        errors=[a.error for a in n.delivery_attempts.all() if a.error],
    )


def settings_out(c: ReferralSettings) -> ReferralsSettingsOut:
    return ReferralsSettingsOut(**{name: getattr(c, name) for name in actions.SETTINGS_FIELDS})


@router.get("/", response=list[ReferralOut])
def referral_list(request: HttpRequest) -> list[ReferralOut]:
    actor = request.auth  # type: ignore[attr-defined]
    actor.require("referrals.view")
    actions.referrals_expire(site=actor.site)
    return [referral_out(r) for r in queries.referrals_for(actor)[:500]]


@router.post("/", response={201: ReferralStatusOut})
def referral_create(request: HttpRequest, payload: ReferralIn) -> tuple[int, ReferralStatusOut]:
    """Answers with what every referrer may see: the status."""
    data = payload.dict()
    data["history_flags"] = [dict(h) for h in data["history_flags"]]
    referral = actions.referral_create(actor=request.auth, data=actions.ReferralInput(**data))  # type: ignore[attr-defined]
    return 201, status_out(referral)


@router.get("/mine", response=list[ReferralStatusOut])
def referral_statuses(request: HttpRequest) -> list[ReferralStatusOut]:
    """Police: the status of their own and their agency's referrals."""
    return [status_out(r) for r in queries.police_referrals_for(request.auth)[:500]]  # type: ignore[attr-defined]


@router.get("/filing-queue", response=list[FilingEntryOut])
def filing_queue(request: HttpRequest) -> list[FilingEntryOut]:
    actor = request.auth  # type: ignore[attr-defined]
    actor.require("referrals.filing_queue")
    actions.referrals_expire(site=actor.site)
    return [
        FilingEntryOut(
            id=r.pk,
            name=r.name,
            date_of_birth=r.date_of_birth,
            arrest_report_number=r.arrest_report_number,
            offence_category=r.offence_category,
            charge=r.charge,
            contact_at=r.contact_at,
            intake_due=r.intake_due,
            expired_at=r.expired_at,
            note=FILING_NOTE,
        )
        for r in queries.filing_queue_read(actor, path=request.path)
    ]


@router.get("/queue", response=list[QueueEntryOut])
def queue(request: HttpRequest) -> list[QueueEntryOut]:
    return [
        QueueEntryOut(
            referral_id=e.referral.pk,
            name=e.referral.name,
            waiting_since=e.referral.waiting_since,
            score=e.score,
            terms=[asdict(t) for t in e.terms],
        )
        for e in queries.queue_for(request.auth)  # type: ignore[attr-defined]
    ]


@router.get("/capacity", response=CapacityOut)
def capacity(request: HttpRequest) -> CapacityOut:
    c = queries.capacity_for(request.auth)  # type: ignore[attr-defined]
    return CapacityOut(
        caseload=c.caseload,
        capacity=c.capacity,
        pending=c.pending,
        target=c.target,
        cap=c.cap,
        has_room=c.has_room,
        case_managers=[
            CaseloadRowOut(username=r.username, active=r.active, target=r.target, cap=r.cap)
            for r in c.rows
        ],
    )


@router.get("/oncall", response=list[OnCallOut])
def oncall(request: HttpRequest) -> list[OnCallOut]:
    return [
        OnCallOut(
            referral_id=e.referral.pk,
            contact_at=e.referral.contact_at,
            deadline=e.deadline,
            minutes_left=e.minutes_left,
        )
        for e in queries.oncall_for(request.auth)  # type: ignore[attr-defined]
    ]


@router.get("/notifications", response=list[NotificationOut])
def notifications(request: HttpRequest) -> list[NotificationOut]:
    """Hand-off notices not (yet) delivered, with their attempts' errors."""
    return [notification_out(n) for n in queries.failed_notifications_for(request.auth)[:200]]  # type: ignore[attr-defined]


@router.post("/notifications/{notification_id}/retry", response=NotificationOut)
def notification_retry(request: HttpRequest, notification_id: int) -> NotificationOut:
    actor = request.auth  # type: ignore[attr-defined]
    actions.notification_retry(actor=actor, notification_id=notification_id)
    return notification_out(queries.notification_for(actor, notification_id))


@router.get("/settings", response=ReferralsSettingsOut)
def settings_detail(request: HttpRequest) -> ReferralsSettingsOut:
    actor = request.auth  # type: ignore[attr-defined]
    actor.require("referrals.settings")
    return settings_out(queries.settings_for(actor.site_id))


@router.patch("/settings", response=ReferralsSettingsOut)
def settings_update(request: HttpRequest, payload: ReferralsSettingsPatch) -> ReferralsSettingsOut:
    changes = payload.dict(exclude_unset=True, exclude_none=True)
    return settings_out(actions.referral_settings_update(actor=request.auth, changes=changes))  # type: ignore[attr-defined]


@router.get("/policies", response=list[ReferralsPolicyVersionOut])
def policy_list(request: HttpRequest) -> list[ReferralsPolicyVersionOut]:
    return [version_out(v) for p in queries.policies_for(request.auth) for v in p.versions.all()]  # type: ignore[attr-defined]


@router.post("/policies", response={201: ReferralsPolicyVersionOut})
def policy_create(
    request: HttpRequest, payload: ReferralsPolicyIn
) -> tuple[int, ReferralsPolicyVersionOut]:
    return 201, version_out(actions.policy_create(actor=request.auth, name=payload.name))  # type: ignore[attr-defined]


@router.post("/policies/{policy_id}/drafts", response={201: ReferralsPolicyVersionOut})
def policy_draft(request: HttpRequest, policy_id: int) -> tuple[int, ReferralsPolicyVersionOut]:
    return 201, version_out(actions.policy_draft(actor=request.auth, policy_id=policy_id))  # type: ignore[attr-defined]


@router.get("/policy-versions/{version_id}", response=ReferralsPolicyVersionOut)
def policy_version_detail(request: HttpRequest, version_id: int) -> ReferralsPolicyVersionOut:
    return version_out(queries.policy_version_for(request.auth, version_id))  # type: ignore[attr-defined]


@router.patch("/policy-versions/{version_id}", response=ReferralsPolicyVersionOut)
def policy_version_update(
    request: HttpRequest, version_id: int, payload: PolicyVersionPatch
) -> ReferralsPolicyVersionOut:
    changes = payload.dict(exclude_unset=True)
    actor = request.auth  # type: ignore[attr-defined]
    version = actions.policy_version_update(actor=actor, version_id=version_id, changes=changes)
    return version_out(version)


@router.post("/policy-versions/{version_id}/propose", response=ReferralsPolicyVersionOut)
def policy_propose(
    request: HttpRequest, version_id: int, payload: ProposeIn
) -> ReferralsPolicyVersionOut:
    version = actions.policy_propose(
        actor=request.auth,  # type: ignore[attr-defined]
        version_id=version_id,
        note=payload.note,
    )
    return version_out(version)


@router.post("/policy-versions/{version_id}/adopt", response=ReferralsPolicyVersionOut)
def policy_adopt(
    request: HttpRequest, version_id: int, payload: AdoptIn
) -> ReferralsPolicyVersionOut:
    version = actions.policy_adopt(
        actor=request.auth,  # type: ignore[attr-defined]
        version_id=version_id,
        effective_from=payload.effective_from,
        note=payload.note,
    )
    return version_out(version)


@router.post("/links", response={201: LinkOut})
def person_link(request: HttpRequest, payload: LinkIn) -> tuple[int, LinkOut]:
    link = actions.person_link(
        actor=request.auth,  # type: ignore[attr-defined]
        person_id=payload.person_id,
        other_id=payload.other_id,
        reason=payload.reason,
    )
    return 201, link_out(link)


@router.post("/links/{link_id}/unlink", response=LinkOut)
def person_unlink(request: HttpRequest, link_id: int) -> LinkOut:
    return link_out(actions.person_unlink(actor=request.auth, link_id=link_id))  # type: ignore[attr-defined]


@router.post("/screenings/{screening_id}/override", response=ScreeningOut)
def screening_override(
    request: HttpRequest, screening_id: int, payload: OverrideIn
) -> ScreeningOut:
    actor = request.auth  # type: ignore[attr-defined]
    actions.screening_override(
        actor=actor, screening_id=screening_id, result=payload.result, reason=payload.reason
    )
    return screening_out(queries.screening_for(actor, screening_id))


@router.get("/{referral_id}", response=ReferralOut)
def referral_detail(request: HttpRequest, referral_id: int) -> ReferralOut:
    actor = request.auth  # type: ignore[attr-defined]
    return referral_out(queries.referral_read(actor, referral_id, path=request.path))


@router.get("/{referral_id}/status", response=ReferralStatusOut)
def referral_status(request: HttpRequest, referral_id: int) -> ReferralStatusOut:
    return status_out(queries.status_for(request.auth, referral_id))  # type: ignore[attr-defined]


@router.get("/{referral_id}/matches", response=list[MatchOut])
def referral_matches(request: HttpRequest, referral_id: int) -> list[MatchOut]:
    actor = request.auth  # type: ignore[attr-defined]
    r = queries.referral_for(actor, referral_id)
    matches = queries.possible_duplicates(
        actor,
        first_name=r.first_name,
        last_name=r.last_name,
        date_of_birth=r.date_of_birth,
        aliases=r.aliases,
        exclude_id=r.person_id,
    )
    return [
        MatchOut(
            person_id=m.person.pk,
            name=str(m.person),
            date_of_birth=m.person.date_of_birth,
            aliases=m.person.aliases,
            score=m.score,
            is_participant=m.is_participant,
        )
        for m in matches
    ]


@router.get("/{referral_id}/screenings", response=list[ScreeningOut])
def referral_screenings(request: HttpRequest, referral_id: int) -> list[ScreeningOut]:
    actor = request.auth  # type: ignore[attr-defined]
    referral = queries.referral_for(actor, referral_id)
    return [screening_out(s) for s in queries.screenings_for(actor, referral)]


@router.post("/{referral_id}/identify", response=ReferralOut)
def referral_identify(request: HttpRequest, referral_id: int, payload: IdentifyIn) -> ReferralOut:
    actor = request.auth  # type: ignore[attr-defined]
    actions.referral_identify(
        actor=actor,
        referral_id=referral_id,
        person_id=payload.person_id,
        confirm_new=payload.confirm_new,
    )
    return referral_out(queries.referral_for(actor, referral_id))


@router.post("/{referral_id}/handoff", response=ReferralOut)
def referral_handoff(request: HttpRequest, referral_id: int) -> ReferralOut:
    actor = request.auth  # type: ignore[attr-defined]
    actions.referral_handoff(actor=actor, referral_id=referral_id)
    return referral_out(queries.referral_for(actor, referral_id))


@router.post("/{referral_id}/screen", response={201: ScreeningOut})
def referral_screen(
    request: HttpRequest, referral_id: int, payload: ScreenIn
) -> tuple[int, ScreeningOut]:
    actor = request.auth  # type: ignore[attr-defined]
    screening = actions.referral_screen(
        actor=actor, referral_id=referral_id, policy_version_id=payload.policy_version_id
    )
    return 201, screening_out(queries.screening_for(actor, screening.pk))


@router.post("/{referral_id}/decline", response=ReferralOut)
def referral_decline(request: HttpRequest, referral_id: int, payload: ReasonIn) -> ReferralOut:
    actor = request.auth  # type: ignore[attr-defined]
    actions.referral_decline(actor=actor, referral_id=referral_id, reason=payload.reason)
    return referral_out(queries.referral_for(actor, referral_id))


@router.post("/{referral_id}/intake", response=ReferralOut)
def referral_intake(request: HttpRequest, referral_id: int, payload: IntakeIn) -> ReferralOut:
    actor = request.auth  # type: ignore[attr-defined]
    actions.referral_intake(actor=actor, referral_id=referral_id, **payload.dict())
    return referral_out(queries.referral_for(actor, referral_id))


@router.post("/{referral_id}/enroll", response=ReferralOut)
def referral_enroll(request: HttpRequest, referral_id: int) -> ReferralOut:
    actor = request.auth  # type: ignore[attr-defined]
    actions.referral_enroll(actor=actor, referral_id=referral_id)
    return referral_out(queries.referral_for(actor, referral_id))


@router.post("/{referral_id}/admit", response=ReferralOut)
def referral_admit(request: HttpRequest, referral_id: int) -> ReferralOut:
    actor = request.auth  # type: ignore[attr-defined]
    actions.referral_admit(actor=actor, referral_id=referral_id)
    return referral_out(queries.referral_for(actor, referral_id))


@router.post("/{referral_id}/reorder", response=ReferralOut)
def queue_reorder(request: HttpRequest, referral_id: int, payload: ReorderIn) -> ReferralOut:
    actor = request.auth  # type: ignore[attr-defined]
    actions.queue_reorder(
        actor=actor, referral_id=referral_id, points=payload.points, reason=payload.reason
    )
    return referral_out(queries.referral_for(actor, referral_id))
