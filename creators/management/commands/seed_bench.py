"""``manage.py seed_bench --creators N --months M``: many plausible creators, fast, for the bench.

Every creator is one account with one profile (France, Belgium and Canada, every niche) and
``M`` consecutive months of stats, each stored with its estimate from the active rate card, as
the app would have saved it. The first creator also gets a second profile with ``--long-months``
months (the bench's "profile page with 60 months").

Deterministic: creator ``i`` always gets the same profile and numbers (one seeded random
generator per creator), whatever ``N``. Fast: rows go in with ``bulk_create``, and the
estimates — most of the work, ~0.3 ms each — are computed by a pool of processes while the
main one inserts. 10 000 × 36 takes about a minute on two cores.

The accounts live under ``@bench.example.com`` (``--reset`` deletes only those) and none can log
in, except the first one when ``--password`` is given. A database that already holds other
accounts is refused unless ``--force``: this is for scratch databases.
"""

from __future__ import annotations

import argparse
import datetime
import json
import math
import multiprocessing
import os
import random
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection, connections, models, transaction
from django.utils import timezone

from config.months import add_months
from creators.estimates import apply_estimate
from creators.models import CreatorProfile, MonthlyStat, Origin
from estimator import calculations as calc
from estimator.snapshot import NoActiveRateCard, load_active_rates

BENCH_DOMAIN = "bench.example.com"
LONG_PROFILE_HANDLE = "bench.sixty"
# Below this many months in all, a pool of processes costs more than it saves.
POOL_THRESHOLD = 5_000
CHUNK_CREATORS = 200
BATCH_SIZE = 1_000

COUNTRIES = ("FR", "BE", "CA")
COUNTRY_WEIGHTS = (60, 15, 25)
NICHE_WEIGHTS = {
    "general": 14,
    "entertainment": 14,
    "beauty": 11,
    "fashion": 9,
    "food": 10,
    "gaming": 9,
    "fitness": 8,
    "travel": 6,
    "tech": 7,
    "education": 6,
    "finance": 6,
}
FIRST_NAMES = (
    "lea", "emma", "jade", "louise", "alice", "chloe", "ines", "lina", "mila", "manon",
    "gabriel", "louis", "raphael", "jules", "adam", "lucas", "hugo", "arthur", "nathan", "theo",
    "olivia", "noah", "liam", "william", "charlotte", "felix", "elodie", "sacha", "yasmine",
    "amir",
)  # fmt: skip


def bench_username(index: int) -> str:
    """The account of creator ``index`` (from 1)."""
    return f"creator{index:05d}@{BENCH_DOMAIN}"


BENCH_USERNAME = bench_username(1)


def _month_argument(value: str) -> datetime.date:
    try:
        return datetime.datetime.strptime(value, "%Y-%m").date()
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a month like 2026-10, not {value!r}") from None


def _positive(value: str) -> int:
    number = int(value)
    if number < 0:
        raise argparse.ArgumentTypeError(f"expected 0 or more, not {value}")
    return number


@dataclass(frozen=True)
class CreatorSpec:
    """Who creator ``index`` is and how their account behaves, month after month."""

    index: int
    handle: str
    display_name: str
    country: str
    niche: str
    account_type: str
    birth_year: int | None
    birth_date: datetime.date | None
    first_followers: int
    monthly_growth: float
    videos_per_month: int
    reach: float  # views per video per follower
    long_share: float  # share of videos over one minute
    engagement: float  # (likes + comments + shares) / views
    goes_live: bool
    types_revenue: bool  # types in what they were paid, the last six months

    def profile(self, **fields) -> CreatorProfile:
        return CreatorProfile(
            handle=self.handle,
            display_name=self.display_name,
            country=self.country,
            niche=self.niche,
            account_type=self.account_type,
            birth_year=self.birth_year,
            birth_date=self.birth_date,
            **fields,
        )


def creator_spec(index: int, handle: str | None = None) -> CreatorSpec:
    rng = random.Random(f"seed_bench:{index}:{handle}")  # noqa: S311 -- fake data, not security
    name = rng.choice(FIRST_NAMES)
    niche = rng.choices(tuple(NICHE_WEIGHTS), weights=tuple(NICHE_WEIGHTS.values()))[0]
    birth_year = birth_date = None
    roll = rng.random()
    if roll < 0.25:
        birth_date = datetime.date(rng.randint(1975, 2008), rng.randint(1, 12), rng.randint(1, 28))
    elif roll < 0.9:
        birth_year = rng.randint(1975, 2008)
    return CreatorSpec(
        index=index,
        handle=handle or f"{name}.{index:05d}",
        display_name=f"{name.capitalize()} {rng.choice('ABCDEFGHJKLMNPRSTV')}.",
        country=rng.choices(COUNTRIES, weights=COUNTRY_WEIGHTS)[0],
        niche=niche,
        account_type="business" if rng.random() < 0.15 else "personal",
        birth_year=birth_year,
        birth_date=birth_date,
        # Log-uniform: many small accounts, a few large ones.
        first_followers=round(math.exp(rng.uniform(math.log(300), math.log(400_000)))),
        monthly_growth=min(max(rng.gauss(0.04, 0.05), -0.04), 0.3),
        videos_per_month=rng.randint(4, 40),
        reach=rng.uniform(0.15, 1.6),
        long_share=rng.uniform(0.05, 0.7),
        engagement=rng.uniform(0.025, 0.11),
        goes_live=rng.random() < 0.4,
        types_revenue=rng.random() < 0.3,
    )


def _money(value: float) -> Decimal:
    return Decimal(f"{value:.2f}")


def month_values(spec: CreatorSpec, count: int) -> list[dict[str, Any]]:
    """``count`` months of stats, oldest first, as model field values."""
    rng = random.Random(f"seed_bench:{spec.index}:{spec.handle}:months")  # noqa: S311
    months = []
    followers = float(spec.first_followers)
    for index in range(count):
        followers = max(50.0, followers * (1 + spec.monthly_growth) * rng.uniform(0.97, 1.03))
        count_followers = round(followers)
        videos = max(0, round(spec.videos_per_month * rng.uniform(0.6, 1.3)))
        views = round(videos * max(count_followers, 200) * spec.reach * rng.uniform(0.6, 1.5))
        long_videos = round(videos * spec.long_share * rng.uniform(0.8, 1.2))
        long_views = min(views, round(views * spec.long_share * rng.uniform(0.8, 1.25)))
        interactions = views * spec.engagement * rng.uniform(0.85, 1.15)
        sessions = rng.randint(2, 12) if spec.goes_live else 0
        values: dict[str, Any] = {
            "followers": count_followers,
            "video_views": views,
            "long_video_views": long_views,
            "videos_posted": videos,
            "long_videos_posted": min(videos, long_videos),
            "profile_views": round(views * rng.uniform(0.01, 0.04)),
            "likes": round(interactions * 0.86),
            "comments": round(interactions * 0.05),
            "shares": round(interactions * 0.09),
            "live_sessions": sessions,
            "diamonds": sessions * rng.randint(100, 5_000),
            "sponsored_posts": rng.choice((0, 0, 1, 1, 2)) if count_followers >= 5_000 else 0,
        }
        if count_followers >= 10_000 and long_views:
            values["qualified_views"] = round(long_views * rng.uniform(0.55, 0.85))
        if spec.goes_live and count_followers >= 1_000:
            values["subscribers"] = round(count_followers * rng.uniform(0.0005, 0.002))
        if spec.types_revenue and index >= count - 6:
            if "qualified_views" in values:
                values["actual_creator_rewards"] = _money(
                    values["qualified_views"] / 1000 * rng.uniform(0.4, 1.1)
                )
            if values["diamonds"]:
                values["actual_live_gifts"] = _money(values["diamonds"] * 0.005)
            if values["sponsored_posts"]:
                values["actual_brand_partnerships"] = _money(
                    values["sponsored_posts"] * count_followers * rng.uniform(0.005, 0.02)
                )
        values["origins"] = dict.fromkeys(values, Origin.TYPED.value)
        months.append(values)
    return months


def with_estimates(
    spec: CreatorSpec, months: list[dict[str, Any]], first_month: datetime.date, rates: calc.Rates
) -> list[dict[str, Any]]:
    """The months with their ``month`` and the estimate the app would have stored."""
    profile = spec.profile()
    for index, values in enumerate(months):
        values["month"] = add_months(first_month, index)
        stat = MonthlyStat(**values)
        apply_estimate(profile, stat, rates)
        values["estimate"] = stat.estimate
        values["estimated_total"] = stat.estimated_total
        values["rate_card_id"] = rates.card_id
    return months


@dataclass(frozen=True)
class Job:
    """The months of some creators: (spec, months count, first month) each."""

    creators: tuple[tuple[CreatorSpec, int, datetime.date], ...]


# Every column of a month but its id, the profile first; in the INSERT and in each row.
MONTH_FIELDS = tuple(
    sorted(
        (field for field in MonthlyStat._meta.concrete_fields if not field.primary_key),
        key=lambda field: field.name != "profile",
    )
)


def _to_text(value: Any) -> Any:
    return None if value is None else str(value)


def _to_json(value: Any) -> str | None:
    return None if value is None else json.dumps(value)


def _converter(field) -> Callable[[Any], Any]:
    """Values both SQLite and PostgreSQL take as parameters: text for dates, money and JSON."""
    if isinstance(field, models.JSONField):
        return _to_json
    if isinstance(field, models.DateField | models.DecimalField):
        return _to_text
    return lambda value: value


_COLUMNS = tuple((field.attname, field.get_default(), _converter(field)) for field in MONTH_FIELDS)


def month_row(values: dict[str, Any], updated_at: Any) -> tuple[Any, ...]:
    """The INSERT parameters of one month, in MONTH_FIELDS order (``auto_now`` given)."""
    return tuple(
        updated_at if attname == "updated_at" else convert(values.get(attname, default))
        for attname, default, convert in _COLUMNS
    )


_worker_rates: calc.Rates | None = None
_worker_updated_at: Any = None


def _init_worker(rates: calc.Rates, updated_at: Any) -> None:
    global _worker_rates, _worker_updated_at
    _worker_rates, _worker_updated_at = rates, updated_at


def _run_job(job: Job) -> list[list[tuple[Any, ...]]]:
    """Each creator's months as INSERT rows (the profile left empty: the parent knows it)."""
    assert _worker_rates is not None
    return [
        [
            month_row(values, _worker_updated_at)
            for values in with_estimates(
                spec, month_values(spec, count), first_month, _worker_rates
            )
        ]
        for spec, count, first_month in job.creators
    ]


class Command(BaseCommand):
    help = (
        "Fill a scratch database with N bench creators (one account and one profile each) and "
        "M months of stats with their estimates, using bulk inserts."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--creators", type=_positive, default=10, help="default: 10")
        parser.add_argument("--months", type=_positive, default=36, help="per creator; 36")
        parser.add_argument(
            "--long-months",
            type=_positive,
            default=60,
            help=f"months of the first creator's extra profile @{LONG_PROFILE_HANDLE} "
            "(default 60; 0: no extra profile)",
        )
        parser.add_argument(
            "--last-month",
            type=_month_argument,
            default=None,
            help="last month of the data, YYYY-MM (default: the month before today)",
        )
        parser.add_argument(
            "--password",
            default="",
            help=f"password of the first creator, {BENCH_USERNAME} (default: none can log in)",
        )
        parser.add_argument("--reset", action="store_true", help="delete the bench accounts first")
        parser.add_argument(
            "--force",
            action="store_true",
            help="seed even though the database holds accounts that are not bench accounts",
        )
        parser.add_argument(
            "--jobs",
            type=_positive,
            default=os.cpu_count() or 1,
            help="processes computing estimates (default: one per core)",
        )

    def handle(self, *args, **options) -> None:
        started = time.perf_counter()
        try:
            rates = load_active_rates()
        except NoActiveRateCard as error:
            raise CommandError(f"{error} Run `manage.py migrate` first.") from None
        users = get_user_model().objects
        bench_users = users.filter(username__endswith=f"@{BENCH_DOMAIN}")
        if not options["force"] and users.exclude(username__endswith=f"@{BENCH_DOMAIN}").exists():
            raise CommandError(
                "This database holds real accounts: seed_bench is for scratch databases "
                "(use --force to seed anyway)."
            )
        if options["reset"]:
            self._delete(bench_users)
        elif bench_users.exists():
            raise CommandError("Bench creators already exist: add --reset to replace them.")

        last_month = options["last_month"] or add_months(timezone.localdate().replace(day=1), -1)
        creators, months = options["creators"], options["months"]
        specs = [creator_spec(index) for index in range(1, creators + 1)]
        plan = [(spec, months, add_months(last_month, -(months - 1))) for spec in specs]
        long_spec = None
        if creators and options["long_months"]:
            long_spec = creator_spec(1, handle=LONG_PROFILE_HANDLE)
            long_months = options["long_months"]
            plan.append((long_spec, long_months, add_months(last_month, -(long_months - 1))))
        total_months = sum(count for _spec, count, _first in plan)

        jobs = [
            Job(tuple(plan[start : start + CHUNK_CREATORS]))
            for start in range(0, len(plan), CHUNK_CREATORS)
        ]
        workers = min(options["jobs"], len(jobs))
        # What Django itself would write for an auto_now field, computed once.
        updated_at = connection.ops.adapt_datetimefield_value(timezone.now())
        if workers > 1 and total_months >= POOL_THRESHOLD and not connection.in_atomic_block:
            # Forked children must not share the parent's database connection.
            connections.close_all()
            pool = multiprocessing.get_context("fork").Pool(
                workers, initializer=_init_worker, initargs=(rates, updated_at)
            )
            results: Iterable[list[list[dict[str, Any]]]] = pool.imap(_run_job, jobs)
        else:
            pool = None
            _init_worker(rates, updated_at)
            results = map(_run_job, jobs)
        try:
            with transaction.atomic():
                profiles = self._create_accounts(specs, long_spec, options["password"])
                stats = self._create_months(profiles, results)
        finally:
            if pool is not None:
                pool.terminate()
        if connection.vendor == "postgresql":
            # Fresh statistics, as autovacuum would gather them on a live database.
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")

        extra = f" + @{LONG_PROFILE_HANDLE} with {options['long_months']}" if long_spec else ""
        self.stdout.write(
            self.style.SUCCESS(
                f"Seeded {creators} creators × {months} months{extra} "
                f"({stats} monthly stats, estimated with “{rates.card_name}”, "
                f"{workers if pool else 1} process(es)) in {time.perf_counter() - started:.1f} s."
            )
        )

    def _delete(self, bench_users) -> None:
        # Months first, in one statement: the cascade from users would load them all.
        MonthlyStat.objects.filter(profile__owner__in=bench_users).delete()
        CreatorProfile.objects.filter(owner__in=bench_users).delete()
        bench_users.delete()

    def _create_accounts(
        self, specs: list[CreatorSpec], long_spec: CreatorSpec | None, password: str
    ) -> list[CreatorProfile]:
        """One account and one profile per creator, then the extra profile: in plan order."""
        user_model = get_user_model()
        # Hashed once: hashing 10 000 passwords would take longer than the whole seed.
        unusable = make_password(None)
        accounts = [
            user_model(
                username=bench_username(spec.index),
                email=bench_username(spec.index),
                password=make_password(password) if password and spec.index == 1 else unusable,
            )
            for spec in specs
        ]
        accounts = user_model.objects.bulk_create(accounts, batch_size=BATCH_SIZE)
        profiles = [spec.profile(owner=owner) for spec, owner in zip(specs, accounts, strict=True)]
        if long_spec is not None:
            profiles.append(long_spec.profile(owner=accounts[0]))
        return CreatorProfile.objects.bulk_create(profiles, batch_size=BATCH_SIZE)

    def _create_months(
        self, profiles: list[CreatorProfile], results: Iterable[list[list[tuple[Any, ...]]]]
    ) -> int:
        """Plain multi-row INSERTs: bulk_create spends ~0.3 ms a row building its SQL."""
        quote = connection.ops.quote_name
        columns = ", ".join(quote(field.column) for field in MONTH_FIELDS)
        placeholders = ", ".join(["%s"] * len(MONTH_FIELDS))
        table = quote(MonthlyStat._meta.db_table)
        # Names from the model's own metadata, quoted; the values are parameters.
        sql = f"INSERT INTO {table} ({columns}) VALUES ({placeholders})"  # noqa: S608
        created = 0
        profile_ids: Iterator[int] = (profile.pk for profile in profiles)
        with connection.cursor() as cursor:
            for chunk in results:
                rows = [
                    (profile_id, *row[1:])
                    # The chunk first: zip stops on it without taking one more id.
                    for months, profile_id in zip(chunk, profile_ids, strict=False)
                    for row in months
                ]
                cursor.executemany(sql, rows)
                created += len(rows)
        return created
