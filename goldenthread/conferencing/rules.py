"""Pure rules of OWG case conferencing: who decides what, who sees which roster item, how the
PM reorders the roster, what a closed meeting refuses. No Django here."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import date

from goldenthread.core.roles import Role

DRAFT, OPEN, CLOSED = "draft", "open", "closed"
PENDING, DISCUSSED, CARRIED_FORWARD, REMOVED = "pending", "discussed", "carried_forward", "removed"

# What is said at the OWG is LEAD information under the Golden Rule (domain.md, "Governance").
LEAD_DERIVED = "lead_derived"

CLINICAL = "clinical"
ENFORCEMENT_DIVERSION = "enforcement_diversion"
PROSECUTORIAL = "prosecutorial"

# Seed, chapter 5: "case managers make clinical decisions, police decide when and how to take
# enforcement steps and whether to divert, and prosecutors decide when and whether to file,
# decline or dismiss a case".
SPHERE_OF_ROLE: dict[str, str] = {
    Role.CM: CLINICAL,
    Role.SUPERVISOR: CLINICAL,
    Role.OUTREACH: CLINICAL,
    Role.ADVOCATE: CLINICAL,
    Role.OFFICER: ENFORCEMENT_DIVERSION,
    Role.POLICE_SUPERVISOR: ENFORCEMENT_DIVERSION,
    Role.PROSECUTOR: PROSECUTORIAL,
}
SPHERES = (CLINICAL, ENFORCEMENT_DIVERSION, PROSECUTORIAL)

CASE_MANAGEMENT = frozenset({Role.CM, Role.SUPERVISOR, Role.OUTREACH, Role.ADVOCATE})
POLICE = frozenset({Role.OFFICER, Role.POLICE_SUPERVISOR})

# Tags a roster source may put on an item; the prosecutor sees the legal ones. Disclosure items
# reach only the roles their source listed from the consent (disclosures.rules.owg_roles).
LEGAL_TAG, DISCLOSURES_TAG, PART2_TAG = "legal", "disclosures", "part2"

PART2_NOTICE = "42 CFR part 2 prohibits unauthorized disclosure of these records."


def sphere_of(role: str) -> str | None:
    """The sphere a role decides in, or None for roles that decide nothing at the OWG."""
    return SPHERE_OF_ROLE.get(role)


def decision_refusal(role: str, sphere: str) -> str | None:
    """Why this role may not record a decision in ``sphere`` (None: it may). The system
    records decisions and never lets one partner record another partner's."""
    if sphere not in SPHERES:
        return (
            f"'{sphere}' is not a decision sphere: "
            "choose clinical, enforcement_diversion or prosecutorial."
        )
    own = sphere_of(role)
    if own is None:
        return "Your role records no partner decisions; the partner who decides records them."
    if own != sphere:
        return f"You may record decisions only in your own sphere ({own.replace('_', ' ')})."
    return None


def item_visible(
    *,
    role: str,
    kind: str,
    visible_to_roles: Collection[str],
    tags: Collection[str],
    is_own: bool,
    sees_health: bool = True,
    agency_id: int | None = None,
    police_agency_ids: Collection[int] = (),
) -> bool:
    """Whether a role sees one roster item. One roster, role-filtered (issue 8):

    - the PM, who runs the meeting, sees every item;
    - every partner at the table sees situations, which name no one person;
    - a role sees an item its source marked visible to it; but an item limited to some police
      agencies (``police_agency_ids``: the agency that referred the person, say) reaches a
      police role only when the viewer acts for one of them (officers learn how the people
      *their* agency referred are doing, domain.md "Governance");
    - the prosecutor sees legal items; a disclosure item reaches only the roles its source
      listed, which are the roles the participant's consent covers (a tag must not widen it);
    - case-management roles see items about their own participants;
    - but an item tagged as Part 2 information reaches only roles that may read health
      information (42 CFR Part 2, minimum necessary), besides the PM who runs the table.
    """
    if role == Role.PM:
        return True
    if PART2_TAG in tags and not sees_health:
        return False
    if kind == "situation":
        return True
    if role in POLICE and police_agency_ids and agency_id not in police_agency_ids:
        return False
    if role in visible_to_roles:
        return True
    if role == Role.PROSECUTOR and LEGAL_TAG in tags:
        return True
    return role in CASE_MANAGEMENT and is_own


def said_visible(
    *,
    viewer_role: str,
    viewer_agency_id: int | None,
    is_author: bool,
    author_role: str,
    author_agency_id: int | None,
    about_participant: bool,
    part2: bool,
    sees_health: bool,
    sees_case_notes: bool,
    sees_legal: bool,
    consent_roles: Collection[str],
) -> bool:
    """Whether a viewer who sees a roster item also sees one note or decision recorded on it
    (what was said at the table), by the speaker's sphere:

    - Part 2 information (42 CFR Part 2) only to roles that may read health information;
    - the speaker always sees what they said;
    - case-management content (a clinical note or decision) about a participant: the roles
      that read case notes anyway, and otherwise only the roles a live consent to the OWG
      covers (``consent_roles``); never police, who must never see case notes;
    - prosecutorial content about a participant: the roles that read legal cases;
    - enforcement and diversion content: police only of the speaker's own agency, every other
      role at the table;
    - what the PM or defence counsel says, and anything said about a situation (no one
      person), goes with the item.
    """
    if part2 and not sees_health:
        return False
    if is_author:
        return True
    sphere = sphere_of(author_role)
    if sphere == CLINICAL and about_participant:
        if viewer_role in POLICE:
            return False
        return sees_case_notes or viewer_role in consent_roles
    if sphere == PROSECUTORIAL and about_participant:
        return sees_legal
    if sphere == ENFORCEMENT_DIVERSION and viewer_role in POLICE:
        return viewer_agency_id is not None and viewer_agency_id == author_agency_id
    return True


def moved(ids: Sequence[int], item_id: int, position: int) -> list[int]:
    """The roster order after moving ``item_id`` to ``position`` (0-based, clamped)."""
    rest = [i for i in ids if i != item_id]
    if len(rest) == len(ids):
        raise ValueError("item not on the roster")
    position = max(0, min(position, len(rest)))
    return [*rest[:position], item_id, *rest[position:]]


# The lengths of the roster item's columns: a candidate is stored cut to them.
KEY_LENGTH, SOURCE_LENGTH, KIND_LENGTH, TITLE_LENGTH = 100, 60, 40, 200

Identity = tuple[str | int | None, ...]


def item_identity(
    *,
    key: str,
    source: str,
    kind: str,
    participant_id: int | None,
    situation_id: int | None,
    title: str,
) -> Identity:
    """What makes a roster candidate the same as an item the roster already holds: its key,
    when its source gave one; else its source, kind, subject and title, as stored. The key is
    optional in the roster-source contract, and without this a keyless proposal would be added
    again on every build."""
    if key:
        return ("key", key[:KEY_LENGTH])
    return (
        "same",
        source[:SOURCE_LENGTH],
        kind[:KIND_LENGTH],
        participant_id,
        situation_id,
        title[:TITLE_LENGTH],
    )


def on_agenda(status: str) -> bool:
    """Whether an item is still on the meeting's agenda: every status but removed."""
    return status != REMOVED


def closed_meeting_refusal(status: str) -> str | None:
    """A closed meeting's record stays as it was; only amended minutes may change."""
    if status == CLOSED:
        return "The meeting is closed: its record no longer changes."
    return None


def minutes_refusal(status: str, amendment_reason: str) -> str | None:
    """Closed minutes change only with an amendment record that says why."""
    if status == CLOSED and len(amendment_reason.strip()) < 5:
        return "The meeting is closed: say why the minutes are amended (at least 5 characters)."
    return None


def carried_forward(statuses: dict[int, str]) -> list[int]:
    """The items a closing meeting carries to the next: those not reached."""
    return [item_id for item_id, status in statuses.items() if status == PENDING]


def time_box_refusal(minutes: int) -> str | None:
    if not 1 <= minutes <= 120:
        return "A time box is between 1 and 120 minutes."
    return None


def is_overdue(due_on: date, today: date) -> bool:
    """An open action item is overdue once its due day has passed, counted in the site's own
    calendar (``today`` is the site's local date, never the server's)."""
    return due_on < today


def same_region(meeting_region: str, region: str) -> bool:
    """Whether something recorded in ``region`` belongs on the roster of an OWG of
    ``meeting_region``. A citywide OWG (no region) takes everything; something with no region
    recorded goes to every OWG rather than to none; otherwise the names match, ignoring case
    and surrounding spaces ("West Precinct" = "west precinct ")."""
    wanted, got = meeting_region.strip().casefold(), region.strip().casefold()
    return not wanted or not got or wanted == got
