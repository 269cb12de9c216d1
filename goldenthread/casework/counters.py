"""The contact counters (``ContactMonth``): every contact written adds one to its participant's
month, every contact removed takes one away, and a bulk load recounts. The app writes contacts
one at a time (``actions.contact_log``; the demo and tests through the ORM as well), so the
counter follows ``post_save``/``post_delete`` rather than each writer: none can forget it.
Contacts are not edited after they are logged; a contact saved again changes no count."""

from __future__ import annotations

from collections import Counter
from datetime import date, tzinfo
from typing import Any

from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone

from goldenthread.casework import rules
from goldenthread.casework.models import Contact, ContactMonth
from goldenthread.core.bulk import insert_rows
from goldenthread.core.models import Site


def _add(site_id: int, participant_id: int, month: date, n: int) -> None:
    table = connection.ops.quote_name(ContactMonth._meta.db_table)
    # One statement, so two contacts logged at once for the same month both count (an
    # update-then-insert would lose one of them to the other's insert).
    sql = (
        f"INSERT INTO {table} "  # noqa: S608  # nosec B608
        "(site_id, participant_id, month, contacts, created_at, updated_at) "
        "VALUES (%s, %s, %s, %s, %s, %s) ON CONFLICT (participant_id, month) DO UPDATE "
        f"SET contacts = {table}.contacts + excluded.contacts, updated_at = excluded.updated_at"
    )
    now = timezone.now()
    with connection.cursor() as cursor:
        cursor.execute(sql, [site_id, participant_id, month, n, now, now])


def _zone(contact: Contact) -> tzinfo:
    """The site's zone: from the site the contact was made with when it is at hand (the
    actions pass the actor's), else read."""
    if Contact.site.is_cached(contact):  # type: ignore[attr-defined]
        return contact.site.tz
    return Site.objects.only("time_zone").get(pk=contact.site_id).tz


def counted(sender: Any, instance: Contact, created: bool, raw: bool = False, **kw: Any) -> None:
    if created and not raw:
        month = rules.contact_month(instance.occurred_at, _zone(instance))
        _add(instance.site_id, instance.participant_id, month, 1)


def uncounted(sender: Any, instance: Contact, **kw: Any) -> None:
    month = rules.contact_month(instance.occurred_at, _zone(instance))
    found = ContactMonth.objects.filter(participant_id=instance.participant_id, month=month)
    # The last contact of the month takes its row; otherwise one fewer (in this order: a row
    # taken down to 1 first would then be taken away).
    if not found.filter(contacts__lte=1).delete()[0]:
        found.update(contacts=F("contacts") - 1)


def recount(site: Site) -> int:
    """Count a site's contacts afresh (after a bulk load, which sends no signals): its
    counters are replaced in one transaction. Returns how many counter rows it holds."""
    rows = Contact.objects.filter(site=site).values_list("participant_id", "occurred_at")
    zone = site.tz
    counts = Counter(
        (pid, rules.contact_month(at, zone)) for pid, at in rows.iterator(chunk_size=20_000)
    )
    with transaction.atomic():
        ContactMonth.objects.filter(site=site).delete()
        insert_rows(
            ContactMonth,
            (
                {"site_id": site.pk, "participant_id": pid, "month": month, "contacts": n}
                for (pid, month), n in counts.items()
            ),
        )
    return len(counts)
