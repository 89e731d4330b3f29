from django.db import migrations
from django.utils import timezone


def create_default_card(apps, schema_editor):
    from estimator.defaults import create_default_card as create
    from estimator.snapshot import build_snapshot

    RateCard = apps.get_model("estimator", "RateCard")
    if RateCard.objects.exists():
        return
    card = create(apps)
    card.snapshot = build_snapshot(card)
    card.is_active = True
    card.activated_at = timezone.now()
    card.save(update_fields=["snapshot", "is_active", "activated_at"])


class Migration(migrations.Migration):
    dependencies = [("estimator", "0001_initial")]

    operations = [migrations.RunPython(create_default_card, migrations.RunPython.noop)]
