"""A site history for tests: participants enrolled over two years, some exited."""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import Any

from goldenthread.core.models import Participant, Person
from goldenthread.core.roles import Role
from goldenthread.testing import site_today

NAMES = ["Quincy Zephyrine", "Marisol Okonkwo-Bright", "Tobias Featherstone"]


def build_history(
    world: Any, site: Any = None, *, count: int = 60, today: date | None = None, seed: int = 1
) -> list[Participant]:
    """``count`` participants enrolled evenly over the last 24 months; about a third exited
    after 2 to 10 months; a fifth of those still in program are inactive."""
    where = site or world.alpha
    rng = random.Random(seed)
    today = today or site_today()
    made = []
    for i in range(count):
        first, last = (NAMES[i] if i < len(NAMES) else f"Given{i} Family{i}").split(" ")
        enrolled = today - timedelta(days=rng.randint(35, 730))
        stay = timedelta(days=rng.randint(60, 300))
        exited = rng.random() < 0.35 and enrolled + stay < today - timedelta(days=31)
        state = "exited" if exited else ("inactive" if rng.random() < 0.2 else "active")
        person = Person.objects.create(site=where.site, first_name=first, last_name=last)
        made.append(
            Participant.objects.create(
                site=where.site,
                person=person,
                case_manager=where.users[Role.CM],
                enrolled_on=enrolled,
                exited_on=enrolled + stay if exited else None,
                state=state,
            )
        )
    return made
