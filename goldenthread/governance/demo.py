"""The demo site's governance: a PCG with agency and community seats, two OWGs appointed by a
PCG decision, a CLT with one sector missing, a Data & Evaluation Committee, past meetings with
minutes and a history of consensus decisions (referral policy, MOU, budget), a budget with
actuals, community check-ins, and an open proposal awaiting positions."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from goldenthread.core.demo import DemoContext
from goldenthread.core.models import Agency
from goldenthread.governance.models import (
    ActionItem,
    AgendaItem,
    Attendance,
    Body,
    Budget,
    BudgetLine,
    CommunityCheckin,
    Decision,
    GovernanceSettings,
    Issue,
    Meeting,
    MouSignature,
    MouVersion,
    Policy,
    PolicyVersion,
    Position,
    Procurement,
    Proposal,
    Seat,
)
from goldenthread.governance.queries import flex_pools

K = Agency.Kind
FORMED = date(2010, 10, 1)


def _decide(ctx: DemoContext, body: Body, title: str, text: str, on: date, **subject: Any):
    pm = ctx.users["pm"]
    proposal = Proposal.objects.create(
        site=ctx.site,
        body=body,
        title=title,
        text=text,
        status=Proposal.Status.DECIDED,
        created_by=pm,
        **subject,
    )
    for seat in body.seats.filter(end_on__isnull=True, authorised=True).select_related("agency"):
        if Position.objects.filter(proposal=proposal, agency=seat.agency).exists():
            continue
        stance = "stand_aside" if seat.agency.kind == K.POLICE and "budget" in title else "support"
        Position.objects.create(
            site=ctx.site,
            proposal=proposal,
            agency=seat.agency,
            seat=seat,
            stance=stance,
            reason="Discussed at the PCG; consistent with our mandate.",
            recorded_by=seat.user or pm,
        )
    return Decision.objects.create(
        site=ctx.site,
        body=body,
        proposal=proposal,
        decided_on=on,
        summary=title,
        recorded_by=pm,
        **subject,
    )


def populate(ctx: DemoContext) -> None:
    site, a, u = ctx.site, ctx.agencies, ctx.users
    police, kcpao, _cao, dpd, reach, pmorg, legal, community, health, mayor, _ev = a
    GovernanceSettings.objects.create(
        site=site, launch_on=date(2011, 10, 1), checkin_interval_days=30, pcg_oversees_pm=True
    )
    pcg = Body.objects.create(
        site=site,
        kind=Body.Kind.PCG,
        name="Policy Coordinating Group",
        charter="Senior, authorised decision-makers of the partners and community seats. "
        "Decides by consensus; meets monthly.",
        cadence_days=30,
        quorum_percent=60,
        formed_on=FORMED,
    )
    seats = [
        ("Chief of Police", police, Seat.Kind.AGENCY, None),
        ("Chief Criminal Deputy", kcpao, Seat.Kind.AGENCY, None),
        ("Director of Public Defense", dpd, Seat.Kind.AGENCY, None),
        ("Executive Director, REACH", reach, Seat.Kind.AGENCY, None),
        ("Director of Public Health", health, Seat.Kind.AGENCY, u["pcg"]),
        ("Deputy Mayor", mayor, Seat.Kind.AGENCY, None),
        ("CLT co-chair", community, Seat.Kind.COMMUNITY, u["clt"]),
        ("LEAD project director", pmorg, Seat.Kind.STAFF, u["pm"]),
    ]
    for name, agency, kind, user in seats:
        Seat.objects.create(
            site=site,
            body=pcg,
            name=name,
            agency=agency,
            kind=kind,
            user=user,
            senior=True,
            authorised=kind != Seat.Kind.STAFF,
            start_on=FORMED,
        )
    Body.objects.create(
        site=site,
        kind=Body.Kind.COMMITTEE,
        name="Data & Evaluation Committee",
        charter="Stewards the evaluation plan and the data the PCG reviews.",
        cadence_days=60,
        formed_on=date(2012, 3, 1),
        parent=pcg,
    )
    clt = Body.objects.create(
        site=site,
        kind=Body.Kind.CLT,
        name="Community Leadership Team",
        charter="Conduit to the broader community; balanced across sectors.",
        cadence_days=30,
        formed_on=date(2011, 2, 1),
    )
    # Religious communities are missing on purpose: the balance view shows it.
    clt_seats = [
        ("Civil-rights coalition", "civil_rights", True),
        ("Racial-justice organiser", "racial_justice", True),
        ("Disability-rights advocate", "disability_rights", False),
        ("Belltown Community Council", "neighbourhood", False),
        ("Downtown business district", "business", False),
        ("Harm-reduction nurse", "public_health", True),
        ("Police oversight commission", "police_oversight", False),
        ("Safe streets advocates", "public_safety", False),
        ("Shelter provider", "service_providers", False),
    ]
    for i, (name, sector, affected) in enumerate(clt_seats):
        Seat.objects.create(
            site=site,
            body=clt,
            name=name,
            agency=community,
            kind=Seat.Kind.COMMUNITY,
            user=u["clt"] if i == 0 else None,
            sector=sector,
            most_affected=affected,
            authorised=True,
            start_on=date(2011, 2, 1),
        )
    referral = Policy.objects.create(site=site, kind="referral", title="Referral policy")
    rv1 = PolicyVersion.objects.create(
        site=site,
        policy=referral,
        number=1,
        text="Social-contact referrals are accepted only if capacity remains after arrest "
        "diversions.",
    )
    mou = MouVersion.objects.create(
        site=site,
        number=1,
        text="The partners agree to steward LEAD together under the Golden Rules.",
    )
    mou.parties.set([police, kcpao, dpd, reach, pmorg, health, mayor])
    budget = Budget.objects.create(site=site, year=ctx.today.year)
    # The flex-funds lines are linked to casework's pools: their actuals are the ledger's.
    pools = {p.name: p.id for p in flex_pools(site.pk).values()}
    for cat, src, planned, share, pool in [
        ("case_management", "city", 1_200_000, 0.55, None),
        ("case_management", "county", 400_000, 0.5, None),
        ("project_management", "foundation", 250_000, 0.6, None),
        ("flex_funds", "city", 12_000, 0, "City flex fund"),
        ("flex_funds", "foundation", 4_000, 0, "Foundation basic-needs fund"),
        ("legal_services", "state", 180_000, 0.4, None),
        ("evaluation", "federal", 120_000, 0.3, None),
    ]:
        BudgetLine.objects.create(
            site=site,
            budget=budget,
            category=cat,
            source=src,
            planned=planned,
            actual=int(planned * share),
            pool_ids=[pools[pool]] if pool in pools else [],
        )
    ref_decision = _decide(
        ctx,
        pcg,
        "Adopt the referral policy",
        rv1.text,
        date(2011, 9, 1),
        subject_type=PolicyVersion.SUBJECT,
        subject_id=rv1.pk,
    )
    rv1.adopted_by = ref_decision
    rv1.save()
    mou_decision = _decide(
        ctx,
        pcg,
        "Adopt the MOU",
        mou.text,
        date(2011, 9, 1) + timedelta(days=1),
        subject_type=MouVersion.SUBJECT,
        subject_id=mou.pk,
    )
    mou.adopted_by = mou_decision
    mou.save()
    for agency in (police, kcpao, dpd, reach, pmorg):
        MouSignature.objects.create(
            site=site, version=mou, agency=agency, signed_on=date(2011, 9, 20), signed_by="Chief"
        )
    appoint = _decide(ctx, pcg, "Appoint the OWG members", "Line staff named.", date(2011, 9, 3))
    for name, scope, area in [
        ("OWG — West Precinct", Body.Scope.PRECINCT, "West Precinct"),
        ("OWG — Citywide", Body.Scope.CITYWIDE, ""),
    ]:
        owg = Body.objects.create(
            site=site,
            kind=Body.Kind.OWG,
            name=name,
            charter="Administrative operations and case conferencing; not a policy body.",
            scope=scope,
            scope_area=area,
            cadence_days=7 if scope == Body.Scope.PRECINCT else 14,
            formed_on=date(2011, 9, 3),
        )
        for person, agency, user in [
            ("Project manager", pmorg, u["pm"]),
            ("Patrol sergeant", police, u["sergeant"]),
            ("Liaison prosecutor", kcpao, u["prosecutor"]),
            ("Case manager", reach, u["cm"]),
            ("Legal services attorney", legal, u["legalaid"]),
        ]:
            Seat.objects.create(
                site=site,
                body=owg,
                name=person,
                agency=agency,
                user=user,
                start_on=date(2011, 9, 3),
                appointed_by=appoint,
                authorised=True,
            )
    Issue.objects.create(
        site=site,
        body=owg,
        title="Social-contact referrals wait too long for a hand-off",
        description="Officers report 45-minute waits on weekends; consider on-call coverage.",
    )
    budget_decision = _decide(
        ctx,
        pcg,
        f"Approve the {budget.year} budget",
        "As presented by the PM.",
        ctx.today - timedelta(days=40),
        subject_type=Budget.SUBJECT,
        subject_id=budget.pk,
    )
    budget.approved_by = budget_decision
    budget.save()
    meeting = Meeting.objects.create(
        site=site,
        body=pcg,
        held_on=ctx.today - timedelta(days=40),
        location="City Hall, room 370",
        minutes="The PCG reviewed the quarterly aggregates and approved the budget by "
        "consensus (police stood aside on the flex-fund line).",
    )
    for i, title in enumerate(["Quarterly aggregates", "Budget", "Communications"], start=1):
        AgendaItem.objects.create(site=site, meeting=meeting, order=i, title=title)
    Attendance.objects.bulk_create(
        [Attendance(site=site, meeting=meeting, seat=s) for s in pcg.seats.all()[:6]]
    )
    ActionItem.objects.create(
        site=site,
        meeting=meeting,
        title="Circulate a draft communications policy",
        owner_agency=pmorg,
        owner_name="Project manager",
        due_on=ctx.today - timedelta(days=10),
    )
    comms = Policy.objects.create(
        site=site, kind="communications", title="Crisis communications policy"
    )
    cv1 = PolicyVersion.objects.create(
        site=site,
        policy=comms,
        number=1,
        text="Partners notify the PM within two hours of any LEAD-related media inquiry.",
    )
    Proposal.objects.create(
        site=site,
        body=pcg,
        title="Adopt the crisis communications policy",
        text=cv1.text,
        options=["Two-hour notice", "Same-day notice"],
        topic=Proposal.Topic.COMMUNICATIONS,
        status=Proposal.Status.OPEN,
        subject_type=PolicyVersion.SUBJECT,
        subject_id=cv1.pk,
        created_by=u["pm"],
    )
    Meeting.objects.create(
        site=site, body=pcg, held_on=ctx.today + timedelta(days=10), location="City Hall"
    )
    procurement_committee = Body.objects.create(
        site=site,
        kind=Body.Kind.COMMITTEE,
        name="Procurement committee",
        charter="Conducts the case-management RFP, staffed by the PM.",
        cadence_days=14,
        formed_on=ctx.today - timedelta(days=120),
        parent=pcg,
    )
    Procurement.objects.create(
        site=site,
        title=f"Case-management services RFP {ctx.today.year + 1}",
        service=Procurement.Service.CASE_MANAGEMENT,
        stage=Procurement.Stage.EVALUATION,
        committee=procurement_committee,
    )
    CommunityCheckin.objects.create(
        site=site,
        leader="Rev. Dr. Ana Morales",
        organisation="Downtown interfaith network",
        sector="religious",
        held_on=ctx.today - timedelta(days=12),
        notes="Invited to join the CLT.",
        input_raised="Congregations ask how to refer someone directly.",
    )
