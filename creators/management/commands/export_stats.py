"""``manage.py export_stats --user USERNAME --handle HANDLE``: a profile's months as CSV.

The same CSV as the profile page's download: ``month`` (YYYY-MM), ``followers``, ``views``, every
other stat field in model order, then the stored ``estimated_total``.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser

from creators import exporting
from creators.models import CreatorProfile, MonthlyStat


class Command(BaseCommand):
    help = "Write a creator profile's monthly stats as CSV to standard output."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--user", required=True, help="the owner's username")
        parser.add_argument("--handle", required=True, help="the TikTok handle, without @")

    def handle(self, *args, **options) -> None:
        model = get_user_model()
        try:
            user = model.objects.get(**{model.USERNAME_FIELD: options["user"]})
        except model.DoesNotExist:
            raise CommandError(f"No user {options['user']!r}.") from None
        handle = options["handle"].strip().lstrip("@")
        profile = CreatorProfile.objects.owned_by(user).filter(handle__iexact=handle).first()
        if profile is None:
            raise CommandError(f"{options['user']!r} has no profile @{handle}.")
        stats = MonthlyStat.objects.for_profile(profile).chronological()
        self.stdout.write(exporting.csv_text(stats), ending="")
