"""Shared fixtures: the two-site world with one persona per role; Hypothesis's test profile."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, settings

from goldenthread.testing import World, build_world

# Timing is not what property tests check: on a loaded 2-core machine a slow example is not a
# failure. Every other health check stays on.
settings.register_profile(
    "goldenthread", deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.load_profile("goldenthread")


@pytest.fixture
def world(db) -> World:  # type: ignore[no-untyped-def]
    return build_world()
