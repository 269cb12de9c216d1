"""The HUD HMIS CSV files this export writes, with their headers in order (pure data).

Target: HUD, "HMIS CSV Format Specifications FY2026" (version 1.0, released October 2025, in
force from 1 October 2025). HUD's PDF could not be opened from where this was written; the
lists were checked against a public Markdown transcription of that document (its revision
table, every file's column table, and Appendix B's list 3.12.1) and against two public
implementations that track it:

- FY2024 column lists: Abt Associates' Eva (HUD's HMIS data-quality tool),
  ``public-resources/columns.csv``.
- FY2024 -> FY2026 changes: Green River's HMIS warehouse, driver
  ``hud_twenty_twenty_four_to_twenty_twenty_six`` (its CSV transformer, fixtures and column
  transforms). It copies Organization, User, Project, Funder, ProjectCoC, Inventory, Exit,
  IncomeBenefits, HealthAndDV, EmploymentEducation, Disabilities, CurrentLivingSituation,
  Assessment and Event unchanged, and changes only Export (CSVVersion "2026 v1.0"), Client
  (3.06 Gender columns removed, 4.21 ``Sex`` after ``DOBDataQuality``, ``HispanicLatinaeo``
  renamed ``HispanicLatinao``), Enrollment (``MentalHealthConsultation`` added before
  ``DateCreated``; ``SexualOrientation``, ``SexualOrientationOther``, ``TranslationNeeded``,
  ``PreferredLanguage`` and ``PreferredLanguageDifferent`` retired). Its own FY2026
  Services fixture keeps the FY2024 columns, and so does this list.
- Eva's FY2026 test data renames Disabilities' ``TcellCount``/``TcellSource`` to
  ``TCellCount``/``TCellSource`` to pass HUD's FY2026 machine-readable specification.

IncomeBenefits' 4.04.6 / 4.04.6A are ``VHAServices`` / ``NoVHAReason``. This list first took
``VHAServicesHA`` / ``NoVHAReasonHA`` from Eva's FY2024 columns.csv, which spells them so.
Sources for the FY2026 names: the transcription's IncomeBenefits.csv table (4.04.6
VHAServices, 4.04.6A NoVHAReason, between NoSCHIPReason and EmployerProvided); Green River's
``HmisStructure::IncomeBenefit`` (FY2024 columns ``VHAServices`` / ``NoVHAReason``), whose
FY2026 transformer copies IncomeBenefits.csv unchanged; and the revision table of HUD's FY2026
document, which lists no IncomeBenefits change. The whole IncomeBenefits order below was
re-read against that table, and the other 17 lists against theirs: they match. The
transcription is not HUD's PDF itself (its repository could not be identified): check the
lists against HUD's published document before a CoC submission;
evaluation/tests/test_export_hmis.py pins the export to them.

Headers are case-sensitive PascalCase. Every file except Export.csv ends with ``DateDeleted``
and ``ExportID``. Export.csv has no ``DateDeleted`` in HUD's specification (it is the
export's own description, and HUD's validators reject extra columns), so the export follows
HUD there rather than domain.md's "every file has DateDeleted"; see docs/evaluation.md.
"""

from __future__ import annotations

CSV_VERSION = "2026 v1.0"
DATE = "%Y-%m-%d"
TIMESTAMP = "%Y-%m-%d %H:%M:%S"

# HUD code lists used by the export (FY2026 data dictionary).
DATA_NOT_COLLECTED = 99
EXPORT_DIRECTIVE_FULL_REFRESH = 2
EXPORT_PERIOD_REPORTING = 3
HASH_UNHASHED = 1
HASH_SHA256 = 4
SOURCE_DIRECT_SERVICE_PROVIDER = 2
PROJECT_TYPE_SERVICES_ONLY = 6
FUNDER_LOCAL_OR_OTHER = 46
NAME_FULL = 1
DOB_FULL = 1
RELATIONSHIP_SELF = 1

_TAIL = ("DateCreated", "DateUpdated", "UserID", "DateDeleted", "ExportID")

HEADERS: dict[str, tuple[str, ...]] = {
    "Export.csv": (
        "ExportID",
        "SourceType",
        "SourceID",
        "SourceName",
        "SourceContactFirst",
        "SourceContactLast",
        "SourceContactPhone",
        "SourceContactExtension",
        "SourceContactEmail",
        "ExportDate",
        "ExportStartDate",
        "ExportEndDate",
        "SoftwareName",
        "SoftwareVersion",
        "CSVVersion",
        "ExportPeriodType",
        "ExportDirective",
        "HashStatus",
        "ImplementationID",
    ),
    "Organization.csv": (
        "OrganizationID",
        "OrganizationName",
        "VictimServiceProvider",
        "OrganizationCommonName",
        *_TAIL,
    ),
    "User.csv": (
        "UserID",
        "UserFirstName",
        "UserLastName",
        "UserPhone",
        "UserExtension",
        "UserEmail",
        "DateCreated",
        "DateUpdated",
        "DateDeleted",
        "ExportID",
    ),
    "Project.csv": (
        "ProjectID",
        "OrganizationID",
        "ProjectName",
        "ProjectCommonName",
        "OperatingStartDate",
        "OperatingEndDate",
        "ContinuumProject",
        "ProjectType",
        "HousingType",
        "RRHSubType",
        "ResidentialAffiliation",
        "TargetPopulation",
        "HOPWAMedAssistedLivingFac",
        "PITCount",
        *_TAIL,
    ),
    "Funder.csv": (
        "FunderID",
        "ProjectID",
        "Funder",
        "OtherFunder",
        "GrantID",
        "StartDate",
        "EndDate",
        *_TAIL,
    ),
    "ProjectCoC.csv": (
        "ProjectCoCID",
        "ProjectID",
        "CoCCode",
        "Geocode",
        "Address1",
        "Address2",
        "City",
        "State",
        "ZIP",
        "GeographyType",
        *_TAIL,
    ),
    "Client.csv": (
        "PersonalID",
        "FirstName",
        "MiddleName",
        "LastName",
        "NameSuffix",
        "NameDataQuality",
        "SSN",
        "SSNDataQuality",
        "DOB",
        "DOBDataQuality",
        "Sex",
        "AmIndAKNative",
        "Asian",
        "BlackAfAmerican",
        "HispanicLatinao",
        "MidEastNAfrican",
        "NativeHIPacific",
        "White",
        "RaceNone",
        "AdditionalRaceEthnicity",
        "VeteranStatus",
        "YearEnteredService",
        "YearSeparated",
        "WorldWarII",
        "KoreanWar",
        "VietnamWar",
        "DesertStorm",
        "AfghanistanOEF",
        "IraqOIF",
        "IraqOND",
        "OtherTheater",
        "MilitaryBranch",
        "DischargeStatus",
        *_TAIL,
    ),
    "Enrollment.csv": (
        "EnrollmentID",
        "PersonalID",
        "ProjectID",
        "EntryDate",
        "HouseholdID",
        "RelationshipToHoH",
        "EnrollmentCoC",
        "LivingSituation",
        "RentalSubsidyType",
        "LengthOfStay",
        "LOSUnderThreshold",
        "PreviousStreetESSH",
        "DateToStreetESSH",
        "TimesHomelessPastThreeYears",
        "MonthsHomelessPastThreeYears",
        "DisablingCondition",
        "DateOfEngagement",
        "MoveInDate",
        "DateOfPATHStatus",
        "ClientEnrolledInPATH",
        "ReasonNotEnrolled",
        "PercentAMI",
        "ReferralSource",
        "CountOutreachReferralApproaches",
        "DateOfBCPStatus",
        "EligibleForRHY",
        "ReasonNoServices",
        "RunawayYouth",
        "FormerWardChildWelfare",
        "ChildWelfareYears",
        "ChildWelfareMonths",
        "FormerWardJuvenileJustice",
        "JuvenileJusticeYears",
        "JuvenileJusticeMonths",
        "UnemploymentFam",
        "MentalHealthDisorderFam",
        "PhysicalDisabilityFam",
        "AlcoholDrugUseDisorderFam",
        "InsufficientIncome",
        "IncarceratedParent",
        "VAMCStation",
        "TargetScreenReqd",
        "TimeToHousingLoss",
        "AnnualPercentAMI",
        "LiteralHomelessHistory",
        "ClientLeaseholder",
        "HOHLeaseholder",
        "SubsidyAtRisk",
        "EvictionHistory",
        "CriminalRecord",
        "IncarceratedAdult",
        "PrisonDischarge",
        "SexOffender",
        "DisabledHoH",
        "CurrentPregnant",
        "SingleParent",
        "DependentUnder6",
        "HH5Plus",
        "CoCPrioritized",
        "HPScreeningScore",
        "ThresholdScore",
        "MentalHealthConsultation",
        *_TAIL,
    ),
    "Exit.csv": (
        "ExitID",
        "EnrollmentID",
        "PersonalID",
        "ExitDate",
        "Destination",
        "DestinationSubsidyType",
        "OtherDestination",
        "HousingAssessment",
        "SubsidyInformation",
        "ProjectCompletionStatus",
        "EarlyExitReason",
        "ExchangeForSex",
        "ExchangeForSexPastThreeMonths",
        "CountOfExchangeForSex",
        "AskedOrForcedToExchangeForSex",
        "AskedOrForcedToExchangeForSexPastThreeMonths",
        "WorkplaceViolenceThreats",
        "WorkplacePromiseDifference",
        "CoercedToContinueWork",
        "LaborExploitPastThreeMonths",
        "CounselingReceived",
        "IndividualCounseling",
        "FamilyCounseling",
        "GroupCounseling",
        "SessionCountAtExit",
        "PostExitCounselingPlan",
        "SessionsInPlan",
        "DestinationSafeClient",
        "DestinationSafeWorker",
        "PosAdultConnections",
        "PosPeerConnections",
        "PosCommunityConnections",
        "AftercareDate",
        "AftercareProvided",
        "EmailSocialMedia",
        "Telephone",
        "InPersonIndividual",
        "InPersonGroup",
        "CMExitReason",
        *_TAIL,
    ),
    "Services.csv": (
        "ServicesID",
        "EnrollmentID",
        "PersonalID",
        "DateProvided",
        "RecordType",
        "TypeProvided",
        "OtherTypeProvided",
        "MovingOnOtherType",
        "SubTypeProvided",
        "FAAmount",
        "FAStartDate",
        "FAEndDate",
        "ReferralOutcome",
        *_TAIL,
    ),
    "CurrentLivingSituation.csv": (
        "CurrentLivingSitID",
        "EnrollmentID",
        "PersonalID",
        "InformationDate",
        "CurrentLivingSituation",
        "CLSSubsidyType",
        "VerifiedBy",
        "LeaveSituation14Days",
        "SubsequentResidence",
        "ResourcesToObtain",
        "LeaseOwn60Day",
        "MovedTwoOrMore",
        "LocationDetails",
        *_TAIL,
    ),
}

# FY2024 columns, unchanged in FY2026 (see the module's docstring for the sources).
HEADERS.update(
    {
        "Inventory.csv": (
            "InventoryID",
            "ProjectID",
            "CoCCode",
            "HouseholdType",
            "Availability",
            "UnitInventory",
            "BedInventory",
            "CHVetBedInventory",
            "YouthVetBedInventory",
            "VetBedInventory",
            "CHYouthBedInventory",
            "YouthBedInventory",
            "CHBedInventory",
            "OtherBedInventory",
            "ESBedType",
            "InventoryStartDate",
            "InventoryEndDate",
            *_TAIL,
        ),
        "IncomeBenefits.csv": (
            "IncomeBenefitsID",
            "EnrollmentID",
            "PersonalID",
            "InformationDate",
            "IncomeFromAnySource",
            "TotalMonthlyIncome",
            "Earned",
            "EarnedAmount",
            "Unemployment",
            "UnemploymentAmount",
            "SSI",
            "SSIAmount",
            "SSDI",
            "SSDIAmount",
            "VADisabilityService",
            "VADisabilityServiceAmount",
            "VADisabilityNonService",
            "VADisabilityNonServiceAmount",
            "PrivateDisability",
            "PrivateDisabilityAmount",
            "WorkersComp",
            "WorkersCompAmount",
            "TANF",
            "TANFAmount",
            "GA",
            "GAAmount",
            "SocSecRetirement",
            "SocSecRetirementAmount",
            "Pension",
            "PensionAmount",
            "ChildSupport",
            "ChildSupportAmount",
            "Alimony",
            "AlimonyAmount",
            "OtherIncomeSource",
            "OtherIncomeAmount",
            "OtherIncomeSourceIdentify",
            "BenefitsFromAnySource",
            "SNAP",
            "WIC",
            "TANFChildCare",
            "TANFTransportation",
            "OtherTANF",
            "OtherBenefitsSource",
            "OtherBenefitsSourceIdentify",
            "InsuranceFromAnySource",
            "Medicaid",
            "NoMedicaidReason",
            "Medicare",
            "NoMedicareReason",
            "SCHIP",
            "NoSCHIPReason",
            "VHAServices",
            "NoVHAReason",
            "EmployerProvided",
            "NoEmployerProvidedReason",
            "COBRA",
            "NoCOBRAReason",
            "PrivatePay",
            "NoPrivatePayReason",
            "StateHealthIns",
            "NoStateHealthInsReason",
            "IndianHealthServices",
            "NoIndianHealthServicesReason",
            "OtherInsurance",
            "OtherInsuranceIdentify",
            "ADAP",
            "NoADAPReason",
            "RyanWhiteMedDent",
            "NoRyanWhiteReason",
            "ConnectionWithSOAR",
            "DataCollectionStage",
            *_TAIL,
        ),
        "HealthAndDV.csv": (
            "HealthAndDVID",
            "EnrollmentID",
            "PersonalID",
            "InformationDate",
            "DomesticViolenceSurvivor",
            "WhenOccurred",
            "CurrentlyFleeing",
            "GeneralHealthStatus",
            "DentalHealthStatus",
            "MentalHealthStatus",
            "PregnancyStatus",
            "DueDate",
            "DataCollectionStage",
            *_TAIL,
        ),
        "EmploymentEducation.csv": (
            "EmploymentEducationID",
            "EnrollmentID",
            "PersonalID",
            "InformationDate",
            "LastGradeCompleted",
            "SchoolStatus",
            "Employed",
            "EmploymentType",
            "NotEmployedReason",
            "DataCollectionStage",
            *_TAIL,
        ),
        "Disabilities.csv": (
            "DisabilitiesID",
            "EnrollmentID",
            "PersonalID",
            "InformationDate",
            "DisabilityType",
            "DisabilityResponse",
            "IndefiniteAndImpairs",
            "TCellCountAvailable",
            "TCellCount",
            "TCellSource",
            "ViralLoadAvailable",
            "ViralLoad",
            "ViralLoadSource",
            "AntiRetroviral",
            "DataCollectionStage",
            *_TAIL,
        ),
        "Assessment.csv": (
            "AssessmentID",
            "EnrollmentID",
            "PersonalID",
            "AssessmentDate",
            "AssessmentLocation",
            "AssessmentType",
            "AssessmentLevel",
            "PrioritizationStatus",
            *_TAIL,
        ),
        "Event.csv": (
            "EventID",
            "EnrollmentID",
            "PersonalID",
            "EventDate",
            "Event",
            "ProbSolDivRRResult",
            "ReferralCaseManageAfter",
            "LocationCrisisOrPHHousing",
            "ReferralResult",
            "ResultDate",
            *_TAIL,
        ),
    }
)

# The files in the order HUD lists them (domain.md, "Data exchange").
FILES: tuple[str, ...] = (
    "Export.csv",
    "Organization.csv",
    "User.csv",
    "Project.csv",
    "Funder.csv",
    "ProjectCoC.csv",
    "Inventory.csv",
    "Client.csv",
    "Enrollment.csv",
    "Exit.csv",
    "IncomeBenefits.csv",
    "HealthAndDV.csv",
    "EmploymentEducation.csv",
    "Disabilities.csv",
    "Services.csv",
    "CurrentLivingSituation.csv",
    "Assessment.csv",
    "Event.csv",
)

# 5.03 DataCollectionStage.
STAGE_PROJECT_START = 1
STAGE_UPDATE = 2
STAGE_PROJECT_EXIT = 3

# What our casework status domains say in HUD's codes. Only what the status says for
# certain is written; anything finer than our scale (which shelter, which subsidy, which
# benefit) is left to "Other" or empty rather than guessed.

# FY2026 list 3.12.1, the codes valid for 4.12 CurrentLivingSituation (HUD groups them by
# hundreds: 1xx homeless, 2xx institutional, 3xx temporary, 4xx permanent, 1-99 other).
# 312, 313, 327, 422, 423, 426 (staying with family or friends by tenure, HOPWA moves), 24
# and 30 are for 3.12 Destination only.
CURRENT_LIVING_SITUATION_CODES: frozenset[int] = frozenset(
    {116, 101, 118}
    | {215, 206, 207, 225, 204, 205}
    | {302, 329, 314, 332, 336, 335}
    | {410, 435, 421, 411}
    | {17, 37, 8, 9, 99}
)
# Our housing scale (casework.rules.STATUS_DOMAINS["housing"]) in 4.12 codes. HUD has no
# "temporary, kind not recorded" or "permanent, kind not recorded" code: each 3xx code names
# a kind of place (302 transitional housing for homeless persons, which Eva counts among
# homeless situations; 314 a hotel paid without a shelter voucher; 335/336 staying with
# family or friends ...), and each 4xx code says rented or owned and with or without an
# ongoing subsidy (435 also needs CLSSubsidyType). Our scale records none of that, so
# "temporary" and "permanent" are 17 "Other" rather than a guess that could move people
# between HUD's groups. "sheltered" is 101 emergency shelter, the shelter of HUD's homeless
# group (whose only other sheltered code is 118 Safe Haven); a Safe Haven or transitional
# housing stay that a case manager records as "sheltered" is written 101 too, since our
# scale cannot tell them apart.
LIVING_SITUATION: dict[str, int] = {
    "unsheltered": 116,  # Place not meant for habitation
    "sheltered": 101,  # Emergency shelter (incl. hotel/motel paid with a shelter voucher)
    "temporary": 17,  # Other: which temporary place (3xx) is not recorded
    "permanent": 17,  # Other: rental or owned, with or without subsidy (4xx) is not recorded
}
# 4.02 IncomeFromAnySource / Earned; 4.03 BenefitsFromAnySource (1 yes, 0 no, 99 not
# collected). "benefits" does not say cash or non-cash, so income stays "not collected".
INCOME: dict[str, dict[str, int]] = {
    "none": {"IncomeFromAnySource": 0, "BenefitsFromAnySource": 0},
    "applied": {"IncomeFromAnySource": 0, "BenefitsFromAnySource": 0},
    "benefits": {"IncomeFromAnySource": 99, "BenefitsFromAnySource": 1},
    "earned": {"IncomeFromAnySource": 1, "Earned": 1},
}
# 4.04 InsuranceFromAnySource; "public" is Medicaid or Medicare, so neither is named.
INSURANCE: dict[str, int] = {"none": 0, "applied": 0, "public": 1, "private": 1}
# R6 Employed / EmploymentType (1 full-time, 2 part-time).
EMPLOYMENT: dict[str, dict[str, int]] = {
    "not_working": {"Employed": 0},
    "training": {"Employed": 0},
    "retired": {"Employed": 0},
    "part_time": {"Employed": 1, "EmploymentType": 2},
    "full_time": {"Employed": 1, "EmploymentType": 1},
}
