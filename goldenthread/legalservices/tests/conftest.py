import pytest


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    """Matter documents go to a throwaway MEDIA_ROOT in tests."""
    settings.MEDIA_ROOT = tmp_path / "media"
