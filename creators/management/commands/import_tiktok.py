"""``manage.py import_tiktok --user USERNAME --handle HANDLE FILE...``: TikTok Studio files in.

The same reader and the same rules as the upload on the profile page. The profile is created
when the user has none with that handle. Any bad file: exit status 1, the errors, nothing
written. ``--dry-run`` prints what would change and writes nothing.
"""

from __future__ import annotations

import argparse
import datetime
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.utils import timezone, translation

from creators import audience, importing
from creators.models import HANDLE, CreatorProfile
from creators.studio import limits
from creators.studio.files import ExportFile
from creators.studio.reading import read_exports
from estimator.snapshot import NoActiveRateCard, load_active_rates


def _date_argument(value: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"expected a date like 2026-10-21, not {value!r}"
        ) from None


class Command(BaseCommand):
    help = "Import TikTok Studio exports (zip, CSV or XLSX) into a creator profile's months."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--user", required=True, help="the owner's username")
        parser.add_argument("--handle", required=True, help="the TikTok handle, without @")
        parser.add_argument(
            "--country", default="FR", help="country of a profile created here (default: FR)"
        )
        parser.add_argument(
            "--export-date",
            type=_date_argument,
            help="the day the files were downloaded (YYYY-MM-DD); default: the date in a "
            "Studio zip's name, else today",
        )
        parser.add_argument("--dry-run", action="store_true", help="show, write nothing")
        parser.add_argument("files", nargs="+", type=Path, metavar="FILE")

    # Operators read the command's output: in English, like the rest of the command line.
    @translation.override("en")
    def handle(self, *args, **options) -> None:
        user = self._user(options["user"])
        handle = options["handle"].strip().lstrip("@")
        try:
            rates = load_active_rates()
        except NoActiveRateCard as error:
            raise CommandError(str(error)) from None
        result = read_exports(
            _read(options["files"]), options["export_date"], today=timezone.localdate()
        )
        if not result.ok:
            raise CommandError(
                "Nothing was written: "
                + "".join(f"\n  - {error.message}" for error in result.errors)
            )
        for notice in result.notices:
            self.stdout.write(f"note: {notice}")
        profile = CreatorProfile.objects.owned_by(user).filter(handle__iexact=handle).first()
        with transaction.atomic():
            if profile is None:
                profile = self._new_profile(
                    user, handle, options["country"].upper(), rates, save=not options["dry_run"]
                )
            if options["dry_run"]:
                plan = importing.plan_import(profile, result.months)
            else:
                plan = importing.apply_import(profile, result.months, rates)
                if audience.apply(profile, result.audience):
                    self.stdout.write("audience and recent videos stored")
        self._summary(profile, plan, dry_run=options["dry_run"])

    def _user(self, username: str):
        model = get_user_model()
        try:
            return model.objects.get(**{model.USERNAME_FIELD: username})
        except model.DoesNotExist:
            raise CommandError(f"No user {username!r}.") from None

    def _new_profile(self, user, handle: str, country: str, rates, save: bool) -> CreatorProfile:
        try:
            HANDLE(handle)
        except ValidationError:
            raise CommandError(
                f"{handle!r} is not a TikTok handle (2 to 24 letters, digits, dots, underscores)."
            ) from None
        if country not in rates.countries:
            known = ", ".join(sorted(rates.countries))
            raise CommandError(f"Unknown country {country!r}; known: {known}.")
        profile = CreatorProfile(owner=user, handle=handle, country=country)
        if save:
            profile.save()
            self.stdout.write(f"Created the profile @{handle} ({country}).")
        else:
            self.stdout.write(f"The profile @{handle} ({country}) would be created.")
        return profile

    def _summary(self, profile: CreatorProfile, plan: importing.ImportPlan, dry_run: bool):
        for month in plan.months:
            days = f"{month.totals.days}/{month.totals.days_in_month} days"
            if month.totals.partial:
                days += ", partial"
            if not month.writes:
                state = "nothing to change"
            elif not month.exists:
                state = "new month"
            else:
                state = f"{month.changes} change(s)"
            self.stdout.write(f"{month.month:%Y-%m} ({days}): {state}")
            for field in month.fields:
                if field.status == importing.NEW:
                    self.stdout.write(f"    {field.name}: {field.new}")
                elif field.status == importing.CHANGED:
                    self.stdout.write(f"    {field.name}: {field.old} -> {field.new}")
                elif field.status == importing.LEFT_OUT:
                    self.stdout.write(f"    {field.name}: {field.new} left out (partial month)")
                elif field.status == importing.KEPT_TYPED:
                    self.stdout.write(f"    {field.name}: {field.old} kept (typed; partial month)")
                elif field.status == importing.KEPT:
                    self.stdout.write(
                        f"    {field.name}: {field.old} kept (covers {field.stored_days} days)"
                    )
        written = len(plan.written)
        if dry_run:
            self.stdout.write(f"Dry run: {written} month(s) would change; nothing written.")
        elif written:
            self.stdout.write(
                self.style.SUCCESS(f"{written} month(s) written to @{profile.handle}.")
            )
        else:
            self.stdout.write("Nothing to change.")


def _read(paths: list[Path]) -> list[ExportFile]:
    """The files, their sizes checked before reading; a missing file stops the command."""
    sizes = []
    for path in paths:
        if not path.is_file():
            raise CommandError(f"{path}: no such file.")
        sizes.append((path.name, path.stat().st_size))
    errors = limits.check_batch(sizes)
    if errors:
        raise CommandError(
            "Nothing was written: " + "".join(f"\n  - {error.message}" for error in errors)
        )
    return [ExportFile(path.name, path.read_bytes()) for path in paths]
