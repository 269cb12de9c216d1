from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("evaluation", "0004_encrypt_existing_legal_event_keys")]

    operations = [
        migrations.AddConstraint(
            model_name="legalsystemevent",
            constraint=models.UniqueConstraint(
                fields=("site", "source", "external_key_hash"), name="legalevent_natural_key"
            ),
        ),
    ]
