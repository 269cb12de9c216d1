"""The foundation's cards on the home page: caseload at a glance, sign-in security."""

from __future__ import annotations

from django.db.models import Count, Q

from goldenthread.access.actor import Actor
from goldenthread.access.middleware import has_mfa
from goldenthread.access.models import ApiToken
from goldenthread.core.models import Membership, Participant
from goldenthread.core.roles import Role
from goldenthread.web.nav import Card


def _caseload_card(actor: Actor) -> Card | None:
    if not actor.can("participants.view"):
        return None
    mine = actor.role in {Role.CM, Role.OUTREACH}
    qs = Participant.objects.filter(site_id=actor.site_id)
    if mine:
        qs = qs.filter(case_manager_id=actor.user_id)
    counts = qs.aggregate(
        active=Count("pk", filter=Q(state__in=["enrolled", "active"])),
        inactive=Count("pk", filter=Q(state="inactive")),
    )
    lines = [f"{counts['active']} active, {counts['inactive']} inactive"]
    if not mine:
        cms = Membership.objects.filter(site_id=actor.site_id, role=Role.CM, active=True).count()
        open_cases = counts["active"] + counts["inactive"]
        average = open_cases / cms if cms else 0
        site = actor.site
        lines.append(
            f"{cms} case managers, average {average:.1f} per CM "
            f"(target {site.caseload_target}, cap {site.caseload_cap})"
        )
        over = average > site.caseload_cap
        return Card("Caseload at the site", lines, count=open_cases, urgent=over)
    return Card("My participants", lines, count=counts["active"] + counts["inactive"])


def _mfa_card(actor: Actor) -> Card | None:
    if not actor.can("users.manage"):
        return None
    required = actor.site.mfa_required_roles or []
    members = Membership.objects.filter(
        site_id=actor.site_id, active=True, role__in=required
    ).select_related("user")
    from allauth.mfa.models import Authenticator

    enrolled = set(
        Authenticator.objects.filter(
            user__in=[m.user_id for m in members], type=Authenticator.Type.TOTP
        ).values_list("user_id", flat=True)
    )
    missing = sorted({m.user.get_username() for m in members if m.user_id not in enrolled})
    return Card(
        "Accounts still to set up two-factor",
        missing[:8] or ["None: all set."],
        count=len(missing),
        urgent=bool(missing),
        url_name="core:site_settings",
    )


def _security_card(actor: Actor) -> Card:
    tokens = ApiToken.objects.filter(user_id=actor.user_id, revoked_at__isnull=True).count()
    mfa = "on" if has_mfa(actor.user) else "off"
    return Card(
        "Your sign-in",
        [f"Two-factor authentication is {mfa}.", f"{tokens} active API token(s)."],
        url_name="account",
    )


def cards(actor: Actor) -> list[Card]:
    return [c for c in (_caseload_card(actor), _mfa_card(actor), _security_card(actor)) if c]
