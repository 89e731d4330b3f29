"""Issue 17: price-list multipliers in the rate card, with their defaults on every card.

Cards that existed before get the default multipliers as rows and in their snapshot: this only
adds a new part of the card (the price list); no value any past estimate used changes.
"""

import datetime

import django.core.validators
import django.db.models.deletion
from decimal import Decimal

from django.db import migrations, models


# This migration's own copy of the default multipliers (checked 2026-12-01): editing the live
# code never changes what an old migration does. Industry guides, no official scale: low
# confidence. Bundles are per-video multipliers (0.90: 10 % off each of 3 videos).
CHECKED_ON = datetime.date(2026, 12, 1)
LOW_CONFIDENCE = 1
SOURCE = (
    "Industry pricing guides (no official scale): "
    "https://storika.ai/guides/influencer-usage-rights-pricing ; "
    "https://blogist.co/blog/2020-04-30-how-to-price-usage-and-exclusivity/ ; "
    "https://323works.com/insight/marketing/what-it-costs-to-hire-an-influencer-in-2026 ; "
    "https://viralfusion.io/blog/influencer-marketing-pricing-2026-guide"
)
DEFAULTS = [
    ("integrated_mention", "0.50", "0.60", "0.75", "Shorter screen time"),
    ("story", "0.20", "0.30", "0.40", "24 h, lower reach"),
    ("live_mention", "0.30", "0.40", "0.50", "Mention during a LIVE"),
    ("usage_rights_30d", "0.20", "0.30", "0.50", "Guides: 20–50 % of the fee/month"),
    ("usage_rights_90d", "0.50", "0.75", "1.00", "Guides: 20–50 % of the fee/month"),
    ("exclusivity_month", "0.10", "0.25", "0.50", "Limits the creator's other deals"),
    ("raw_footage", "0.10", "0.20", "0.30", "Unedited files"),
    ("link_in_bio_week", "0.05", "0.10", "0.20", "Per week"),
    ("bundle_3", "0.90", "0.90", "0.90", "10 % off per video"),
    ("bundle_5", "0.85", "0.85", "0.85", "15 % off per video"),
]


def add_defaults(apps, schema_editor):
    RateCard = apps.get_model("estimator", "RateCard")
    DeliverableMultiplier = apps.get_model("estimator", "DeliverableMultiplier")
    for card in RateCard.objects.all():
        if not DeliverableMultiplier.objects.filter(card=card).exists():
            DeliverableMultiplier.objects.bulk_create(
                DeliverableMultiplier(
                    card=card,
                    key=key,
                    low=Decimal(low),
                    expected=Decimal(expected),
                    high=Decimal(high),
                    source=f"{note} — {SOURCE}",
                    checked_on=CHECKED_ON,
                    confidence=LOW_CONFIDENCE,
                )
                for key, low, expected, high, note in DEFAULTS
            )
        if card.snapshot is not None and not card.snapshot.get("deliverables"):
            rows = [
                {
                    "key": row.key,
                    "low": str(row.low),
                    "expected": str(row.expected),
                    "high": str(row.high),
                    "source": row.source,
                    "checked_on": row.checked_on.isoformat(),
                    "confidence": int(row.confidence),
                }
                for row in DeliverableMultiplier.objects.filter(card=card).order_by("key")
            ]
            card.snapshot = {**card.snapshot, "deliverables": rows}
            card.save(update_fields=["snapshot"])


def remove_from_snapshots(apps, schema_editor):
    RateCard = apps.get_model("estimator", "RateCard")
    for card in RateCard.objects.exclude(snapshot=None):
        if "deliverables" in card.snapshot:
            card.snapshot = {k: v for k, v in card.snapshot.items() if k != "deliverables"}
            card.save(update_fields=["snapshot"])


class Migration(migrations.Migration):
    dependencies = [("estimator", "0002_default_rate_card")]

    operations = [
        migrations.CreateModel(
            name='DeliverableMultiplier',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('source', models.TextField(help_text='URL(s) or a short description.', verbose_name='source')),
                ('checked_on', models.DateField(verbose_name='checked on')),
                ('confidence', models.PositiveSmallIntegerField(choices=[(1, 'low'), (2, 'medium'), (3, 'high')], default=2, verbose_name='confidence')),
                ('key', models.CharField(choices=[('integrated_mention', 'Integrated mention (inside another video)'), ('story', 'Story'), ('live_mention', 'LIVE mention'), ('usage_rights_30d', 'Usage rights for paid ads, 30 days'), ('usage_rights_90d', 'Usage rights for paid ads, 90 days'), ('exclusivity_month', 'Category exclusivity, per month'), ('raw_footage', 'Raw footage'), ('link_in_bio_week', 'Link in bio, per week'), ('bundle_3', 'Bundle of 3 videos (per-video multiplier)'), ('bundle_5', 'Bundle of 5 videos (per-video multiplier)')], max_length=40, verbose_name='deliverable')),
                ('low', models.DecimalField(decimal_places=3, max_digits=6, validators=[django.core.validators.MinValueValidator(Decimal('0'))], verbose_name='low')),
                ('expected', models.DecimalField(decimal_places=3, max_digits=6, validators=[django.core.validators.MinValueValidator(Decimal('0'))], verbose_name='expected')),
                ('high', models.DecimalField(decimal_places=3, max_digits=6, validators=[django.core.validators.MinValueValidator(Decimal('0'))], verbose_name='high')),
                ('card', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='deliverables', to='estimator.ratecard')),
            ],
            options={
                'verbose_name': 'deliverable multiplier',
                'verbose_name_plural': 'deliverable multipliers',
                'ordering': ['key'],
                'constraints': [models.UniqueConstraint(fields=('card', 'key'), name='one_deliverable_per_key_per_card'), models.CheckConstraint(condition=models.Q(('low__gte', 0), ('low__lte', models.F('expected')), ('expected__lte', models.F('high'))), name='deliverable_ordered_non_negative')],
            },
        ),
        migrations.RunPython(add_defaults, remove_from_snapshots),
    ]
