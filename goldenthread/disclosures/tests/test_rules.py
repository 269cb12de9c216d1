"""Consent rules (42 CFR 2.31, 2.35): table and property tests."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from goldenthread.disclosures import rules
from goldenthread.disclosures.rules import ConsentFacts

TODAY = date(2026, 6, 1)

facts = st.builds(
    ConsentFacts,
    status=st.sampled_from([rules.DRAFT, rules.ACTIVE, rules.EXPIRED, rules.REVOKED]),
    expires_on=st.none() | st.dates(date(2026, 1, 1), date(2027, 1, 1)),
    categories=st.frozensets(st.sampled_from(rules.CATEGORIES)),
    purposes=st.frozensets(st.sampled_from(rules.PURPOSES)),
    recipients=st.frozensets(
        st.tuples(st.sampled_from(rules.AUDIENCES), st.none() | st.integers(1, 3))
    ),
)


def _complete() -> dict[str, object]:
    return {
        "discloser": "CM agency",
        "information": "progress",
        "recipients": ["prosecutor"],
        "purposes": ["legal_coordination"],
        "revocation_method": "tell your CM",
        "expires_on": TODAY,
        "expiry_event": "",
        "signed_by": "P",
        "signed_on": TODAY,
    }


def test_it_accepts_a_consent_with_every_element():
    assert rules.missing_elements(_complete()) == []


@pytest.mark.parametrize("field", list(rules.REQUIRED_ELEMENTS))
def test_it_names_each_missing_element(field):
    values = _complete()
    if field == "expiry":
        values["expires_on"] = None
    else:
        values[field] = "  " if isinstance(values[field], str) else None
    assert rules.missing_elements(values) == [field]


def test_it_takes_an_expiry_event_instead_of_a_date():
    values = {**_complete(), "expires_on": None, "expiry_event": "End of LEAD participation"}
    assert rules.missing_elements(values) == []


@given(
    facts,
    st.sampled_from(rules.AUDIENCES),
    st.none() | st.integers(1, 3),
    st.sampled_from(rules.PURPOSES),
    st.sets(st.sampled_from(rules.CATEGORIES)),
)
def test_it_never_discloses_under_a_consent_that_is_not_live(f, audience, agency, purpose, cats):
    refusal = rules.disclosure_refusal(
        f, audience=audience, agency_id=agency, purpose=purpose, categories=cats, today=TODAY
    )
    if not rules.is_live(f, TODAY):
        assert refusal is not None
    elif refusal is None:
        assert purpose in f.purposes and cats <= f.categories
        assert any(a == audience and g in (None, agency) for a, g in f.recipients)


@given(facts, st.dates(date(2026, 1, 1), date(2027, 1, 1)))
def test_it_expires_automatically_by_date(f, today):
    status = rules.effective_status(f.status, f.expires_on, today)
    if f.status == rules.ACTIVE and f.expires_on and f.expires_on < today:
        assert status == rules.EXPIRED
    else:
        assert status == f.status


def test_it_refuses_a_category_that_is_not_shareable():
    f = ConsentFacts(
        rules.ACTIVE,
        None,
        frozenset(rules.CATEGORIES),
        frozenset(rules.PURPOSES),
        frozenset({(rules.PROSECUTOR, None)}),
    )
    refusal = rules.disclosure_refusal(
        f,
        audience=rules.PROSECUTOR,
        agency_id=None,
        purpose=rules.LEGAL_COORDINATION,
        categories=["violations"],
        today=TODAY,
    )
    assert refusal and "violations" in refusal


def test_it_holds_a_recipient_named_by_agency_to_that_agency():
    f = ConsentFacts(
        rules.ACTIVE,
        None,
        frozenset(rules.CATEGORIES),
        frozenset(rules.PURPOSES),
        frozenset({(rules.PROSECUTOR, 7)}),
    )
    kw = {
        "audience": rules.PROSECUTOR,
        "purpose": rules.MONITORING,
        "categories": [rules.PROGRESS],
        "today": TODAY,
    }
    assert rules.disclosure_refusal(f, agency_id=7, **kw) is None
    assert (
        rules.disclosure_refusal(f, agency_id=8, **kw)
        == "The consent does not name this recipient."
    )
    assert rules.disclosure_refusal(f, agency_id=None, **kw) is not None


@given(st.dates(date(2026, 1, 1), date(2027, 1, 1)), st.integers(-60, 60))
def test_it_refuses_revocation_only_inside_a_235_window(until, offset):
    today = until + timedelta(days=offset)
    refusal = rules.revocation_refusal(
        status=rules.ACTIVE, criminal_justice=True, irrevocable_until=until, today=today
    )
    assert (refusal is not None) is (today <= until)
    if refusal:
        assert "2.35" in refusal and until.isoformat() in refusal
    assert (
        rules.revocation_refusal(
            status=rules.ACTIVE, criminal_justice=False, irrevocable_until=None, today=today
        )
        is None
    )


def test_it_allows_an_irrevocable_period_only_for_a_criminal_justice_referral():
    assert rules.irrevocable_window_refusal(
        criminal_justice=False, irrevocable_until=TODAY, signed_on=TODAY
    )
    assert rules.irrevocable_window_refusal(
        criminal_justice=True, irrevocable_until=TODAY - timedelta(days=1), signed_on=TODAY
    )
    assert (
        rules.irrevocable_window_refusal(
            criminal_justice=True, irrevocable_until=TODAY, signed_on=TODAY
        )
        is None
    )


def test_it_finds_the_covering_consent_and_explains_the_closest_refusal():
    expired = ConsentFacts(
        rules.ACTIVE,
        TODAY - timedelta(days=1),
        frozenset(rules.CATEGORIES),
        frozenset(rules.PURPOSES),
        frozenset({(rules.PROSECUTOR, None)}),
    )
    police_only = ConsentFacts(
        rules.ACTIVE,
        None,
        frozenset(rules.CATEGORIES),
        frozenset(rules.PURPOSES),
        frozenset({(rules.POLICE, None)}),
    )
    kw = {
        "audience": rules.PROSECUTOR,
        "agency_id": None,
        "purpose": rules.MONITORING,
        "categories": [rules.PROGRESS],
        "today": TODAY,
    }
    pk, reason = rules.covering_consent([(1, expired), (2, police_only)], **kw)
    assert pk is None and reason == "The consent does not name this recipient."
    assert rules.covering_consent([], **kw)[0] is None
    assert (
        rules.covering_consent(
            [(1, expired), (3, police_only)], **{**kw, "audience": rules.POLICE}
        )[0]
        == 3
    )


def test_it_reads_content_categories_from_what_was_written():
    assert rules.categories_of_content(
        engagement_confirmed=True, progress=" ", plan="Housing first", barriers=""
    ) == [rules.ENGAGEMENT, rules.PLAN]


MB = 1024 * 1024


@pytest.mark.parametrize(
    ("head", "size", "kind", "refused"),
    [
        (b"%PDF-1.7", 100, "pdf", None),
        (b"\x89PNG\r\n\x1a\n", 100, "png", None),
        (b"\xff\xd8\xff\xe0", 100, "jpg", None),
        (b"%PDF-1.7", 10 * MB, "pdf", None),
        (b"%PDF-1.7", 10 * MB + 1, "pdf", "at most 10 MB"),
        (b"%PDF-1.7", 0, "pdf", "empty"),
        (b"%PDF", 100, None, "PDF, PNG or JPEG"),  # too short to be a PDF header
        (b"GIF89a", 100, None, "PDF, PNG or JPEG"),
        (b"<html>", 100, None, "PDF, PNG or JPEG"),
        (b"PK\x03\x04", 100, None, "PDF, PNG or JPEG"),
    ],
)
def test_scan_checks(head, size, kind, refused):
    assert rules.scan_kind(head) == kind
    refusal = rules.scan_refusal(head, size, 10 * MB)
    assert (refusal is None) if refused is None else (refused in str(refusal))


@given(st.binary(min_size=1, max_size=16), st.integers(1, 20 * MB))
def test_a_scan_is_kept_only_when_its_bytes_say_pdf_png_or_jpeg(head, size):
    refusal = rules.scan_refusal(head, size, 10 * MB)
    signed = any(head.startswith(sig) for sig in rules.SCAN_SIGNATURES.values())
    assert (refusal is None) == (signed and size <= 10 * MB)
