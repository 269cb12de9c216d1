"""The actor's role is the membership's, as ``Role(value)`` gives it."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User

from goldenthread.access.actor import Actor
from goldenthread.core.models import Membership
from goldenthread.core.roles import Role


@pytest.mark.parametrize("value", [role.value for role in Role])
def test_the_role_is_the_memberships(value):  # type: ignore[no-untyped-def]
    actor = Actor(user=User(pk=1), membership=Membership(role=value))
    assert actor.role is Role(value)


def test_a_role_changed_on_the_membership_is_the_actors_next_read():
    membership = Membership(role=Role.CM.value)
    actor = Actor(user=User(pk=1), membership=membership)
    assert actor.role is Role.CM
    membership.role = Role.PM.value
    assert actor.role is Role.PM


def test_a_value_outside_the_roles_raises_as_the_enum_does():
    actor = Actor(user=User(pk=1), membership=Membership(role="no-such-role"))
    with pytest.raises(ValueError, match="no-such-role"):
        _ = actor.role
