"""Encrypt the external keys already stored, and fill their keyed hashes."""

from django.db import migrations

from goldenthread.core import crypto

_encrypt, _decrypt = crypto.migration_encrypt(
    ("evaluation", "LegalSystemEvent", ["external_key"]),
    ("evaluation", "HistoricalLegalSystemEvent", ["external_key"]),
)


def forward(apps, schema_editor):
    _encrypt(apps, schema_editor)
    for name in ("LegalSystemEvent", "HistoricalLegalSystemEvent"):
        model = apps.get_model("evaluation", name)
        crypto.rehash_column(model, model._meta.get_field("external_key_hash"))


class Migration(migrations.Migration):
    dependencies = [("evaluation", "0003_encrypt_sensitive_fields")]

    operations = [migrations.RunPython(forward, _decrypt)]
