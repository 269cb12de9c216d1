"""Schemathesis against /api/v1/openapi.json, in process, as every role (issue 11).

Every operation of the schema the API serves is tried with cases Schemathesis generates from
the schema, sent with the API tokens of the roles in ``ROLES`` at site alpha (see ``_plan``):

- valid input (positive) as every role, with generated path ids;
- invalid input (negative) as one role, in turn: it is refused before any role's rights matter;
- where the permission matrix names the path's object, the path at an object of alpha (the
  role's own site) and at one of beta (another site), as every role.

Each response must: not be a 5xx; have a status code, content type and body the schema declares
for the operation; and carry nothing of site beta. Beta's records carry ``SENTINEL`` in their
names and free text, beta's users carry it in their names, and every row made for beta has an
id in ``BETA_IDS`` (the tables' id sequences are moved there and past it), so a leak of a name,
a note or an id shows in the body.

The budget (``EXAMPLES`` per operation, role and kind of input; no shrinking; a fixed seed) keeps
the run reproducible and at about three minutes on one core (14 roles, 2026-12-01). The figures
are printed for ``make trust`` (tools/trust.py).
"""

from __future__ import annotations

import json
import os
import re
import time
import zlib
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, ClassVar

import pytest
import schemathesis
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core import signals
from django.core.exceptions import FieldDoesNotExist
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections, connection, models
from django.db.models.functions import Concat, Substr
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import seed as hypothesis_seed
from ninja import Schema as NinjaSchema
from schemathesis.checks import not_a_server_error
from schemathesis.core.failures import FailureGroup
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from goldenthread.access.actions import token_create
from goldenthread.core.models import Agency, Membership, Person, Site
from goldenthread.core.roles import Role
from goldenthread.testing_matrix import cases

SENTINEL = "XSITE7Q"
OWN_MARK = "OWNSITE7Q"  # the same planting on alpha: shows the fields do reach the answers
BETA_IDS = range(7_770_000, 7_780_000)
AFTER_BETA = 8_880_000
BETA_ID = re.compile(r"(?<![\d.])777\d{4}(?![\d.])")
# Every role: each has its own scope, and a path one role may read another must not.
ROLES = tuple(Role)
EXAMPLES = int(os.environ.get("SCHEMATHESIS_EXAMPLES", "2"))
ONLY = os.environ.get("SCHEMATHESIS_ONLY", "")  # to try one operation while fixing it
SEED = int(os.environ.get("SCHEMATHESIS_SEED", "11"))
FREE_TEXT = re.compile(
    r"(^|_)(name|names|title|note|notes|description|summary|place|provider|vendor|purpose"
    r"|reason|text|body|minutes|detail|details|alias|aliases|funding_source)$"
)


def no_other_site(ctx: Any, response: Any, case: Any) -> None:
    """Nothing of site beta in the body: no sentinel, no id of a row made for beta (an id the
    request itself sent, echoed back, is no leak)."""
    body = response.content.decode("utf-8", "replace")
    assert SENTINEL not in body, f"another site's text in the response: {body[:300]}"
    sent = str(case.path_parameters) + str(case.query) + str(case.body)
    leaked = set(BETA_ID.findall(body)) - set(BETA_ID.findall(sent))
    assert not leaked, f"ids of another site's rows in the response: {sorted(leaked)}"


def test_the_leak_check_catches_a_leak():
    class Fake:
        path_parameters: ClassVar[dict] = {"participant_id": 7_770_004}
        query = body = None

    class Answer:
        def __init__(self, text: str) -> None:
            self.content = text.encode()

    no_other_site(None, Answer('{"id": 7770004}'), Fake())  # echoed from the request: no leak
    for leak in (f'{{"name": "{SENTINEL} Rivera"}}', '{"id": 7770123}'):
        with pytest.raises(AssertionError):
            no_other_site(None, Answer(leak), Fake())


CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    no_other_site,
]


@contextmanager
def _in_process() -> Iterator[None]:
    """Requests through the WSGI handler inside the test's transaction: like Django's test
    client, keep the handler from closing the connection at the start and end of a request."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


def _move_id_sequences(to: int) -> None:
    """The next row of every table gets an id above ``to``."""
    with connection.cursor() as cur:
        for model in apps.get_models():
            pk = model._meta.pk
            if not isinstance(pk, models.AutoField | models.BigAutoField | models.SmallAutoField):
                continue
            table = model._meta.db_table
            if connection.vendor == "postgresql":
                cur.execute(
                    "SELECT setval(pg_get_serial_sequence(%s, %s), %s)", [table, pk.column, to]
                )
            else:
                cur.execute("DELETE FROM sqlite_sequence WHERE name = %s", [table])
                cur.execute("INSERT INTO sqlite_sequence (name, seq) VALUES (%s, %s)", [table, to])


def _plant(site: Site, mark: str) -> None:
    """Every name and free-text field of the site's rows starts with ``mark``."""
    for model in apps.get_models():
        if model._meta.app_label == "audit":
            continue  # hash-chained; the chain is not what this test is about
        try:
            field = model._meta.get_field("site")
        except FieldDoesNotExist:
            continue
        if getattr(field, "related_model", None) is not Site:
            continue
        updates: dict[str, Any] = {}
        for f in model._meta.concrete_fields:
            if not isinstance(f, models.CharField | models.TextField) or f.choices or f.unique:
                continue
            if not FREE_TEXT.search(f.name) or (f.max_length or 100) < len(mark) + 4:
                continue
            joined = Concat(models.Value(mark + " "), models.F(f.name))
            updates[f.name] = Substr(joined, 1, f.max_length) if f.max_length else joined
        if updates:
            model._default_manager.filter(site=site).update(**updates)
    Site.objects.filter(pk=site.pk).update(name=f"{mark} site")
    Agency.objects.filter(site=site).update(name=Concat(models.Value(mark), "name"))
    Person.objects.filter(site=site).update(first_name=mark, last_name=mark)
    users = Membership.objects.filter(site=site).values("user_id")
    get_user_model().objects.filter(pk__in=users).update(first_name=mark, last_name=mark)


def _objects(world: Any) -> tuple[dict[str, str], dict[str, dict], dict[str, dict]]:
    """The matrix's object kind for each API path, and one object of each kind per site."""
    kinds = {c.endpoint: c.obj for c in cases() if c.is_api and c.obj}
    alpha = {kind: world.make(kind) for kind in sorted(set(kinds.values()))}
    _move_id_sequences(BETA_IDS.start)
    beta = {kind: world.make(kind, world.beta) for kind in sorted(set(kinds.values()))}
    _move_id_sequences(AFTER_BETA)
    return kinds, alpha, beta


def _run(strategy: Any, examples: int, seed: int, body: Callable[[Any], None]) -> None:
    @settings(
        max_examples=examples,
        database=None,
        deadline=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @hypothesis_seed(seed)
    @given(case=strategy)
    def run(case: Any) -> None:
        body(case)

    run()


class Tally:
    """Sends cases as a role and keeps the figures and the first finding per operation and
    check."""

    def __init__(self, tokens: dict[Role, str]) -> None:
        self.tokens = tokens
        self.failures: dict[tuple[str, str], str] = {}
        self.statuses: Counter[str] = Counter()
        self.tried = 0
        self.own_marks = 0

    def sender(self, role: Role, label: str) -> Callable[[Any], None]:
        auth = {"Authorization": f"Bearer {self.tokens[role]}"}

        def send(case: Any) -> None:
            self.tried += 1
            response = case.call(headers=auth)
            self.statuses[f"{response.status_code // 100}xx"] += 1
            self.own_marks += OWN_MARK.encode() in response.content
            try:
                case.validate_response(response, checks=CHECKS, headers=auth)
            except FailureGroup as group:
                for failure in group.exceptions:
                    key = (label, type(failure).__name__)
                    answer = response.content[:300].decode("utf-8", "replace")
                    sent = (
                        f"{case.method} {case.formatted_path} query={case.query} body={case.body!r}"
                    )
                    text = f"{role.value}: {failure}\nsent: {sent[:600]}\nanswer: {answer}"
                    self.failures.setdefault(key, text)

        return send


def _plan(operation: Any, number: int, own: dict | None, foreign: dict | None) -> list[tuple]:
    """(strategy, role, examples) for one operation: valid input as every role; invalid input
    (answered before any role's rights matter) as one role, in turn; the path at an own-site
    and at an other-site object as every role."""
    positive = operation.as_strategy(schemathesis.GenerationMode.POSITIVE)
    negative = operation.as_strategy(schemathesis.GenerationMode.NEGATIVE)
    plan = [(positive, role, EXAMPLES) for role in ROLES]
    plan.append((negative, ROLES[number % len(ROLES)], EXAMPLES))
    if own is not None and foreign is not None:
        at_own = operation.as_strategy(path_parameters=own)
        at_foreign = operation.as_strategy(path_parameters=foreign)
        plan += [(s, role, 1) for role in ROLES for s in (at_own, at_foreign)]
    return plan


@pytest.mark.django_db
def test_every_operation_holds_its_schema_for_every_role_and_leaks_no_other_site(world):
    started = time.monotonic()
    kinds, alpha, beta = _objects(world)
    _plant(world.beta.site, SENTINEL)
    _plant(world.alpha.site, OWN_MARK)
    assert Person.objects.filter(site=world.beta.site, first_name=SENTINEL).exists()
    tally = Tally(
        {
            role: token_create(user=world.alpha.users[role], site=world.alpha.site)[1]
            for role in ROLES
        }
    )
    operations = 0

    with _in_process():
        schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())
        for number, result in enumerate(schema.get_all_operations()):
            operation = result.ok()
            operations += 1
            label = f"{operation.method.upper()} {operation.path}"
            if ONLY not in label:
                continue
            kind = kinds.get(label)
            own, foreign = (alpha[kind], beta[kind]) if kind else (None, None)
            for step, (strategy, role, examples) in enumerate(
                _plan(operation, number, own, foreign)
            ):
                seed = zlib.crc32(f"{SEED} {label} {step}".encode())
                _run(strategy, examples, seed, tally.sender(role, label))

    seconds = time.monotonic() - started
    print(
        f"\nschemathesis: {tally.tried} cases over {operations} operations"
        f" as {len(ROLES)} roles in {seconds:.0f}s; {len(tally.failures)} findings;"
        f" answers {dict(sorted(tally.statuses.items()))};"
        f" {tally.own_marks} carried own-site text"
    )
    report = "\n\n".join(
        f"{op} [{check}]\n{text}" for (op, check), text in sorted(tally.failures.items())
    )
    assert not tally.failures, f"{len(tally.failures)} findings:\n\n{report}"
    # The run had teeth: answers with data, and own-site names and notes in them.
    assert tally.statuses["2xx"] > 0 and tally.own_marks > 0


def _subclasses(cls: type) -> Iterator[type]:
    sub: type
    for sub in cls.__subclasses__():
        yield sub
        yield from _subclasses(sub)


def test_every_api_shape_has_its_own_name_in_the_schema():
    """The schema names each shape by its class name alone; two classes of one name (a
    `SettingsOut` in two areas) would silently describe one area's answers with the other's."""
    import goldenthread.api  # noqa: F401  (every area's router, so every shape, is loaded)

    seen: dict[str, set[str]] = {}
    for cls in _subclasses(NinjaSchema):
        if cls.__module__.startswith("goldenthread."):
            seen.setdefault(cls.__name__, set()).add(cls.__module__)
    clashes = {name: sorted(mods) for name, mods in seen.items() if len(mods) > 1}
    assert not clashes, f"API shapes that share a name: {clashes}"


@pytest.mark.django_db
def test_it_refuses_nul_characters_in_text_input(world):
    """PostgreSQL stores no NUL character: one in a JSON body or a query string answered 500
    there (found by this file's run on PostgreSQL). It is refused as invalid input instead."""
    body = json.dumps({"name": "a\u0000b"})
    answer = world.api(Role.PM).post(
        "/api/v1/planning/scenarios", data=body, content_type="application/json"
    )
    assert answer.status_code == 422
    assert answer.json()["errors"] == [
        {"field": "name", "message": "body.name: text may not contain NUL characters"}
    ]
    answer = world.api(Role.PM).get("/api/v1/casework/flex/report", {"by": "a\x00b"})
    assert answer.status_code == 422
    assert answer.json()["detail"] == "query.by: text may not contain NUL characters"
