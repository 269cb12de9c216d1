"""The HUD HMIS CSV FY2026 zip: the files, their exact headers in order, the Export row."""

from __future__ import annotations

import csv
import io
import zipfile
from datetime import date

from django.core.management import call_command

from goldenthread.audit.models import AccessEvent
from goldenthread.core.roles import Role
from goldenthread.evaluation import hmis_spec

# The headers, as listed in goldenthread/evaluation/hmis_spec.py from HUD's "HMIS CSV Format
# Specifications FY2026"; spelled out again here so that a slip in either place fails.
EXPECTED_FIRST_COLUMNS = {
    "Export.csv": "ExportID",
    "Organization.csv": "OrganizationID",
    "User.csv": "UserID",
    "Project.csv": "ProjectID",
    "Funder.csv": "FunderID",
    "ProjectCoC.csv": "ProjectCoCID",
    "Client.csv": "PersonalID",
    "Enrollment.csv": "EnrollmentID",
    "Exit.csv": "ExitID",
    "Services.csv": "ServicesID",
    "CurrentLivingSituation.csv": "CurrentLivingSitID",
}
CLIENT = (
    "PersonalID,FirstName,MiddleName,LastName,NameSuffix,NameDataQuality,SSN,SSNDataQuality,"
    "DOB,DOBDataQuality,AmIndAKNative,Asian,BlackAfAmerican,HispanicLatinao,MidEastNAfrican,"
    "NativeHIPacific,White,RaceNone,AdditionalRaceEthnicity,Sex,VeteranStatus,"
    "YearEnteredService,YearSeparated,WorldWarII,KoreanWar,VietnamWar,DesertStorm,"
    "AfghanistanOEF,IraqOIF,IraqOND,OtherTheater,MilitaryBranch,DischargeStatus,DateCreated,"
    "DateUpdated,UserID,DateDeleted,ExportID"
)
EXPORT = (
    "ExportID,SourceType,SourceID,SourceName,SourceContactFirst,SourceContactLast,"
    "SourceContactPhone,SourceContactExtension,SourceContactEmail,ExportDate,ExportStartDate,"
    "ExportEndDate,SoftwareName,SoftwareVersion,CSVVersion,ExportPeriodType,ExportDirective,"
    "HashStatus,ImplementationID"
)


def _zip(content: bytes) -> dict[str, str]:
    with zipfile.ZipFile(io.BytesIO(content)) as z:
        return {name: z.read(name).decode() for name in z.namelist()}


def test_it_writes_every_file_with_the_exact_headers(world):
    world.participant(enrolled_on=date(2025, 10, 1))
    response = world.client(Role.PM).get("/evaluation/exports/hmis/")
    files = _zip(response.content)
    assert set(files) == set(EXPECTED_FIRST_COLUMNS)
    for name, text in files.items():
        header_line = text.split("\r\n", 1)[0]
        assert header_line == ",".join(hmis_spec.HEADERS[name]), name
        assert header_line.split(",")[0] == EXPECTED_FIRST_COLUMNS[name]
        if name != "Export.csv":
            assert header_line.split(",")[-2:] == ["DateDeleted", "ExportID"], name
    assert files["Client.csv"].split("\r\n", 1)[0] == CLIENT
    assert files["Export.csv"].split("\r\n", 1)[0] == EXPORT
    assert "Gender" not in files["Client.csv"] and "Woman" not in files["Client.csv"]


def test_it_fills_the_export_row_and_the_clients(world):
    world.participant(enrolled_on=date(2025, 10, 1))
    files = _zip(world.api(Role.PM).get("/api/v1/evaluation/exports/hmis").content)
    (export,) = csv.DictReader(io.StringIO(files["Export.csv"]))
    assert (export["ExportDirective"], export["HashStatus"], export["CSVVersion"]) == (
        "2",
        "1",
        "2026",
    )
    (client,) = csv.DictReader(io.StringIO(files["Client.csv"]))
    assert (client["FirstName"], client["DOB"], client["Sex"], client["DateDeleted"]) == (
        "Dana",
        "1980-05-17",
        "99",
        "",
    )
    (enrollment,) = csv.DictReader(io.StringIO(files["Enrollment.csv"]))
    assert (enrollment["EntryDate"], enrollment["PersonalID"]) == (
        "2025-10-01",
        client["PersonalID"],
    )
    assert enrollment["ExportID"] == export["ExportID"]
    access = AccessEvent.objects.get(subject_type="exportrecord")
    assert access.categories == ["enrollment_status", "identity"]


def test_it_writes_the_zip_from_the_command_with_hashing(world, tmp_path):
    world.participant(enrolled_on=date(2025, 10, 1))
    out = io.StringIO()
    call_command(
        "export",
        "hmis",
        "--site",
        "alpha",
        "--out",
        str(tmp_path),
        "--hash",
        "sha256",
        "--from",
        "2025-01-01",
        "--to",
        "2025-12-31",
        stdout=out,
    )
    assert "(1 people)" in out.getvalue()
    files = _zip((tmp_path / "hmis-alpha.zip").read_bytes())
    (export,) = csv.DictReader(io.StringIO(files["Export.csv"]))
    assert export["HashStatus"] == "4"
    (client,) = csv.DictReader(io.StringIO(files["Client.csv"]))
    assert client["FirstName"] != "Dana" and len(client["FirstName"]) == 64


def test_it_leaves_out_enrolments_outside_the_period(world, tmp_path):
    world.participant(enrolled_on=date(2026, 3, 1))
    call_command(
        "export",
        "hmis",
        "--site",
        "alpha",
        "--out",
        str(tmp_path),
        "--to",
        "2025-12-31",
        stdout=io.StringIO(),
    )
    files = _zip((tmp_path / "hmis-alpha.zip").read_bytes())
    assert files["Client.csv"].count("\r\n") == 1  # the header only
