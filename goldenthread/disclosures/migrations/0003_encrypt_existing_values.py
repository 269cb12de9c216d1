"""Encrypt the values already stored in the columns 0002 made encrypted (history included)."""

from django.db import migrations

from goldenthread.core import crypto

_encrypt, _decrypt = crypto.migration_encrypt(
    ("disclosures", "Consent", ["information"]),
    ("disclosures", "HistoricalConsent", ["information"]),
    ("disclosures", "Disclosure", ["progress", "plan", "barriers"]),
    ("disclosures", "HistoricalDisclosure", ["progress", "plan", "barriers"]),
)


def _scans(apps, schema_editor):
    """Encrypt the consent scans already on disk."""
    consent = apps.get_model("disclosures", "Consent")
    crypto.rewrite_files(consent, "scan")


class Migration(migrations.Migration):
    dependencies = [("disclosures", "0002_encrypt_sensitive_fields")]

    operations = [
        migrations.RunPython(_encrypt, _decrypt),
        migrations.RunPython(_scans, migrations.RunPython.noop),
    ]
