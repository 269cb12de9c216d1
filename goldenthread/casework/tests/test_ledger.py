"""The append-only ledger: reversing entries, and reports per pool, participant, category,
case manager and month, with all pools together."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest

from goldenthread.casework.models import LedgerEntry
from goldenthread.casework.tests.factories import flex_request, pool
from goldenthread.core.roles import Role


def _reverse(world, entry, reason="Entered twice", role=Role.SUPERVISOR):
    return world.api(role).post(
        f"/api/v1/casework/flex/ledger/{entry.pk}/reverse",
        data=json.dumps({"reason": reason}),
        content_type="application/json",
    )


@pytest.mark.django_db
def test_it_corrects_with_a_reversing_entry_only_once(world):
    request = flex_request(world.alpha, world, status="approved", amount="80.00")
    entry = request.entries.get()
    response = _reverse(world, entry)
    assert response.status_code == 201 and Decimal(response.json()["amount"]) == Decimal("-80.00")
    assert _reverse(world, entry).status_code == 409
    reversal = LedgerEntry.objects.get(kind="reversal")
    assert _reverse(world, reversal).status_code == 422
    assert LedgerEntry.objects.get(pk=entry.pk).amount == Decimal("80.00")
    assert _reverse(world, entry, reason=" ").status_code == 422


@pytest.mark.django_db
def test_it_never_changes_or_deletes_a_ledger_row(world):
    entry = flex_request(world.alpha, world, status="approved").entries.get()
    entry.amount = Decimal("1.00")
    with pytest.raises(ValueError, match="append-only"):
        entry.save()
    with pytest.raises(ValueError, match="append-only"):
        entry.delete()


@pytest.mark.django_db
def test_it_reports_every_way_with_all_pools_together(world):
    a, b = pool(world.alpha, name="City"), pool(world.alpha, name="Foundation")
    flex_request(world.alpha, world, status="approved", pool=a, amount="100.00")
    flex_request(world.alpha, world, status="approved", pool=b, amount="40.00", category="phone")
    undone = flex_request(world.alpha, world, status="approved", pool=a, amount="10.00")
    _reverse(world, undone.entries.get())
    api = world.api(Role.PM)
    by_pool = api.get("/api/v1/casework/flex/report", {"by": "pool"}).json()
    assert {r["label"]: Decimal(r["total"]) for r in by_pool["rows"]} == {
        "City": Decimal("100.00"),
        "Foundation": Decimal("40.00"),
    }
    assert Decimal(by_pool["total_all_pools"]) == Decimal("140.00")
    left = {p["name"]: Decimal(p["left"]) for p in by_pool["pools"]}
    assert left["City"] == Decimal("900.00")
    for by in ("participant", "category", "cm", "month"):
        report = api.get("/api/v1/casework/flex/report", {"by": by}).json()
        assert Decimal(report["total_all_pools"]) == Decimal("140.00"), by
    by_participant = api.get("/api/v1/casework/flex/report", {"by": "participant"}).json()
    # Named (only the participants the rows name are read), never their bare ids.
    assert by_participant["rows"] and not any(r["label"].isdigit() for r in by_participant["rows"])
    by_category = api.get("/api/v1/casework/flex/report", {"by": "category"}).json()
    assert {r["label"] for r in by_category["rows"]} == {"Housing", "Phone"}
    csv = world.client(Role.PM).get("/casework/flex/ledger/export/?by=cm")
    assert csv["Content-Type"] == "text/csv" and b"All pools,140.00" in csv.content


@pytest.mark.django_db
def test_it_keeps_other_sites_ledgers_apart(world):
    flex_request(world.beta, world, status="approved", amount="999.00")
    report = world.api(Role.PM).get("/api/v1/casework/flex/report").json()
    assert report["rows"] == [] and Decimal(report["total_all_pools"]) == 0
    theirs = LedgerEntry.objects.get()
    assert _reverse(world, theirs).status_code == 404
