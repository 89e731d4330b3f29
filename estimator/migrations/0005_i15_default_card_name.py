"""The default card's name cited a document the repository does not hold: name it by its date.

Only the name changes (the snapshot holds no name), and only if no one renamed the card already.
"""

from django.db import migrations

OLD_NAME = "Default rate card (PRODUCT.md, checked 2026-11-21)"
NEW_NAME = "Default rate card (checked 2026-11-21)"


def rename(apps, schema_editor):
    apps.get_model("estimator", "RateCard").objects.filter(name=OLD_NAME).update(name=NEW_NAME)


def rename_back(apps, schema_editor):
    apps.get_model("estimator", "RateCard").objects.filter(name=NEW_NAME).update(name=OLD_NAME)


class Migration(migrations.Migration):
    dependencies = [("estimator", "0004_i18_observed_rates")]

    operations = [migrations.RunPython(rename, rename_back)]
