"""Encrypt the discussion notes already stored (history included)."""

from django.db import migrations

from goldenthread.core import crypto

_encrypt, _decrypt = crypto.migration_encrypt(
    ("conferencing", "DiscussionNote", ["text"]),
    ("conferencing", "HistoricalDiscussionNote", ["text"]),
)


class Migration(migrations.Migration):
    dependencies = [("conferencing", "0003_encrypt_discussion_notes")]

    operations = [migrations.RunPython(_encrypt, _decrypt)]
