"""The HUD HMIS CSV FY2026 zip: the files, their exact headers in order, the Export row."""

from __future__ import annotations

import csv
import io
import tracemalloc
import zipfile
from datetime import date

from django.core.management import call_command

from goldenthread.audit.models import AccessEvent
from goldenthread.casework.rules import status_choices
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
    "Inventory.csv": "InventoryID",
    "IncomeBenefits.csv": "IncomeBenefitsID",
    "HealthAndDV.csv": "HealthAndDVID",
    "EmploymentEducation.csv": "EmploymentEducationID",
    "Disabilities.csv": "DisabilitiesID",
    "Assessment.csv": "AssessmentID",
    "Event.csv": "EventID",
}
CLIENT = (
    "PersonalID,FirstName,MiddleName,LastName,NameSuffix,NameDataQuality,SSN,SSNDataQuality,"
    "DOB,DOBDataQuality,Sex,AmIndAKNative,Asian,BlackAfAmerican,HispanicLatinao,MidEastNAfrican,"
    "NativeHIPacific,White,RaceNone,AdditionalRaceEthnicity,VeteranStatus,"
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
ENROLLMENT_END = (
    "CoCPrioritized,HPScreeningScore,ThresholdScore,MentalHealthConsultation,DateCreated,"
    "DateUpdated,UserID,DateDeleted,ExportID"
)
DISABILITIES = (
    "DisabilitiesID,EnrollmentID,PersonalID,InformationDate,DisabilityType,DisabilityResponse,"
    "IndefiniteAndImpairs,TCellCountAvailable,TCellCount,TCellSource,ViralLoadAvailable,"
    "ViralLoad,ViralLoadSource,AntiRetroviral,DataCollectionStage,DateCreated,DateUpdated,"
    "UserID,DateDeleted,ExportID"
)
EMPLOYMENT = (
    "EmploymentEducationID,EnrollmentID,PersonalID,InformationDate,LastGradeCompleted,"
    "SchoolStatus,Employed,EmploymentType,NotEmployedReason,DataCollectionStage,DateCreated,"
    "DateUpdated,UserID,DateDeleted,ExportID"
)

INCOME_BENEFITS_INSURANCE = (
    "InsuranceFromAnySource,Medicaid,NoMedicaidReason,Medicare,NoMedicareReason,SCHIP,"
    "NoSCHIPReason,VHAServices,NoVHAReason,EmployerProvided,NoEmployerProvidedReason,COBRA,"
    "NoCOBRAReason,PrivatePay,NoPrivatePayReason,StateHealthIns,NoStateHealthInsReason,"
    "IndianHealthServices,NoIndianHealthServicesReason,OtherInsurance,OtherInsuranceIdentify,"
    "ADAP,NoADAPReason,RyanWhiteMedDent,NoRyanWhiteReason,ConnectionWithSOAR,"
    "DataCollectionStage,DateCreated,DateUpdated,UserID,DateDeleted,ExportID"
)
# Our housing scale -> HUD FY2026 4.12 CurrentLivingSituation (list 3.12.1), and why.
HOUSING_TO_CURRENT_LIVING_SITUATION = [
    ("unsheltered", "116"),  # place not meant for habitation
    ("sheltered", "101"),  # emergency shelter
    ("temporary", "17"),  # other: which temporary place (3xx) is not recorded
    ("permanent", "17"),  # other: rented or owned, subsidy or not (4xx) is not recorded
]


def _zip(content: bytes) -> dict[str, str]:
    with zipfile.ZipFile(io.BytesIO(content)) as z:
        return {name: z.read(name).decode() for name in z.namelist()}


def test_it_writes_every_file_with_the_exact_headers(world):
    world.participant(enrolled_on=date(2025, 10, 1))
    response = world.client(Role.PM).get("/evaluation/exports/hmis/")
    files = _zip(response.getvalue())
    notice = files.pop("NOTICE.txt")
    assert "42 CFR part 2 prohibits unauthorized disclosure of these records." in notice
    assert set(files) == set(EXPECTED_FIRST_COLUMNS) == set(hmis_spec.FILES)
    for name, text in files.items():
        header_line = text.split("\r\n", 1)[0]
        assert header_line == ",".join(hmis_spec.HEADERS[name]), name
        assert header_line.split(",")[0] == EXPECTED_FIRST_COLUMNS[name]
        if name != "Export.csv":
            assert header_line.split(",")[-2:] == ["DateDeleted", "ExportID"], name
    assert files["Client.csv"].split("\r\n", 1)[0] == CLIENT
    assert files["Export.csv"].split("\r\n", 1)[0] == EXPORT
    assert files["Enrollment.csv"].split("\r\n", 1)[0].endswith(ENROLLMENT_END)
    assert "SexualOrientation" not in files["Enrollment.csv"]
    assert files["Disabilities.csv"].split("\r\n", 1)[0] == DISABILITIES
    assert files["EmploymentEducation.csv"].split("\r\n", 1)[0] == EMPLOYMENT
    assert files["IncomeBenefits.csv"].split("\r\n", 1)[0].endswith(INCOME_BENEFITS_INSURANCE)
    assert "WorkplaceViolenceThreats" in files["Exit.csv"]
    assert "Gender" not in files["Client.csv"] and "Woman" not in files["Client.csv"]


def test_it_fills_the_export_row_and_the_clients(world):
    world.participant(enrolled_on=date(2025, 10, 1))
    files = _zip(world.api(Role.PM).get("/api/v1/evaluation/exports/hmis").getvalue())
    (export,) = csv.DictReader(io.StringIO(files["Export.csv"]))
    assert (export["ExportDirective"], export["HashStatus"], export["CSVVersion"]) == (
        "2",
        "1",
        "2026 v1.0",
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
    assert sorted(access.categories) == ["enrollment_status", "health", "identity", "plan_goals"]


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


def _status(world, p, domain, value, on, *, site=None, at_intake=False):
    from goldenthread.casework.models import StatusRecord

    where = site or world.alpha
    StatusRecord.objects.create(
        site=where.site,
        participant=p,
        domain=domain,
        value=value,
        recorded_on=on,
        at_intake=at_intake,
        recorded_by=where.users[Role.CM],
    )


def _rows(files: dict[str, str], name: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(files[name])))


def test_it_fills_living_situation_income_and_employment_from_casework_status(world):
    p = world.participant(enrolled_on=date(2025, 10, 1))
    _status(world, p, "housing", "unsheltered", date(2025, 10, 1), at_intake=True)
    _status(world, p, "housing", "sheltered", date(2025, 11, 3))
    _status(world, p, "income", "earned", date(2025, 11, 3))
    _status(world, p, "coverage", "public", date(2025, 11, 4))
    _status(world, p, "employment", "part_time", date(2025, 11, 5))
    _status(world, p, "housing", "permanent", date(2024, 1, 5))  # before the period
    other = world.participant(site=world.beta, enrolled_on=date(2025, 10, 1))
    _status(world, other, "housing", "sheltered", date(2025, 11, 3), site=world.beta)
    files = _zip(
        world.api(Role.PM).get("/api/v1/evaluation/exports/hmis?start=2025-10-01").getvalue()
    )
    (enrollment,) = _rows(files, "Enrollment.csv")
    cls = _rows(files, "CurrentLivingSituation.csv")
    assert [(r["InformationDate"], r["CurrentLivingSituation"]) for r in cls] == [
        ("2025-10-01", "116"),
        ("2025-11-03", "101"),
    ]
    assert {r["EnrollmentID"] for r in cls} == {enrollment["EnrollmentID"]}
    assert {r["PersonalID"] for r in cls} == {enrollment["PersonalID"]}
    income, coverage = _rows(files, "IncomeBenefits.csv")
    assert (income["IncomeFromAnySource"], income["Earned"], income["DataCollectionStage"]) == (
        "1",
        "1",
        "2",
    )
    assert (coverage["InsuranceFromAnySource"], coverage["Medicaid"]) == ("1", "")
    (work,) = _rows(files, "EmploymentEducation.csv")
    assert (work["Employed"], work["EmploymentType"], work["InformationDate"]) == (
        "1",
        "2",
        "2025-11-05",
    )
    for name in ("Inventory.csv", "HealthAndDV.csv", "Disabilities.csv", "Services.csv"):
        assert _rows(files, name) == [], name  # nothing we hold maps to these


def test_the_housing_table_covers_our_scale_with_codes_hud_allows_in_4_12():
    assert [value for value, _ in HOUSING_TO_CURRENT_LIVING_SITUATION] == list(
        status_choices("housing")
    )
    assert {value: str(code) for value, code in hmis_spec.LIVING_SITUATION.items()} == dict(
        HOUSING_TO_CURRENT_LIVING_SITUATION
    )
    assert set(hmis_spec.LIVING_SITUATION.values()) <= hmis_spec.CURRENT_LIVING_SITUATION_CODES
    # Destination-only codes (staying with family/friends by tenure) are not valid in 4.12.
    assert not {312, 313, 422, 423} & hmis_spec.CURRENT_LIVING_SITUATION_CODES


def test_each_housing_status_is_written_as_its_hud_current_living_situation(world):
    p = world.participant(enrolled_on=date(2025, 10, 1))
    for day, (value, _) in enumerate(HOUSING_TO_CURRENT_LIVING_SITUATION, start=1):
        _status(world, p, "housing", value, date(2025, 11, day))
    files = _zip(
        world.api(Role.PM).get("/api/v1/evaluation/exports/hmis?start=2025-10-01").getvalue()
    )
    rows = _rows(files, "CurrentLivingSituation.csv")
    assert [
        (r["InformationDate"], r["CurrentLivingSituation"], r["CLSSubsidyType"]) for r in rows
    ] == [
        (f"2025-11-0{day}", code, "")
        for day, (_, code) in enumerate(HOUSING_TO_CURRENT_LIVING_SITUATION, start=1)
    ]


def test_the_download_page_shows_the_part2_notice_to_the_pm_only(world):
    page = world.client(Role.PM).get("/evaluation/").content.decode()
    assert "42 CFR part 2 prohibits unauthorized disclosure" in page
    page = world.client(Role.EVALUATOR).get("/evaluation/").content.decode()
    assert "42 CFR part 2" not in page
    world.participant(enrolled_on=date(2025, 10, 1))
    response = world.api(Role.PM).get("/api/v1/evaluation/exports/hmis")
    assert response["X-Part2-Notice"].startswith("42 CFR part 2")


def _peak_of_export(tmp_path) -> int:
    tracemalloc.start()
    try:
        call_command(
            "export", "hmis", "--site", "alpha", "--out", str(tmp_path), stdout=io.StringIO()
        )
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_its_memory_stays_flat_as_the_status_records_grow(world, tmp_path):
    # The export streams: status records are read in chunks and each row goes to its file on
    # disk, so five times the records must not take five times the memory (building the
    # files in memory, as it once did, took about that).
    from goldenthread.casework.models import StatusRecord

    people = [world.participant(enrolled_on=date(2025, 10, 1)) for _ in range(3)]

    def add(n: int) -> None:
        StatusRecord.objects.bulk_create(
            StatusRecord(
                site=world.alpha.site,
                participant=people[i % 3],
                domain="housing",
                value=("sheltered", "unsheltered", "permanent")[i % 3],
                recorded_on=date(2026, 1, 1 + i % 28),
                recorded_by=world.alpha.users[Role.CM],
            )
            for i in range(n)
        )

    add(3000)
    small = _peak_of_export(tmp_path)
    add(12000)
    large = _peak_of_export(tmp_path)
    rows = _rows(_zip((tmp_path / "hmis-alpha.zip").read_bytes()), "CurrentLivingSituation.csv")
    assert len(rows) == 15000
    assert large < small * 1.5, (small, large)
