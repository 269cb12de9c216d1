from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):  # type: ignore[no-untyped-def]
    """Consent scans go to a throwaway MEDIA_ROOT in tests."""
    settings.MEDIA_ROOT = tmp_path / "media"
