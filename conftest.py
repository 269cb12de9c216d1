"""Shared fixtures: the two-site world with one persona per role."""

from __future__ import annotations

import pytest

from goldenthread.testing import World, build_world


@pytest.fixture
def world(db) -> World:  # type: ignore[no-untyped-def]
    return build_world()
