"""Matrix entries for LEAD Legal Services: the file is legal services' alone; the referring
case manager and the PM see status; police, prosecutors and everyone else get 404."""

from __future__ import annotations

from typing import Any

from goldenthread.core.roles import Role
from goldenthread.testing_matrix import Case

LS = frozenset({Role.LEGAL_SERVICES})
REFERRERS = frozenset({Role.CM, Role.ADVOCATE})
# The matter's status: its referring CM (who is also the participant's CM here), the PM and
# legal services. The advocate holds the permission but neither referred nor carries the
# participant, so gets 404.
STATUS_OF_MATTER = frozenset({Role.CM, Role.PM, Role.LEGAL_SERVICES})
FOLLOWERS = frozenset({Role.CM, Role.ADVOCATE, Role.PM, Role.LEGAL_SERVICES})
PARTICIPANT_PAGE = frozenset({Role.CM, Role.ADVOCATE, Role.PM})
REPORT = frozenset({Role.PM, Role.LEGAL_SERVICES})


def referred_matter(world: Any, site: Any, **kw: Any) -> Any:
    from goldenthread.legalservices.actions import matter_refer

    participant = world.participant(site)
    return matter_refer(
        actor=site.actor(Role.CM),
        participant_id=participant.pk,
        matter_type=kw.get("matter_type", "eviction"),
        description=kw.get("description", "Three-day notice to pay or vacate."),
    )


def checked_matter(world: Any, site: Any, *, party: str | None = None) -> Any:
    from goldenthread.legalservices.actions import matter_conflict_check, party_add

    matter = referred_matter(world, site)
    ls = site.actor(Role.LEGAL_SERVICES)
    if party:
        party_add(actor=ls, matter_id=matter.pk, name=party, relation="landlord")
    return matter_conflict_check(actor=ls, matter_id=matter.pk)


def open_matter(world: Any, site: Any) -> Any:
    from goldenthread.legalservices.actions import matter_accept

    matter = checked_matter(world, site)
    ls = site.actor(Role.LEGAL_SERVICES)
    return matter_accept(actor=ls, matter_id=matter.pk, attorney=ls.user.get_username())


def _matter(world: Any, site: Any) -> dict[str, Any]:
    return {"matter_id": referred_matter(world, site).pk}


def _clear(world: Any, site: Any) -> dict[str, Any]:
    return {"matter_id": checked_matter(world, site).pk}


def _flagged(world: Any, site: Any) -> dict[str, Any]:
    # An adverse party named like one of the site's own partner agencies.
    agency = site.agencies["police"].name
    return {"matter_id": checked_matter(world, site, party=agency).pk}


def _open(world: Any, site: Any) -> dict[str, Any]:
    return {"matter_id": open_matter(world, site).pk}


def _deadline(world: Any, site: Any) -> dict[str, Any]:
    from goldenthread.legalservices.actions import deadline_add
    from goldenthread.legalservices.queries import today_at

    matter = open_matter(world, site)
    ls = site.actor(Role.LEGAL_SERVICES)
    deadline = deadline_add(
        actor=ls, matter_id=matter.pk, due_on=today_at(ls), label="Answer the complaint"
    )
    return {"deadline_id": deadline.pk}


def document(world: Any, site: Any, *, privileged: bool = True) -> Any:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from goldenthread.legalservices.actions import document_upload

    matter = referred_matter(world, site)
    return document_upload(
        actor=site.actor(Role.LEGAL_SERVICES),
        matter_id=matter.pk,
        upload=SimpleUploadedFile("order.pdf", b"%PDF-1.4\n%%EOF\n"),
        title="Order",
        privileged=privileged,
    )


def _document(world: Any, site: Any) -> dict[str, Any]:
    return {"document_id": document(world, site).pk}


def _shared_document(world: Any, site: Any) -> dict[str, Any]:
    return {"document_id": document(world, site, privileged=False).pk}


MAKERS = {
    "ls_document": _document,
    "ls_shared_document": _shared_document,
    "ls_matter": _matter,
    "ls_matter_clear": _clear,
    "ls_matter_flagged": _flagged,
    "ls_matter_open": _open,
    "ls_deadline": _deadline,
}

API = "/api/v1/legalservices"


def _post(endpoint: str, allowed: frozenset[Role], obj: str, ok: int, **data: Any) -> Case:
    return Case(endpoint, allowed, obj=obj, ok=ok, method="POST", data=data)


CASES = [
    # pages
    Case("legalservices:docket", LS),
    Case("legalservices:caseload", LS),
    Case("legalservices:referrals", FOLLOWERS),
    Case("legalservices:refer", REFERRERS),
    Case("legalservices:report", REPORT),
    Case("legalservices:participant", PARTICIPANT_PAGE, obj="participant"),
    Case("legalservices:status", STATUS_OF_MATTER, obj="ls_matter"),
    Case("legalservices:matter", LS, obj="ls_matter"),
    _post("legalservices:party_add", LS, "ls_matter", 302, name="Acme Property LLC"),
    _post("legalservices:conflict_check", LS, "ls_matter", 302),
    _post("legalservices:conflict_clear", LS, "ls_matter_flagged", 302, reason="Other Acme."),
    _post("legalservices:accept", LS, "ls_matter_clear", 302, attorney="legal_services"),
    _post("legalservices:decline", LS, "ls_matter", 302, reason="Outside our scope."),
    _post("legalservices:refer_out", LS, "ls_matter", 302, referred_to="Tenant Law Center"),
    _post("legalservices:update", LS, "ls_matter_open", 302, court="King County District Court"),
    _post(
        "legalservices:deadline_add",
        LS,
        "ls_matter",
        302,
        due_on="2099-01-01",
        label="Hearing",
        remind_days="7",
    ),
    _post("legalservices:deadline_meet", LS, "ls_deadline", 302),
    _post("legalservices:entry_add", LS, "ls_matter", 302, kind="note", text="Called landlord."),
    _post("legalservices:outcome_add", LS, "ls_matter_open", 302, kind="eviction_avoided"),
    _post("legalservices:close", LS, "ls_matter_open", 302),
    # Without a file the upload is refused (422): the uploads themselves are in test_documents.
    _post("legalservices:document_upload", LS, "ls_matter", 422, title="Notice"),
    Case("legalservices:document_download", LS, obj="ls_document"),
    Case("legalservices:document_download", STATUS_OF_MATTER, obj="ls_shared_document"),
    Case("legalservices:settings", LS),
    Case(
        "legalservices:settings",
        LS,
        method="POST",
        ok=302,
        data={"document_max_mb": 10, "reminder_window_days": 7},
    ),
    # API
    _post(
        f"POST {API}/participants/{{participant_id}}/matters",
        REFERRERS,
        "participant",
        201,
        matter_type="eviction",
        description="Eviction hearing next month.",
    ),
    Case(f"GET {API}/referrals", FOLLOWERS),
    Case(f"GET {API}/matters/{{matter_id}}/status", STATUS_OF_MATTER, obj="ls_matter"),
    Case(f"GET {API}/participants/{{participant_id}}/matters", PARTICIPANT_PAGE, obj="participant"),
    Case(f"GET {API}/matters", LS),
    Case(f"GET {API}/matters/{{matter_id}}", LS, obj="ls_matter"),
    Case(
        f"PATCH {API}/matters/{{matter_id}}",
        LS,
        obj="ls_matter_open",
        method="PATCH",
        data={"case_number": "24-2-01234-1"},
    ),
    _post(f"POST {API}/matters/{{matter_id}}/parties", LS, "ls_matter", 201, name="Acme LLC"),
    _post(f"POST {API}/matters/{{matter_id}}/conflict-check", LS, "ls_matter", 200),
    _post(
        f"POST {API}/matters/{{matter_id}}/conflict-clear",
        LS,
        "ls_matter_flagged",
        200,
        reason="A different Acme.",
    ),
    _post(
        f"POST {API}/matters/{{matter_id}}/accept",
        LS,
        "ls_matter_clear",
        200,
        attorney="legal_services",
    ),
    _post(f"POST {API}/matters/{{matter_id}}/decline", LS, "ls_matter", 200, reason="No."),
    _post(
        f"POST {API}/matters/{{matter_id}}/refer-elsewhere",
        LS,
        "ls_matter",
        200,
        referred_to="Northwest Immigrant Rights Project",
    ),
    _post(
        f"POST {API}/matters/{{matter_id}}/deadlines",
        LS,
        "ls_matter",
        201,
        due_on="2099-01-01",
        label="Hearing",
    ),
    _post(f"POST {API}/deadlines/{{deadline_id}}/met", LS, "ls_deadline", 200),
    _post(
        f"POST {API}/matters/{{matter_id}}/entries", LS, "ls_matter", 201, kind="action", text="x"
    ),
    _post(
        f"POST {API}/matters/{{matter_id}}/outcomes",
        LS,
        "ls_matter_open",
        201,
        kind="debt_relieved",
        amount="1250.00",
    ),
    _post(f"POST {API}/matters/{{matter_id}}/close", LS, "ls_matter_open", 200),
    Case(f"GET {API}/caseloads", LS),
    Case(f"GET {API}/deadlines", LS),
    Case(f"GET {API}/report", REPORT),
    _post(f"POST {API}/matters/{{matter_id}}/documents", LS, "ls_matter", 422),
    Case(f"GET {API}/documents/{{document_id}}", LS, obj="ls_document"),
    Case(f"GET {API}/documents/{{document_id}}", STATUS_OF_MATTER, obj="ls_shared_document"),
    Case(f"GET {API}/settings", LS),
    Case(
        f"PATCH {API}/settings",
        LS,
        method="PATCH",
        data={"reminder_window_days": 10, "remind_referrer": False},
    ),
]
