"""Building the two export bundles: the de-identified evaluation bundle (the only data an
evaluator may take away) and the HUD HMIS CSV FY2026 zip for the Continuum of Care.
Both are reads with a permission check; both leave an ExportRecord and an audit event, and the
identified one an access-log row too.

Each bundle is written to a temporary file, not built in memory, and handed back at its start
(``response`` streams it to the browser; the command copies it). The HMIS export streams
throughout: participants and status records are read in chunks and each row goes to its CSV
file on disk as it is made, so its memory stays flat however many records a site has."""

from __future__ import annotations

import csv
import hashlib
import io
import tempfile
import zipfile
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from pathlib import Path
from typing import IO, Any

from django.http import FileResponse
from django.utils import timezone

from goldenthread.access.actor import Actor, Refused
from goldenthread.access.policy import Category
from goldenthread.audit.actions import access_record
from goldenthread.casework import queries as casework_queries
from goldenthread.core.models import Agency, Participant
from goldenthread.disclosures.rules import PART2_NOTICE
from goldenthread.evaluation import actions, hmis_spec, queries, rules
from goldenthread.evaluation.models import EvaluationConfig, ExportRecord, LegalSystemEvent

DEID_FILES: dict[str, tuple[tuple[str, str], ...]] = {
    "people.csv": (
        ("pid", "pseudonymous id: HMAC-SHA256 of the person under the site's secret"),
        ("group", "lead or comparison"),
        ("entry_year", "calendar year of evaluation entry (enrolment, or the comparison date)"),
        ("age_band", "age at entry in five-year bands, 65+ top-coded"),
    ),
    "events.csv": (
        ("pid", "pseudonymous id (as in people.csv)"),
        ("kind", "arrest, booking, release, charge, filing, warrant or conviction"),
        ("study_day", "days from the person's evaluation entry (negative = before)"),
        ("charge_level", "felony, gross_misdemeanor, misdemeanor, infraction or blank"),
        ("on_warrant", "1 if the arrest was on a warrant"),
        ("jail_days", "for bookings: days from booking to release, the booking day counted"),
        ("sentence", "for convictions: jail, prison, probation, none or blank"),
        ("source_kind", "police, jail or court"),
    ),
    "measures.csv": (
        ("pid", "pseudonymous id (as in people.csv)"),
        ("window", "six_months or long_term"),
        ("period", "before or after evaluation entry"),
        ("days_observed", "days of the window inside the data"),
        *((m, f"count of {m.replace('_', ' ')} in the window") for m in rules.MEASURES),
        ("jail_days", "jail days in the window"),
    ),
    "indicators.csv": (
        ("pid", "pseudonymous id (as in people.csv); LEAD participants only"),
        (
            "month",
            "0 = the month before the enrolment month, 1 = the enrolment month, up to 18",
        ),
        ("housing", "last casework housing status by the month's end, blank if none yet"),
        ("income", "last casework income-and-benefits status by the month's end"),
        ("employment", "last casework employment status by the month's end"),
        *(
            (name, f"1/0: {label.lower()} (Clifasefi et al. 2017); blank if unknown")
            for name, (label, _, _) in rules.INDICATORS.items()
        ),
    ),
}


def _cells(row: Sequence[Any]) -> list[Any]:
    return [rules.spreadsheet_safe("" if v is None else v) for v in row]


def _csv(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(_cells(row) for row in rows)
    return out.getvalue().encode("utf-8")


def _spooled() -> IO[bytes]:
    """Where a bundle is written: a temporary file (kept in memory while under 1 MB)."""
    return tempfile.SpooledTemporaryFile(max_size=1 << 20)


def response(bundle: IO[bytes], filename: str) -> FileResponse:
    """A bundle as a download, streamed from its file in blocks (the file is closed after)."""
    return FileResponse(
        bundle, as_attachment=True, filename=filename, content_type="application/zip"
    )


class _CsvFiles:
    """The CSV files of a bundle, each written to disk row by row as the rows come (in any
    order between files), then zipped one after another."""

    def __init__(self, headers: dict[str, Sequence[str]]) -> None:
        self._dir = tempfile.TemporaryDirectory(prefix="gt-export-")
        self._files: dict[str, IO[str]] = {}
        self._writers: dict[str, Any] = {}
        for name, header in headers.items():
            out = (Path(self._dir.name) / name).open("w", encoding="utf-8", newline="")
            self._files[name] = out
            self._writers[name] = csv.writer(out, lineterminator="\r\n")
            self._writers[name].writerow(header)

    def add(self, name: str, row: Sequence[Any]) -> None:
        self._writers[name].writerow(_cells(row))

    def zip_into(self, bundle: zipfile.ZipFile) -> None:
        for name, out in self._files.items():
            out.close()
            with (
                (Path(self._dir.name) / name).open("rb") as source,
                bundle.open(name, "w") as target,
            ):
                while block := source.read(1 << 16):
                    target.write(block)

    def close(self) -> None:
        for out in self._files.values():
            out.close()
        self._dir.cleanup()


# ---------------------------------------------------------------- de-identified bundle


def _dictionary() -> bytes:
    rows = [(f, col, meaning) for f, cols in DEID_FILES.items() for col, meaning in cols]
    return _csv(("file", "column", "meaning"), rows)


README = """De-identified evaluation bundle (Golden Thread)

No names, identifiers, addresses, free text or calendar dates are in these files.
People are known by a pseudonymous id (a keyed hash, HMAC-SHA256, under a secret held by the
site); the same person has the same id in every bundle from this site. Event dates are given as
study days relative to each person's evaluation entry; entry is given as a year and age as a
five-year band. See data_dictionary.csv for every column.
"""


# People handled at a time by the de-identified export: their events, measures and monthly
# indicators are made and written, then let go, so its memory stays flat as a site grows.
DEID_CHUNK = 2000


def deidentified_bundle(actor: Actor) -> tuple[IO[bytes], int]:
    """The zip (a temporary file, at its start) and the number of people in it. Streamed: the
    cohort is taken ``DEID_CHUNK`` people at a time (their events, the measures made from
    them and their monthly indicators), each row written to its CSV file on disk as it is
    made; what stays in memory is a pseudonym and an entry date a person."""
    actor.require("evaluation.export_deid")
    config = actions.config_for_site(actor.site_id)
    key = bytes.fromhex(config.pseudonym_key)
    people = queries.cohort_people(actor.site_id)
    pid = {p: rules.pseudonym(key, p) for p, *_ in people}
    until = actor.site.today()
    files = _CsvFiles({name: [c for c, _ in columns] for name, columns in DEID_FILES.items()})
    try:
        for p, treated, entry, dob in people:
            files.add(
                "people.csv",
                (
                    pid[p],
                    "lead" if treated else "comparison",
                    entry.year,
                    rules.age_band(dob, entry),
                ),
            )
        for start in range(0, len(people), DEID_CHUNK):
            chunk = people[start : start + DEID_CHUNK]
            _deid_events(actor, files, chunk, pid)
            _deid_measures(actor, files, chunk, pid, config, until)
            indicators = queries.monthly_indicators(
                actor,
                permission="evaluation.export_deid",
                until=until,
                person_ids=[p for p, treated, _, _ in chunk if treated],
            )
            for person, rows in indicators.items():
                for r in rows:
                    files.add(
                        "indicators.csv",
                        (
                            pid[person],
                            r["month"],
                            *(r[d] for d in rules.INDICATOR_DOMAINS),
                            *(r[name] for name in rules.INDICATORS),
                        ),
                    )
        buffer = _spooled()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as bundle:
            bundle.writestr("README.txt", README)
            bundle.writestr("data_dictionary.csv", _dictionary())
            files.zip_into(bundle)
    finally:
        files.close()
    filename = f"evaluation-{actor.site.slug}-{actor.site.today():%Y%m%d}.zip"
    actions.export_record(
        actor=actor, kind=ExportRecord.Kind.DEIDENTIFIED, people=len(people), filename=filename
    )
    buffer.seek(0)
    return buffer, len(people)


def _deid_events(
    actor: Actor, files: _CsvFiles, chunk: queries.Cohort, pid: dict[int, str]
) -> None:
    entry_of = {p: e for p, _, e, _ in chunk}
    events = LegalSystemEvent.objects.filter(
        site_id=actor.site_id, person_id__in=list(entry_of)
    ).values_list(
        "person_id",
        "kind",
        "incident_date",
        "filed_on",
        "released_on",
        "charge_level",
        "on_warrant",
        "sentence",
        "source__kind",
    )
    for (
        p,
        kind,
        incident,
        filed,
        released,
        level,
        warrant,
        sentence,
        source_kind,
    ) in events.iterator(chunk_size=5000):
        on = queries._event_date(kind, incident, filed)
        jail = rules.jail_days_in([rules.Event(kind, on, released_on=released)], on, date.max)
        files.add(
            "events.csv",
            (
                pid[p],
                kind,
                rules.study_day(entry_of[p], on),
                level,
                int(warrant),
                jail if kind == "booking" else "",
                sentence,
                source_kind,
            ),
        )


def _deid_measures(
    actor: Actor,
    files: _CsvFiles,
    chunk: queries.Cohort,
    pid: dict[int, str],
    config: EvaluationConfig,
    until: date,
) -> None:
    for subject in queries.subjects_of(actor.site_id, chunk):
        for label, days in (
            ("six_months", config.window_days),
            ("long_term", config.long_term_days),
        ):
            for after in (False, True):
                m = rules.person_measures(subject, days, after=after, until=until)
                files.add(
                    "measures.csv",
                    (
                        pid[int(subject.key)],
                        label,
                        "after" if after else "before",
                        m["days"],
                        *(m[name] for name in rules.MEASURES),
                        m["jail_days"],
                    ),
                )


# ---------------------------------------------------------------- HUD HMIS CSV


def _d(value: date | None) -> str:
    return value.strftime(hmis_spec.DATE) if value else ""


def _ts(value: datetime | None) -> str:
    return timezone.localtime(value).strftime(hmis_spec.TIMESTAMP) if value else ""


def _row(file: str, values: dict[str, Any]) -> list[Any]:
    header = hmis_spec.HEADERS[file]
    unknown = set(values) - set(header)
    if unknown:
        raise KeyError(f"{file} has no column {sorted(unknown)[0]}")
    return [values.get(column, "") for column in header]


def _hashed(value: str, hashing: bool) -> str:
    if not hashing or not value:
        return value
    return hashlib.sha256(value.strip().upper().encode()).hexdigest()


# What the HMIS zip holds: identities, enrolment, the casework status records behind
# CurrentLivingSituation, IncomeBenefits and EmploymentEducation, and health-coverage answers.
# Enrolment in a program that treats substance use identifies a patient (42 CFR Part 2), so
# the zip is Part 2 data and carries the §2.32 notice.
HMIS_CATEGORIES = (
    Category.IDENTITY,
    Category.ENROLLMENT_STATUS,
    Category.PLAN_GOALS,
    Category.HEALTH,
)

HMIS_NOTICE = f"""NOTICE (42 CFR 2.32)

{PART2_NOTICE}

This HMIS CSV export contains records of people enrolled in a LEAD program, including
health-coverage answers. Federal law (42 CFR part 2) protects them; disclose them further
only as part 2 permits.
"""


def _status_rows(
    actor: Actor,
    enrolled: dict[int, tuple[str, date | None, date | None]],
    start: date,
    end: date,
    user_id: str,
) -> Iterable[tuple[str, dict[str, Any]]]:
    """CurrentLivingSituation, IncomeBenefits and EmploymentEducation rows from the casework
    status records dated inside the export period (one query for all of them, streamed).
    ``enrolled``: each exported participant's personal id, enrolment and exit dates."""
    history = casework_queries.status_history(
        actor,
        permission="evaluation.export_hmis",
        domains=("housing", "income", "coverage", "employment"),
        between=(start, end),
    )
    for n, (pid, domain, value, on, at_intake) in enumerate(history, start=1):
        if pid not in enrolled:
            continue
        personal_id, enrolled_on, exited_on = enrolled[pid]
        common = {
            "EnrollmentID": str(pid),
            "PersonalID": personal_id,
            "InformationDate": _d(on),
            "DateCreated": _d(on) + " 00:00:00",
            "DateUpdated": _d(on) + " 00:00:00",
            "UserID": user_id,
        }
        stage = (
            hmis_spec.STAGE_PROJECT_START
            if at_intake or on == enrolled_on
            else hmis_spec.STAGE_PROJECT_EXIT
            if on == exited_on
            else hmis_spec.STAGE_UPDATE
        )
        if domain == "housing" and value in hmis_spec.LIVING_SITUATION:
            yield (
                "CurrentLivingSituation.csv",
                {
                    "CurrentLivingSitID": f"CLS{n}",
                    **common,
                    "CurrentLivingSituation": hmis_spec.LIVING_SITUATION[value],
                },
            )
        elif domain == "income" and value in hmis_spec.INCOME:
            yield (
                "IncomeBenefits.csv",
                {
                    "IncomeBenefitsID": f"IB{n}",
                    **common,
                    "InsuranceFromAnySource": hmis_spec.DATA_NOT_COLLECTED,
                    **hmis_spec.INCOME[value],
                    "DataCollectionStage": stage,
                },
            )
        elif domain == "coverage" and value in hmis_spec.INSURANCE:
            yield (
                "IncomeBenefits.csv",
                {
                    "IncomeBenefitsID": f"IB{n}",
                    **common,
                    "IncomeFromAnySource": hmis_spec.DATA_NOT_COLLECTED,
                    "BenefitsFromAnySource": hmis_spec.DATA_NOT_COLLECTED,
                    "InsuranceFromAnySource": hmis_spec.INSURANCE[value],
                    "DataCollectionStage": stage,
                },
            )
        elif domain == "employment" and value in hmis_spec.EMPLOYMENT:
            yield (
                "EmploymentEducation.csv",
                {
                    "EmploymentEducationID": f"EE{n}",
                    **common,
                    **hmis_spec.EMPLOYMENT[value],
                    "DataCollectionStage": stage,
                },
            )


def hmis_bundle(
    actor: Actor, *, start: date | None = None, end: date | None = None, hashing: bool = False
) -> tuple[IO[bytes], int]:
    """The HMIS CSV zip: participants as clients of one Services Only project. Fields we do
    not collect are left empty, or at 99 ("data not collected") where the element requires
    a response. Returns the zip (a temporary file, at its start) and the number of clients.
    Streamed: participants and status records are read in chunks and written to the CSV files
    on disk as they come; what stays in memory is three values a participant."""
    actor.require("evaluation.export_hmis")
    if start and end and start > end:
        raise Refused("the start date is after the end date", field="from")
    now = timezone.now()
    today = actor.site.today()
    start, end = start or date(today.year - 1, 10, 1), end or today
    export_id = f"GT{now:%Y%m%d%H%M%S}"
    org = Agency.objects.filter(site_id=actor.site_id, kind="project_management").first()
    project_id = f"LEAD{actor.site_id}"
    participants = (
        Participant.objects.filter(site_id=actor.site_id, enrolled_on__lte=end)
        .exclude(exited_on__lt=start)
        .select_related("person")
        .order_by("pk")
        .iterator(chunk_size=2000)
    )
    files = _CsvFiles({name: hmis_spec.HEADERS[name] for name in hmis_spec.FILES})
    try:
        buffer = _spooled()
        enrolled = _hmis_rows(
            actor, files, participants, start, end, hashing, now, export_id, org, project_id
        )
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as bundle:
            files.zip_into(bundle)
            bundle.writestr("NOTICE.txt", HMIS_NOTICE)
    finally:
        files.close()
    filename = f"hmis-{actor.site.slug}-{today:%Y%m%d}.zip"
    record = actions.export_record(
        actor=actor, kind=ExportRecord.Kind.HMIS, people=enrolled, filename=filename
    )
    access_record(
        actor=actor,
        subject=record,
        categories=HMIS_CATEGORIES,
        purpose="HMIS export to the Continuum of Care",
    )
    buffer.seek(0)
    return buffer, enrolled


def _hmis_rows(
    actor: Actor,
    files: _CsvFiles,
    participants: Iterable[Participant],
    start: date,
    end: date,
    hashing: bool,
    now: datetime,
    export_id: str,
    org: Agency | None,
    project_id: str,
) -> int:
    """Every row of the HMIS files, written to ``files`` as it is made; returns the number of
    clients."""
    org_id = str(org.pk) if org else "1"
    user_id = str(actor.user_id)
    tail = {"DateCreated": _ts(now), "DateUpdated": _ts(now), "ExportID": export_id}
    files.add(
        "Export.csv",
        _row(
            "Export.csv",
            {
                "ExportID": export_id,
                "SourceType": hmis_spec.SOURCE_DIRECT_SERVICE_PROVIDER,
                "SourceID": actor.site.slug,
                "SourceName": actor.site.name,
                "ExportDate": _ts(now),
                "ExportStartDate": _d(start),
                "ExportEndDate": _d(end),
                "SoftwareName": "Golden Thread",
                "SoftwareVersion": "0.1.0",
                "CSVVersion": hmis_spec.CSV_VERSION,
                "ExportPeriodType": hmis_spec.EXPORT_PERIOD_REPORTING,
                "ExportDirective": hmis_spec.EXPORT_DIRECTIVE_FULL_REFRESH,
                "HashStatus": hmis_spec.HASH_SHA256 if hashing else hmis_spec.HASH_UNHASHED,
            },
        ),
    )
    files.add(
        "Organization.csv",
        _row(
            "Organization.csv",
            {
                "OrganizationID": org_id,
                "OrganizationName": org.name if org else actor.site.name,
                "VictimServiceProvider": 0,
                "UserID": user_id,
                **tail,
            },
        ),
    )
    files.add(
        "User.csv",
        _row(
            "User.csv",
            {
                "UserID": user_id,
                "UserFirstName": actor.user.first_name,
                "UserLastName": actor.user.last_name,
                "UserEmail": actor.user.email,
                **tail,
            },
        ),
    )
    files.add(
        "Project.csv",
        _row(
            "Project.csv",
            {
                "ProjectID": project_id,
                "OrganizationID": org_id,
                "ProjectName": f"LEAD — {actor.site.name}",
                "OperatingStartDate": _d(actor.site.created_at.date()),
                "ContinuumProject": 0,
                "ProjectType": hmis_spec.PROJECT_TYPE_SERVICES_ONLY,
                "UserID": user_id,
                **tail,
            },
        ),
    )
    files.add(
        "Funder.csv",
        _row(
            "Funder.csv",
            {
                "FunderID": f"F{actor.site_id}",
                "ProjectID": project_id,
                "Funder": hmis_spec.FUNDER_LOCAL_OR_OTHER,
                "OtherFunder": "LEAD",
                "StartDate": _d(actor.site.created_at.date()),
                "UserID": user_id,
                **tail,
            },
        ),
    )
    files.add(
        "ProjectCoC.csv",
        _row(
            "ProjectCoC.csv",
            {
                "ProjectCoCID": f"PC{actor.site_id}",
                "ProjectID": project_id,
                "UserID": user_id,
                **tail,
            },
        ),
    )
    enrolled: dict[int, tuple[str, date | None, date | None]] = {}
    for p in participants:
        person = p.person
        personal_id = _hashed(str(person.pk), hashing) if hashing else str(person.pk)
        enrolled[p.pk] = (personal_id, p.enrolled_on, p.exited_on)
        files.add(
            "Client.csv",
            _row(
                "Client.csv",
                {
                    "PersonalID": personal_id,
                    "FirstName": _hashed(person.first_name, hashing),
                    "LastName": _hashed(person.last_name, hashing),
                    "NameDataQuality": hmis_spec.NAME_FULL,
                    "SSNDataQuality": hmis_spec.DATA_NOT_COLLECTED,
                    "DOB": _d(person.date_of_birth),
                    "DOBDataQuality": (
                        hmis_spec.DOB_FULL if person.date_of_birth else hmis_spec.DATA_NOT_COLLECTED
                    ),
                    **dict.fromkeys(
                        (
                            "AmIndAKNative",
                            "Asian",
                            "BlackAfAmerican",
                            "HispanicLatinao",
                            "MidEastNAfrican",
                            "NativeHIPacific",
                            "White",
                        ),
                        0,
                    ),
                    "RaceNone": hmis_spec.DATA_NOT_COLLECTED,
                    "Sex": hmis_spec.DATA_NOT_COLLECTED,
                    "VeteranStatus": hmis_spec.DATA_NOT_COLLECTED,
                    "DateCreated": _ts(person.created_at),
                    "DateUpdated": _ts(person.updated_at),
                    "UserID": user_id,
                    "ExportID": export_id,
                },
            ),
        )
        files.add(
            "Enrollment.csv",
            _row(
                "Enrollment.csv",
                {
                    "EnrollmentID": str(p.pk),
                    "PersonalID": personal_id,
                    "ProjectID": project_id,
                    "EntryDate": _d(p.enrolled_on),
                    "HouseholdID": f"H{p.pk}",
                    "RelationshipToHoH": hmis_spec.RELATIONSHIP_SELF,
                    "LivingSituation": hmis_spec.DATA_NOT_COLLECTED,
                    "DisablingCondition": hmis_spec.DATA_NOT_COLLECTED,
                    "DateCreated": _ts(p.created_at),
                    "DateUpdated": _ts(p.updated_at),
                    "UserID": user_id,
                    "ExportID": export_id,
                },
            ),
        )
        if p.exited_on and p.exited_on <= end:
            files.add(
                "Exit.csv",
                _row(
                    "Exit.csv",
                    {
                        "ExitID": f"X{p.pk}",
                        "EnrollmentID": str(p.pk),
                        "PersonalID": personal_id,
                        "ExitDate": _d(p.exited_on),
                        "Destination": hmis_spec.DATA_NOT_COLLECTED,
                        "DateCreated": _ts(p.updated_at),
                        "DateUpdated": _ts(p.updated_at),
                        "UserID": user_id,
                        "ExportID": export_id,
                    },
                ),
            )
    for name, row in _status_rows(actor, enrolled, start, end, user_id):
        files.add(name, _row(name, {**row, "ExportID": export_id}))
    return len(enrolled)
