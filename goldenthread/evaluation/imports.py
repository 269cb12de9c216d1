"""The streaming import of legal-system events: the engine behind ``actions.legal_events_import``.

Memory stays flat whatever the file's size: the csv module reads one row at a time, rows are
handled in chunks of ``CHUNK``, and the only thing held whole is the index of the site's people
(which grows with people, not with rows). Two passes over the file:

1. **validate**: every row is parsed and matched; progress is committed as it goes, so the UI
   can show it. Any error ends the run here with nothing written.
2. **write**: inside one transaction, each chunk is compared with what is stored under its
   natural key (source, external key): new rows are created, changed rows updated, unchanged
   rows left alone. A duplicate key anywhere in the file fails the batch and rolls it all back.
"""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import IO, Any

from django.db import connection
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from goldenthread.core.crypto import identifier_hash, identifier_hashes
from goldenthread.core.models import Person
from goldenthread.evaluation import rules
from goldenthread.evaluation.models import ImportRun, LegalSource, LegalSystemEvent, MatchReview

CHUNK = 2000
MAX_ERRORS = 200
Progress = Callable[[int], None]

EVENT_FIELDS = (
    "kind",
    "incident_date",
    "filed_on",
    "released_on",
    "charge_level",
    "on_warrant",
    "sentence",
    "subject_first_name",
    "subject_last_name",
    "subject_dob",
    "fingerprint",
    "person",
    "last_run",
    "external_key_hash",
)


class ImportFailed(Exception):
    def __init__(self, errors: list[rules.RowError]) -> None:
        super().__init__(f"{len(errors)} error(s)")
        self.errors = errors


@dataclass
class Counts:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    review: int = 0


class PersonIndex:
    """The site's people, blocked by date of birth and the start of the last name, so each
    row is scored against a handful of candidates, not everyone."""

    # How many distinct identities (first, last, date of birth) keep their match. A feed
    # names the same people again and again, and each row is matched twice (validate, write).
    REMEMBER = 50_000

    def __init__(self, site_id: int) -> None:
        self.blocks: dict[str, list[rules.Candidate]] = defaultdict(list)
        self.known: dict[tuple[str, str, date, float, float], rules.Match] = {}
        people = Person.objects.filter(site_id=site_id).values_list(
            "pk", "first_name", "last_name", "date_of_birth", "aliases"
        )
        for pk, first, last, dob, aliases in people.iterator(chunk_size=5000):
            cand = rules.Candidate(pk, first, last, dob, tuple(str(a) for a in aliases or ()))
            for key in rules.blocking_keys(last, dob):
                self.blocks[key].append(cand)

    def match(self, row: rules.EventRow, source: LegalSource) -> rules.Match:
        key = (
            row.first_name,
            row.last_name,
            row.date_of_birth,
            source.auto_match,
            source.review_match,
        )
        found = self.known.get(key)
        if found is None:
            found = self._score(row, source)
            if len(self.known) >= self.REMEMBER:
                self.known.clear()  # flat memory: start again rather than grow
            self.known[key] = found
        return found

    def _score(self, row: rules.EventRow, source: LegalSource) -> rules.Match:
        seen: dict[int, rules.Candidate] = {}
        for key in rules.blocking_keys(row.last_name, row.date_of_birth):
            for cand in self.blocks.get(key, ()):
                seen[cand.person_id] = cand
        scores = [
            (pk, rules.match_score(row.first_name, row.last_name, row.date_of_birth, c))
            for pk, c in seen.items()
        ]
        return rules.classify_match(scores, auto=source.auto_match, review=source.review_match)


def _text(stream: IO[bytes]) -> io.TextIOWrapper:
    # utf-8-sig: spreadsheets often start a UTF-8 file with a byte-order mark.
    return io.TextIOWrapper(stream, encoding="utf-8-sig", newline="")


def rows(
    stream: IO[bytes], source: LegalSource
) -> Iterator[tuple[int, rules.EventRow | None, list[rules.RowError]]]:
    """Each data row, parsed: (row number, the row or None, its errors). File-level problems
    (empty file, wrong encoding, missing columns) come as errors on row 0 or 1 and stop it."""
    text = _text(stream)
    reader = csv.reader(text)
    number = 1
    try:
        header = next(reader, None)
        if header is None:
            yield 0, None, [rules.RowError(0, "file", "the file is empty (0 bytes)")]
            return
        missing = rules.missing_columns(header, source.column_map, _fixed_kind(source))
        if missing:
            yield 1, None, missing
            return
        names = [h.strip() for h in header]
        for number, values in enumerate(reader, start=2):
            if not any(v.strip() for v in values):
                continue
            raw = dict(zip(names, values, strict=False))
            row, errors = rules.parse_row(
                raw,
                row=number,
                column_map=source.column_map,
                date_format=source.date_format,
                value_map=source.value_map,
                fixed_kind=_fixed_kind(source),
            )
            yield number, row, errors
    except UnicodeDecodeError as exc:
        message = f"is not UTF-8 text (byte 0x{exc.object[exc.start]:02x}); save it as UTF-8 CSV"
        yield number + 1, None, [rules.RowError(number + 1, "file", message)]
    except csv.Error as exc:
        yield number + 1, None, [rules.RowError(number + 1, "file", f"is not valid CSV ({exc})")]


def _fixed_kind(source: LegalSource) -> str:
    return str(source.value_map.get("fixed_kind", "")) if source.value_map else ""


def count_rows(path: Path) -> int:
    """Data rows in the file (streamed; quoted newlines handled by the csv module)."""
    with path.open("rb") as stream:
        try:
            return max(sum(1 for _ in csv.reader(_text(stream))) - 1, 0)
        except (UnicodeDecodeError, csv.Error):
            return 0


def validate(
    path: Path, source: LegalSource, index: PersonIndex, progress: Progress | None = None
) -> list[rules.RowError]:
    """Pass 1: every row's errors, including a subject who matches no one."""
    errors: list[rules.RowError] = []
    done = 0
    with path.open("rb") as stream:
        for number, row, row_errors in rows(stream, source):
            errors += row_errors
            if row is not None and index.match(row, source).status == "none":
                who = f"{row.first_name} {row.last_name}, born {row.date_of_birth}"
                errors.append(rules.RowError(number, "person", f"no one here matches {who}"))
            done += 1
            if progress and done % CHUNK == 0:
                progress(done)
            if len(errors) >= MAX_ERRORS:
                break
    if progress:
        progress(done)
    return errors


# On PostgreSQL, each key's event is found by its own probe of the natural key's index
# (site, source, key hash): a lateral subquery with LIMIT 1 (the key is unique) cannot be
# turned into one scan of the source's events. As ``key_hash IN (2,000 values)`` it was, where
# the statistics (refreshed by _refresh_statistics) undercounted the source being imported:
# each chunk's lookup then compared every event of the source with every value, 4.3 s a chunk
# at 460,000 events (a prepared statement's list is not hashed), and a 1,000,000-row import
# ran for hours. With it: 22 ms a chunk of 2,000 keys at 100,000 events of the source.
_BY_KEY_HASH = (
    "SELECT e.* FROM unnest(%s::varchar[]) AS wanted(key_hash) CROSS JOIN LATERAL ("
    "SELECT * FROM {table} AS one WHERE one.site_id = %s AND one.source_id = %s "
    "AND one.external_key_hash = wanted.key_hash LIMIT 1) AS e"
)


def _stored(site_id: int, source_id: int, hashes: list[str]) -> Iterator[LegalSystemEvent]:
    """The source's stored events whose key hash is one of ``hashes`` (those of a chunk's
    keys), each once."""
    if connection.vendor != "postgresql":
        yield from LegalSystemEvent.objects.filter(
            site_id=site_id, source_id=source_id, external_key_hash__in=hashes
        )
        return
    seen: set[int] = set()
    sql = _BY_KEY_HASH.format(table=connection.ops.quote_name(LegalSystemEvent._meta.db_table))
    for event in LegalSystemEvent.objects.raw(sql, [hashes, site_id, source_id]):
        if event.pk not in seen:  # a key hashed under two keys' hashes is found once
            seen.add(event.pk)
            yield event


@dataclass
class _Writer:
    run: ImportRun
    source: LegalSource
    index: PersonIndex
    counts: Counts = field(default_factory=Counts)
    errors: list[rules.RowError] = field(default_factory=list)

    def chunk(self, batch: list[tuple[int, rules.EventRow]]) -> None:
        # The key is stored only encrypted; it is looked up by its keyed hash, under every
        # configured hash key (a record hashed under an older one is re-hashed on update).
        hashes = [h for _, r in batch for h in identifier_hashes(r.external_key)]
        stored = {e.external_key: e for e in _stored(self.run.site_id, self.source.pk, hashes)}
        first_row: dict[str, int] = {}
        new: list[LegalSystemEvent] = []
        changed: list[LegalSystemEvent] = []
        untouched: list[int] = []
        reviews: list[tuple[LegalSystemEvent, rules.Match]] = []
        for number, row in batch:
            key = row.external_key
            old = stored.get(key)
            if key in first_row or (old is not None and old.last_run_id == self.run.pk):
                where = f"row {first_row[key]}" if key in first_row else "an earlier row"
                self.errors.append(
                    rules.RowError(number, "external_key", f"{key!r} repeats {where}")
                )
                continue
            first_row[key] = number
            digest = row.fingerprint()
            if old is not None and old.fingerprint == digest:
                untouched.append(old.pk)
                continue
            event = old or LegalSystemEvent(
                site_id=self.run.site_id, source=self.source, external_key=key
            )
            same_identity = old is not None and (
                (old.subject_first_name, old.subject_last_name, old.subject_dob)
                == (row.first_name, row.last_name, row.date_of_birth)
            )
            self._fill(event, row, digest)
            if not same_identity:
                match = self.index.match(row, self.source)
                event.person_id = match.person_id
                if match.status == "review":
                    reviews.append((event, match))
            (changed if old is not None else new).append(event)
        if new:
            bulk_create_with_history(new, LegalSystemEvent, batch_size=CHUNK)
            self.counts.created += len(new)
        if changed:
            bulk_update_with_history(changed, LegalSystemEvent, EVENT_FIELDS, batch_size=CHUNK)
            self.counts.updated += len(changed)
        if untouched:
            # Bookkeeping only (no history, no domain change): lets a later chunk see that
            # this key was already in the file.
            LegalSystemEvent.objects.filter(pk__in=untouched).update(last_run=self.run)
            self.counts.unchanged += len(untouched)
        self._queue(reviews)

    def _fill(self, event: LegalSystemEvent, row: rules.EventRow, digest: str) -> None:
        event.kind = row.kind
        event.incident_date = row.incident_date
        event.filed_on = row.filed_on
        event.released_on = row.released_on
        event.charge_level = row.charge_level
        event.on_warrant = row.on_warrant
        event.sentence = row.sentence
        event.subject_first_name = row.first_name
        event.subject_last_name = row.last_name
        event.subject_dob = row.date_of_birth
        event.fingerprint = digest
        event.last_run = self.run
        event.external_key_hash = identifier_hash(event.external_key)

    def _queue(self, reviews: list[tuple[LegalSystemEvent, rules.Match]]) -> None:
        if not reviews:
            return
        MatchReview.objects.filter(event__in=[e for e, _ in reviews]).delete()
        MatchReview.objects.bulk_create(
            MatchReview(
                site_id=self.run.site_id,
                event=event,
                candidates=[{"person_id": p, "score": s} for p, s in match.candidates],
            )
            for event, match in reviews
        )
        self.counts.review += len(reviews)


# How many chunks between refreshes of the planner's statistics during a large import.
ANALYZE_EVERY = 50


def _refresh_statistics() -> None:
    """On PostgreSQL, let the planner know how many events there are, this import's own
    included (ANALYZE in a transaction counts the rows it inserted). Without it, a table whose
    statistics are stale (autovacuum off or behind) got a plan for the per-chunk lookup that
    read every event of the source: 6.2 s per 2,000-row chunk at 1,000,000 events, against a
    millisecond by the natural-key index."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            table = connection.ops.quote_name(LegalSystemEvent._meta.db_table)
            cursor.execute(f"ANALYZE {table}")


def write(
    path: Path, run: ImportRun, source: LegalSource, index: PersonIndex, progress: Progress | None
) -> Counts:
    """Pass 2, to be called inside a transaction: raises ImportFailed to roll it all back."""
    writer = _Writer(run, source, index)
    batch: list[tuple[int, rules.EventRow]] = []
    done = 0
    _refresh_statistics()
    with path.open("rb") as stream:
        for number, row, _ in rows(stream, source):
            if row is None:
                continue
            batch.append((number, row))
            if len(batch) >= CHUNK:
                if done and done % (CHUNK * ANALYZE_EVERY) == 0:
                    _refresh_statistics()
                writer.chunk(batch)
                done += len(batch)
                batch = []
                if progress:
                    progress(done)
        if batch:
            writer.chunk(batch)
            done += len(batch)
    if progress:
        progress(done)
    if writer.errors:
        raise ImportFailed(writer.errors[:MAX_ERRORS])
    return writer.counts


def errors_json(errors: list[rules.RowError]) -> list[dict[str, Any]]:
    return [{"row": e.row, "field": e.field, "message": e.message} for e in errors[:MAX_ERRORS]]
