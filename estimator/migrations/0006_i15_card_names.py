"""Countries and niches are named on the rate card, in both languages: the forms read them
there, so a country or a niche added in the admin needs no code change.

``Country.name`` (free text, never shown, half French half English) becomes ``name_en``, next to
a new ``name_fr``; niches get ``label_fr``, ``label_en`` and a ``position`` (the forms' order).
This migration holds its own copy of the names (it never imports live code): it fills every
card's rows it knows the code of, and adds the names to the stored snapshots, which hold values
only for the estimates (names change no amount).
"""

from django.db import migrations, models

COUNTRY_NAMES = {
    "FR": ("France", "France"),
    "BE": ("Belgique", "Belgium"),
    "CA": ("Canada", "Canada"),
    "US": ("États-Unis", "United States"),
    "DE": ("Allemagne", "Germany"),
}
# In the forms' former order, which the positions keep.
NICHE_LABELS = {
    "general": ("Généraliste", "General"),
    "finance": ("Finance", "Finance"),
    "tech": ("Tech", "Tech"),
    "education": ("Éducation", "Education"),
    "beauty": ("Beauté", "Beauty"),
    "fashion": ("Mode", "Fashion"),
    "food": ("Cuisine", "Food"),
    "gaming": ("Jeux vidéo", "Gaming"),
    "travel": ("Voyage", "Travel"),
    "fitness": ("Fitness", "Fitness"),
    "entertainment": ("Divertissement", "Entertainment"),
}
NICHE_POSITIONS = {slug: index * 10 for index, slug in enumerate(NICHE_LABELS)}


def fill_names(apps, schema_editor):
    Country = apps.get_model("estimator", "Country")
    Niche = apps.get_model("estimator", "Niche")
    RateCard = apps.get_model("estimator", "RateCard")
    for country in Country.objects.all():
        # A country this migration does not know keeps its one name, in both languages.
        country.name_fr, country.name_en = COUNTRY_NAMES.get(
            country.code, (country.name_en, country.name_en)
        )
        country.save(update_fields=["name_fr", "name_en"])
    for niche in Niche.objects.all():
        niche.label_fr, niche.label_en = NICHE_LABELS.get(niche.slug, (niche.slug, niche.slug))
        niche.position = NICHE_POSITIONS.get(niche.slug, len(NICHE_POSITIONS) * 10)
        niche.save(update_fields=["label_fr", "label_en", "position"])
    for card in RateCard.objects.filter(snapshot__isnull=False):
        _name_snapshot(card)


def _name_snapshot(card):
    countries = {row.code: row for row in card.countries.all()}
    niches = {row.slug: row for row in card.niches.all()}
    snapshot = card.snapshot
    for entry in snapshot.get("countries", []):
        row = countries.get(entry["code"])
        old_name = entry.pop("name", "") or entry["code"]
        entry["name_fr"], entry["name_en"] = (
            (row.name_fr, row.name_en) if row is not None else (old_name, old_name)
        )
    for entry in snapshot.get("niches", []):
        row = niches.get(entry["slug"])
        entry["label_fr"], entry["label_en"] = (
            (row.label_fr, row.label_en) if row is not None else (entry["slug"], entry["slug"])
        )
    snapshot["niches"] = sorted(
        snapshot.get("niches", []),
        key=lambda entry: (NICHE_POSITIONS.get(entry["slug"], len(NICHE_POSITIONS) * 10), entry["slug"]),
    )
    card.snapshot = snapshot
    card.save(update_fields=["snapshot"])


class Migration(migrations.Migration):
    dependencies = [("estimator", "0005_i15_default_card_name")]

    operations = [
        migrations.RenameField("country", "name", "name_en"),
        migrations.AlterField(
            model_name="country",
            name="name_en",
            field=models.CharField(max_length=80, verbose_name="name in English"),
        ),
        migrations.AddField(
            model_name="country",
            name="name_fr",
            field=models.CharField(default="", max_length=80, verbose_name="name in French"),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="niche",
            name="label_fr",
            field=models.CharField(default="", max_length=80, verbose_name="label in French"),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="niche",
            name="label_en",
            field=models.CharField(default="", max_length=80, verbose_name="label in English"),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="niche",
            name="position",
            field=models.PositiveSmallIntegerField(
                default=0,
                help_text="Where the forms list it (smallest first).",
                verbose_name="position",
            ),
        ),
        migrations.AlterModelOptions(
            name="niche",
            options={
                "ordering": ["position", "slug"],
                "verbose_name": "niche",
                "verbose_name_plural": "niches",
            },
        ),
        migrations.RunPython(fill_names, migrations.RunPython.noop),
    ]
