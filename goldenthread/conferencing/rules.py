"""Pure rules of OWG case conferencing: who decides what, who sees which roster item, how the
PM reorders the roster, what a closed meeting refuses. No Django here."""

from __future__ import annotations

from collections.abc import Collection, Sequence

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
) -> bool:
    """Whether a role sees one roster item. One roster, role-filtered (issue 8):

    - the PM, who runs the meeting, sees every item;
    - every partner at the table sees situations, which name no one person;
    - a role sees an item its source marked visible to it;
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
    if role in visible_to_roles:
        return True
    if role == Role.PROSECUTOR and LEGAL_TAG in tags:
        return True
    return role in CASE_MANAGEMENT and is_own


def moved(ids: Sequence[int], item_id: int, position: int) -> list[int]:
    """The roster order after moving ``item_id`` to ``position`` (0-based, clamped)."""
    rest = [i for i in ids if i != item_id]
    if len(rest) == len(ids):
        raise ValueError("item not on the roster")
    position = max(0, min(position, len(rest)))
    return [*rest[:position], item_id, *rest[position:]]


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
