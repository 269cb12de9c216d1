"""OWG case conferencing through the API: the same actions and queries as the pages."""

from __future__ import annotations

from datetime import date, datetime

from django.http import HttpRequest, HttpResponse
from ninja import Router, Schema

from goldenthread.access.actor import Actor
from goldenthread.apidoc import Id, file_response
from goldenthread.conferencing import actions, queries
from goldenthread.conferencing.models import (
    ActionItem,
    ConferenceMeeting,
    RosterItem,
    Situation,
)
from goldenthread.core.paging import checked_page

router = Router(tags=["conferencing"])


def _actor(request: HttpRequest) -> Actor:
    return request.auth  # type: ignore[attr-defined]


class ConferencingMeetingIn(Schema):
    title: str
    scheduled_for: datetime
    region: str = ""
    governance_body_id: int | None = None


class ConferencingMeetingOut(Schema):
    id: int
    title: str
    region: str
    scheduled_for: datetime
    status: str
    governance_body_id: int | None


class NoteOut(Schema):
    id: int
    text: str
    provenance: str
    part2: bool
    author: str


class ConferencingDecisionOut(Schema):
    id: int
    sphere: str
    decision: str
    provenance: str
    decided_by: str
    decided_role: str


class ActionOut(Schema):
    id: int
    meeting_id: int
    item_id: int | None
    description: str
    owner: str
    agency: str
    due_on: date
    status: str


class ItemOut(Schema):
    id: int
    kind: str
    participant_id: int | None
    situation_id: int | None
    title: str
    detail: str
    source: str
    order: int
    time_box_minutes: int
    status: str
    visible_to_roles: list[str]
    police_agency_ids: list[int]
    tags: list[str]
    notes: list[NoteOut] = []
    decisions: list[ConferencingDecisionOut] = []
    action_items: list[ActionOut] = []


class AmendmentOut(Schema):
    before: str
    after: str
    reason: str
    amended_by: str
    at: datetime


class MeetingDetailOut(ConferencingMeetingOut):
    governance_body_name: str | None
    minutes: str
    attending: list[str]
    items: list[ItemOut]
    amendments: list[AmendmentOut]
    notice: str | None


class ItemIn(Schema):
    title: str
    detail: str = ""
    participant_id: int | None = None
    situation_id: int | None = None
    time_box_minutes: int = 5
    visible_to_roles: list[str] = []
    tags: list[str] = []


class ItemPatch(Schema):
    position: int | None = None
    time_box_minutes: int | None = None
    status: str | None = None


class NoteIn(Schema):
    text: str
    part2: bool = False


class ConferencingDecisionIn(Schema):
    sphere: str
    decision: str


class ActionIn(Schema):
    description: str
    owner_id: int | None = None
    due_on: date | None = None
    agency_id: int | None = None


class ActionPatch(Schema):
    status: str


class ConferencingAttendanceIn(Schema):
    agency_ids: list[Id]


class ConferencingMinutesIn(Schema):
    minutes: str
    amendment_reason: str = ""


class SituationIn(Schema):
    title: str
    place: str
    region: str = ""
    description: str
    planned_response: str = ""
    partner_ids: list[Id] = []
    participant_ids: list[Id] = []


class SituationUpdateIn(Schema):
    status: str
    note: str = ""
    planned_response: str | None = None
    meeting_id: int | None = None


class SituationOut(Schema):
    id: int
    title: str
    place: str
    region: str
    description: str
    planned_response: str
    status: str
    partners: list[str]
    participant_ids: list[int]


class RequestIn(Schema):
    participant_id: int
    reason: str


class RequestOut(Schema):
    id: int
    participant_id: int
    reason: str


def _meeting(m: ConferenceMeeting) -> ConferencingMeetingOut:
    return ConferencingMeetingOut(
        id=m.pk,
        title=m.title,
        region=m.region,
        scheduled_for=m.scheduled_for,
        status=m.status,
        governance_body_id=m.governance_body_id,
    )


def _action(a: ActionItem) -> ActionOut:
    return ActionOut(
        id=a.pk,
        meeting_id=a.meeting_id,
        item_id=a.item_id,
        description=a.description,
        owner=a.owner.get_username(),
        agency=a.agency.name,
        due_on=a.due_on,
        status=a.status,
    )


def _item(i: RosterItem, *, full: bool = True) -> ItemOut:
    out = ItemOut(
        id=i.pk,
        kind=i.kind,
        participant_id=i.participant_id,
        situation_id=i.situation_id,
        title=i.title,
        detail=i.detail,
        source=i.source,
        order=i.order,
        time_box_minutes=i.time_box_minutes,
        status=i.status,
        visible_to_roles=list(i.visible_to_roles),
        police_agency_ids=list(i.police_agency_ids),
        tags=list(i.tags),
    )
    if full:
        out.notes = [
            NoteOut(
                id=n.pk,
                text=n.text,
                provenance=n.provenance,
                part2=n.part2,
                author=n.author.get_username(),
            )
            for n in i.shown_notes
        ]
        out.decisions = [
            ConferencingDecisionOut(
                id=d.pk,
                sphere=d.sphere,
                decision=d.decision,
                provenance=d.provenance,
                decided_by=d.decided_by.get_username(),
                decided_role=d.decided_role,
            )
            for d in i.shown_decisions
        ]
        out.action_items = [_action(a) for a in i.action_list]
    return out


def _detail(request: HttpRequest, meeting_id: int) -> MeetingDetailOut:
    actor = _actor(request)
    meeting = queries.meeting_for(actor, meeting_id)
    roster = queries.roster_for_meeting(actor, meeting, path=request.path)
    return MeetingDetailOut(
        **_meeting(meeting).dict(),
        governance_body_name=queries.governance_body_name(meeting),
        minutes=meeting.minutes,
        attending=[a.name for a in meeting.attending.all()],
        items=[_item(i) for i in roster.items],
        amendments=[
            AmendmentOut(
                before=a.before,
                after=a.after,
                reason=a.reason,
                amended_by=a.amended_by.get_username(),
                at=a.created_at,
            )
            for a in meeting.amendments.select_related("amended_by")
        ],
        notice=roster.notice,
    )


def _situation(s: Situation, participant_ids: list[int]) -> SituationOut:
    return SituationOut(
        id=s.pk,
        title=s.title,
        place=s.place,
        region=s.region,
        description=s.description,
        planned_response=s.planned_response,
        status=s.status,
        partners=[p.name for p in s.partners.all()],
        participant_ids=participant_ids,
    )


@router.get("/meetings", response=list[ConferencingMeetingOut])
def meeting_list(request: HttpRequest) -> list[ConferencingMeetingOut]:
    return [_meeting(m) for m in queries.meetings_for(_actor(request))[:200]]


@router.post("/meetings", response={201: ConferencingMeetingOut})
def meeting_create(request: HttpRequest, payload: ConferencingMeetingIn):  # type: ignore[no-untyped-def]
    meeting = actions.meeting_create(actor=_actor(request), **payload.dict())
    return 201, _meeting(meeting)


@router.get("/meetings/{meeting_id}", response=MeetingDetailOut)
def meeting_detail(request: HttpRequest, meeting_id: int) -> MeetingDetailOut:
    return _detail(request, meeting_id)


class RosterPageOut(Schema):
    page: int
    pages: int
    count: int
    items: list[ItemOut]
    notice: str | None


@router.get("/meetings/{meeting_id}/items", response=RosterPageOut)
def meeting_items(request: HttpRequest, meeting_id: int, page: int = 1) -> RosterPageOut:
    """The meeting's roster a page at a time (50 items, ``?page=2``; a page past the end is the
    last), with only what the caller's role may see. Only the page's participants are
    access-logged. ``count`` is every item the caller may see; the meeting's detail holds them
    all at once."""
    actor = _actor(request)
    meeting = queries.meeting_for(actor, meeting_id)
    shown, roster = queries.roster_page(actor, meeting, checked_page(page), path=request.path)
    return RosterPageOut(
        page=shown.number,
        pages=shown.paginator.num_pages,
        count=shown.paginator.count,
        items=[_item(i) for i in roster.items],
        notice=roster.notice,
    )


@router.get("/meetings/{meeting_id}/print.pdf", openapi_extra=file_response("application/pdf"))
def meeting_pdf(request: HttpRequest, meeting_id: int) -> HttpResponse:
    """The agenda (or, once closed, the minutes) as a PDF, with only what the caller's role
    may see; the read is access-logged."""
    from goldenthread.conferencing.pdf import agenda_or_minutes

    pdf, name = agenda_or_minutes(_actor(request), meeting_id, path=request.path)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{name}"'
    return response


class BodyLinkIn(Schema):
    governance_body_id: int | None = None


class EscalateIn(Schema):
    title: str
    description: str


class EscalatedOut(Schema):
    proposal_id: int
    title: str
    status: str


@router.put("/meetings/{meeting_id}/governance-body", response=ConferencingMeetingOut)
def meeting_body_link(
    request: HttpRequest, meeting_id: int, payload: BodyLinkIn
) -> ConferencingMeetingOut:
    meeting = actions.meeting_body_link(
        actor=_actor(request), meeting_id=meeting_id, **payload.dict()
    )
    return _meeting(meeting)


@router.post("/meetings/{meeting_id}/escalate", response={201: EscalatedOut})
def meeting_issue_escalate(request: HttpRequest, meeting_id: int, payload: EscalateIn):  # type: ignore[no-untyped-def]
    proposal = actions.meeting_issue_escalate(
        actor=_actor(request), meeting_id=meeting_id, **payload.dict()
    )
    return 201, EscalatedOut(proposal_id=proposal.pk, title=proposal.title, status=proposal.status)


@router.post("/meetings/{meeting_id}/roster", response=list[ItemOut])
def roster_build(request: HttpRequest, meeting_id: int) -> list[ItemOut]:
    created = actions.roster_build(actor=_actor(request), meeting_id=meeting_id)
    return [_item(i, full=False) for i in created]


@router.post("/meetings/{meeting_id}/items", response={201: ItemOut})
def roster_item_add(request: HttpRequest, meeting_id: int, payload: ItemIn):  # type: ignore[no-untyped-def]
    item = actions.roster_item_add(actor=_actor(request), meeting_id=meeting_id, **payload.dict())
    return 201, _item(item, full=False)


@router.patch("/items/{item_id}", response=ItemOut)
def roster_item_update(request: HttpRequest, item_id: int, payload: ItemPatch) -> ItemOut:
    item = actions.roster_item_update(actor=_actor(request), item_id=item_id, **payload.dict())
    return _item(item, full=False)


@router.post("/meetings/{meeting_id}/open", response=ConferencingMeetingOut)
def meeting_open(request: HttpRequest, meeting_id: int) -> ConferencingMeetingOut:
    return _meeting(actions.meeting_open(actor=_actor(request), meeting_id=meeting_id))


@router.post("/meetings/{meeting_id}/close", response=ConferencingMeetingOut)
def meeting_close(request: HttpRequest, meeting_id: int) -> ConferencingMeetingOut:
    return _meeting(actions.meeting_close(actor=_actor(request), meeting_id=meeting_id))


@router.put("/meetings/{meeting_id}/attendance", response=MeetingDetailOut)
def attendance_record(
    request: HttpRequest, meeting_id: int, payload: ConferencingAttendanceIn
) -> MeetingDetailOut:
    actions.attendance_record(
        actor=_actor(request), meeting_id=meeting_id, agency_ids=payload.agency_ids
    )
    return _detail(request, meeting_id)


@router.put("/meetings/{meeting_id}/minutes", response=MeetingDetailOut)
def minutes_edit(
    request: HttpRequest, meeting_id: int, payload: ConferencingMinutesIn
) -> MeetingDetailOut:
    actions.minutes_edit(actor=_actor(request), meeting_id=meeting_id, **payload.dict())
    return _detail(request, meeting_id)


@router.post("/items/{item_id}/notes", response={201: NoteOut})
def note_add(request: HttpRequest, item_id: int, payload: NoteIn):  # type: ignore[no-untyped-def]
    note = actions.note_add(actor=_actor(request), item_id=item_id, **payload.dict())
    return 201, NoteOut(
        id=note.pk,
        text=note.text,
        provenance=note.provenance,
        part2=note.part2,
        author=note.author.get_username(),
    )


@router.post("/items/{item_id}/decisions", response={201: ConferencingDecisionOut})
def decision_record(request: HttpRequest, item_id: int, payload: ConferencingDecisionIn):  # type: ignore[no-untyped-def]
    row = actions.decision_record(actor=_actor(request), item_id=item_id, **payload.dict())
    return 201, ConferencingDecisionOut(
        id=row.pk,
        sphere=row.sphere,
        decision=row.decision,
        provenance=row.provenance,
        decided_by=row.decided_by.get_username(),
        decided_role=row.decided_role,
    )


@router.post("/items/{item_id}/action-items", response={201: ActionOut})
def action_item_create(request: HttpRequest, item_id: int, payload: ActionIn):  # type: ignore[no-untyped-def]
    action = actions.action_item_create(actor=_actor(request), item_id=item_id, **payload.dict())
    return 201, _action(action)


@router.get("/action-items", response=list[ActionOut])
def my_action_items(request: HttpRequest) -> list[ActionOut]:
    return [_action(a) for a in queries.my_action_items(_actor(request)).select_related("owner")]


@router.patch("/action-items/{action_id}", response=ActionOut)
def action_item_update(request: HttpRequest, action_id: int, payload: ActionPatch) -> ActionOut:
    action = actions.action_item_update(
        actor=_actor(request), action_id=action_id, status=payload.status
    )
    return _action(ActionItem.objects.select_related("owner", "agency").get(pk=action.pk))


@router.post("/requests", response={201: RequestOut})
def discussion_request_create(request: HttpRequest, payload: RequestIn):  # type: ignore[no-untyped-def]
    row = actions.discussion_request_create(actor=_actor(request), **payload.dict())
    return 201, RequestOut(id=row.pk, participant_id=row.participant_id, reason=row.reason)


@router.get("/situations", response=list[SituationOut])
def situation_list(request: HttpRequest) -> list[SituationOut]:
    return [_situation(s, []) for s in queries.situations_for(_actor(request))[:200]]


@router.post("/situations", response={201: SituationOut})
def situation_create(request: HttpRequest, payload: SituationIn):  # type: ignore[no-untyped-def]
    actor = _actor(request)
    situation = actions.situation_create(actor=actor, **payload.dict())
    linked = [p.pk for p in queries.situation_participants(actor, situation)]
    return 201, _situation(situation, linked)


@router.get("/situations/{situation_id}", response=SituationOut)
def situation_detail(request: HttpRequest, situation_id: int) -> SituationOut:
    actor = _actor(request)
    situation = queries.situation_for(actor, situation_id)
    return _situation(situation, [p.pk for p in queries.situation_participants(actor, situation)])


@router.post("/situations/{situation_id}/updates", response=SituationOut)
def situation_update(
    request: HttpRequest, situation_id: int, payload: SituationUpdateIn
) -> SituationOut:
    actor = _actor(request)
    actions.situation_update(actor=actor, situation_id=situation_id, **payload.dict())
    situation = queries.situation_for(actor, situation_id)
    return _situation(situation, [p.pk for p in queries.situation_participants(actor, situation)])
