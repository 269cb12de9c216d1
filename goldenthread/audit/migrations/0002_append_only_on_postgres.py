"""On PostgreSQL the database itself refuses UPDATE and DELETE on the audit tables, whatever
the application does. (SQLite relies on the model layer and on `audit verify`.)

TRUNCATE is left to privileges: a deployment's app role is not granted it on these tables
(docs/deploy.md), while test databases still need it to reset between tests."""

from django.db import migrations

TABLES = ("audit_auditevent", "audit_accessevent")

FUNCTION = """
CREATE OR REPLACE FUNCTION goldenthread_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'audit records are append-only (%% on %%)', TG_OP, TG_TABLE_NAME;
END;
$$ LANGUAGE plpgsql;
"""


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(FUNCTION)
    for table in TABLES:
        schema_editor.execute(
            f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE "
            f"ON {table} FOR EACH STATEMENT EXECUTE FUNCTION goldenthread_append_only();"
        )


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in TABLES:
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_append_only ON {table};")
    schema_editor.execute("DROP FUNCTION IF EXISTS goldenthread_append_only();")


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards)]
