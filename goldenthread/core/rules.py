"""Pure rules about participants' states (domain.md, "A participant's path")."""

from __future__ import annotations

ENROLLED = "enrolled"
ACTIVE = "active"
INACTIVE = "inactive"
EXITED = "exited"
TERMINATED = "terminated"

# Losing contact makes someone inactive; it never removes them. Termination is reachable only
# when the site's policy enables it.
_TRANSITIONS: dict[str, frozenset[str]] = {
    ENROLLED: frozenset({ACTIVE, EXITED}),
    ACTIVE: frozenset({INACTIVE, EXITED}),
    INACTIVE: frozenset({ACTIVE, EXITED}),
    EXITED: frozenset(),
    TERMINATED: frozenset(),
}


def allowed_transitions(state: str, *, termination_enabled: bool) -> frozenset[str]:
    """The states a participant in ``state`` may move to."""
    allowed = _TRANSITIONS.get(state, frozenset())
    if termination_enabled and state in {ENROLLED, ACTIVE, INACTIVE}:
        allowed = allowed | {TERMINATED}
    return allowed


def transition_refusal(
    from_state: str, to_state: str, *, termination_enabled: bool, reason: str
) -> str | None:
    """Why a transition is refused, or None when it is allowed."""
    if to_state == TERMINATED and not termination_enabled:
        return "This site does not terminate participants: LEAD has no 'fail out'."
    if to_state not in allowed_transitions(from_state, termination_enabled=termination_enabled):
        return f"A participant who is {from_state} cannot become {to_state}."
    if to_state in {EXITED, TERMINATED} and not reason.strip():
        return "An exit needs a reason."
    return None
