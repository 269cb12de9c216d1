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


@pytest.fixture(autouse=True)
def _empty_cache():  # type: ignore[no-untyped-def]
    """Each test starts with an empty cache: a value one test kept (keyed by a site's id and
    audit head, which a rolled-back database can give again) must not answer another."""
    from django.core.cache import cache

    cache.clear()
    yield
