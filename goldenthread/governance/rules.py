"""Pure rules of governance: the consensus tally, the zone of agreement, meeting quorum, the CLT's
sector balance and the core-principle checks (seed, ch. 5; domain.md, "Governance").

No Django here: the callers pass plain values and get plain values back.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

SUPPORT = "support"
STAND_ASIDE = "stand_aside"  # "can live with it"
BLOCK = "block"
STANCES = (SUPPORT, STAND_ASIDE, BLOCK)

CONSENSUS = "consensus"
BLOCKED = "blocked"
PENDING = "pending"
NO_CONSENSUS = "no_consensus"  # too many stand asides under the body's own rule

# The CLT's sectors, in the seed's order (domain.md, "CLT").
CLT_SECTORS: tuple[tuple[str, str], ...] = (
    ("civil_rights", "Civil rights"),
    ("racial_justice", "Racial justice"),
    ("disability_rights", "Disability rights"),
    ("neighbourhood", "Neighbourhood associations"),
    ("business", "Business districts"),
    ("public_health", "Public health"),
    ("police_oversight", "Police oversight"),
    ("public_safety", "Public-safety advocates"),
    ("service_providers", "Service providers"),
    ("religious", "Religious communities"),
)
SECTOR_LABELS = dict(CLT_SECTORS)


@dataclass(frozen=True)
class Vote:
    """One recorded position: the agency it speaks for, whether the person who gave it is
    authorised to decide for that agency, and which options (if any) it blocks."""

    agency: int
    stance: str
    authorised: bool = True
    blocked_options: frozenset[str] = frozenset()


@dataclass(frozen=True)
class ConsensusRule:
    """A body's own consensus rule. ``stand_aside_limit``: when more member agencies than this
    stand aside, there is no consensus (None: any number may stand aside)."""

    stand_aside_limit: int | None = None


@dataclass(frozen=True)
class Tally:
    outcome: str
    supporting: frozenset[int] = frozenset()
    standing_aside: frozenset[int] = frozenset()
    blocking: frozenset[int] = frozenset()
    missing: frozenset[int] = frozenset()
    zone_of_agreement: tuple[str, ...] = ()
    blocked_options: frozenset[str] = field(default_factory=frozenset)

    @property
    def reached(self) -> bool:
        return self.outcome == CONSENSUS


def counted_votes(members: Iterable[int], votes: Iterable[Vote]) -> dict[int, Vote]:
    """The one position that counts for each member agency: only an authorised member's, and
    only for a member agency of the body. A later vote for the same agency replaces an earlier
    one (the actions refuse a second position anyway)."""
    member_set = set(members)
    counted: dict[int, Vote] = {}
    for vote in votes:
        if vote.authorised and vote.agency in member_set and vote.stance in STANCES:
            counted[vote.agency] = vote
    return counted


def zone_of_agreement(options: Iterable[str], votes: Iterable[Vote]) -> tuple[str, ...]:
    """The options no one blocks, in their original order: what the PM can build the next
    version on (seed: "operating within zones of agreement")."""
    blocked: set[str] = set()
    for vote in votes:
        blocked |= vote.blocked_options
    return tuple(o for o in options if o not in blocked)


def tally_consensus(
    members: Iterable[int],
    votes: Iterable[Vote],
    *,
    options: Iterable[str] = (),
    rule: ConsensusRule = ConsensusRule(),
) -> Tally:
    """Consensus is reached when every member agency has a position and none blocks (issue 7).
    A block sends the proposal back for revision, whatever else is missing. A body may also
    limit how many agencies may stand aside."""
    member_set = frozenset(members)
    counted = counted_votes(member_set, votes)
    by = {s: frozenset(a for a, v in counted.items() if v.stance == s) for s in STANCES}
    missing = member_set - frozenset(counted)
    if by[BLOCK]:
        outcome = BLOCKED
    elif missing or not member_set:
        outcome = PENDING
    elif rule.stand_aside_limit is not None and len(by[STAND_ASIDE]) > rule.stand_aside_limit:
        outcome = NO_CONSENSUS
    else:
        outcome = CONSENSUS
    blocked_opts: frozenset[str] = frozenset().union(*(v.blocked_options for v in counted.values()))
    return Tally(
        outcome=outcome,
        supporting=by[SUPPORT],
        standing_aside=by[STAND_ASIDE],
        blocking=by[BLOCK],
        missing=missing,
        zone_of_agreement=zone_of_agreement(options, counted.values()),
        blocked_options=blocked_opts,
    )


def has_quorum(present: Iterable[int], members: Iterable[int], quorum_percent: int) -> bool:
    """A meeting has quorum when the member agencies present are at least ``quorum_percent``
    of the body's member agencies (the body's charter sets the percentage), and at least one is."""
    member_set = set(members)
    here = set(present) & member_set
    if not member_set or not here:
        return False
    return len(here) * 100 >= quorum_percent * len(member_set)


def missing_sectors(present: Iterable[str]) -> list[str]:
    """The CLT sectors (domain.md) no active member represents."""
    have = set(present)
    return [key for key, _ in CLT_SECTORS if key not in have]


def checkin_overdue(last: date | None, today: date, interval_days: int) -> bool:
    """Without a standing CLT the PM keeps regular check-ins with community leaders (seed); none
    yet, or none within the interval, is overdue."""
    return last is None or today - last > timedelta(days=interval_days)


@dataclass(frozen=True)
class HealthFacts:
    """What the health page knows about a site's governance, as plain values."""

    today: date
    pcg_formed_on: date | None
    launch_on: date | None
    clt_convened: bool
    clt_represented_on_pcg: bool
    pcg_seats_not_senior_or_authorised: tuple[str, ...] = ()
    pm_org_independent: bool = True
    pcg_oversees_pm: bool = False
    pm_subcommittee: bool = False
    last_checkin: date | None = None
    checkin_interval_days: int = 30
    clt_missing_sectors: tuple[str, ...] = ()
    clt_most_affected_represented: bool = True


@dataclass(frozen=True)
class Warning:
    code: str
    message: str


def governance_warnings(f: HealthFacts) -> list[Warning]:
    """The seed's core principles, checked (issue 7, "Core-principle checks")."""
    out: list[Warning] = []
    if f.pcg_formed_on is None:
        out.append(Warning("no_pcg", "There is no PCG. It should exist before launch."))
    elif f.launch_on is not None and f.pcg_formed_on > f.launch_on:
        out.append(
            Warning(
                "pcg_after_launch",
                f"The PCG was formed on {f.pcg_formed_on}, after launch on {f.launch_on}; "
                "the seed asks for it before launch.",
            )
        )
    if f.clt_convened and not f.clt_represented_on_pcg:
        out.append(Warning("clt_not_on_pcg", "The convened CLT is not represented on the PCG."))
    for name in f.pcg_seats_not_senior_or_authorised:
        out.append(
            Warning(
                "pcg_seat_not_authorised",
                f"PCG member {name} is not recorded as senior and authorised for their agency.",
            )
        )
    if not f.pm_org_independent:
        missing = []
        if not f.pcg_oversees_pm:
            missing.append("PCG oversight of the PM")
        if not f.pm_subcommittee:
            missing.append("a PCG subcommittee that writes the PM's job description and reviews")
        if missing:
            out.append(
                Warning(
                    "pm_not_independent",
                    "The PM's organisation is not independent, and these safeguards are "
                    "missing: " + "; ".join(missing) + ".",
                )
            )
    if not f.clt_convened and checkin_overdue(f.last_checkin, f.today, f.checkin_interval_days):
        out.append(
            Warning(
                "checkin_overdue",
                "There is no standing CLT and a community check-in is overdue "
                f"(every {f.checkin_interval_days} days).",
            )
        )
    if f.clt_convened and f.clt_missing_sectors:
        labels = ", ".join(SECTOR_LABELS[s] for s in f.clt_missing_sectors)
        out.append(Warning("clt_sectors_missing", f"CLT sectors not represented: {labels}."))
    if f.clt_convened and not f.clt_most_affected_represented:
        out.append(
            Warning(
                "clt_most_affected",
                "No CLT member is recorded as representing the communities most affected by "
                "street-level enforcement.",
            )
        )
    return out


def budget_totals(
    lines: Iterable[tuple[str, str, int, int]],
) -> tuple[dict[str, tuple[int, int]], dict[str, tuple[int, int]]]:
    """Budget versus actual per category and per funding source, from
    (category, source, planned, actual) rows."""
    by_cat: dict[str, tuple[int, int]] = {}
    by_src: dict[str, tuple[int, int]] = {}
    for cat, src, planned, actual in lines:
        p, a = by_cat.get(cat, (0, 0))
        by_cat[cat] = (p + planned, a + actual)
        p, a = by_src.get(src, (0, 0))
        by_src[src] = (p + planned, a + actual)
    return by_cat, by_src


def unsigned(parties: Iterable[int], signed: Mapping[int, object]) -> list[int]:
    """MOU parties that have not signed a version yet."""
    return [p for p in parties if p not in signed]


# Who sees what, role-wide (the domain names no rule beyond "members see their bodies"; a site
# sets these, and these defaults are documented in docs/governance.md). A scope is a body kind
# or one of the PCG's own records (seed: the PCG approves the budget and the contracting).
SCOPES: tuple[tuple[str, str], ...] = (
    ("pcg", "The PCG"),
    ("owg", "OWGs"),
    ("clt", "The CLT"),
    ("committee", "Committees and work groups"),
    ("budget", "Budgets"),
    ("procurement", "Procurements"),
)
SCOPE_KEYS = frozenset(k for k, _ in SCOPES)
# The roles whose whole membership is governance; any other role sees only its own bodies.
SCOPED_ROLES = ("pcg_member", "clt_member")
DEFAULT_ROLE_SCOPES: dict[str, list[str]] = {
    "pcg_member": ["pcg", "committee", "budget", "procurement"],
    "clt_member": ["clt"],
}


def role_scopes_error(value: Mapping[str, object]) -> str | None:
    """Why a site's role → scopes setting is not valid, or None."""
    for role, scopes in value.items():
        if role not in SCOPED_ROLES:
            return f"{role!r} is not a governance role ({', '.join(SCOPED_ROLES)})"
        if not isinstance(scopes, list | tuple) or not all(s in SCOPE_KEYS for s in scopes):
            return f"{role}: choose among {', '.join(sorted(SCOPE_KEYS))}"
    return None


def scopes_for(role: str, setting: Mapping[str, Iterable[str]] | None) -> frozenset[str]:
    """What a role sees role-wide under the site's setting (the default where it is silent)."""
    if role not in SCOPED_ROLES:
        return frozenset()
    chosen = (setting or {}).get(role)
    return frozenset(DEFAULT_ROLE_SCOPES[role] if chosen is None else chosen)


def whole_dollars(amount: object) -> int:
    """A spend total (a Decimal of dollars and cents) as whole dollars, half up, as budget
    lines hold them."""
    return int(Decimal(str(amount or 0)).quantize(Decimal("1"), rounding=ROUND_HALF_UP))
