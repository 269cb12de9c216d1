"""Encrypt the values already stored in the columns 0002 made encrypted (history included)."""

from django.db import migrations

from goldenthread.core import crypto

_encrypt, _decrypt = crypto.migration_encrypt(
    ("casework", "Contact", ["note"]),
    ("casework", "ContactDraft", ["data"]),
    ("casework", "HistoricalContact", ["note"]),
    ("casework", "Goal", ["title"]),
    ("casework", "HistoricalGoal", ["title"]),
    ("casework", "ActionStep", ["description"]),
    ("casework", "HistoricalActionStep", ["description"]),
    ("casework", "ProgressNote", ["note"]),
    ("casework", "HistoricalProgressNote", ["note"]),
    ("casework", "ServiceReferral", ["provider", "note"]),
    ("casework", "HistoricalServiceReferral", ["provider", "note"]),
)


class Migration(migrations.Migration):
    dependencies = [("casework", "0002_encrypt_sensitive_fields")]

    operations = [migrations.RunPython(_encrypt, _decrypt)]
