"""``manage.py import_tiktok``: the same reader and rules as the upload, from a shell."""

from __future__ import annotations

import datetime
import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from creators.management.commands.import_tiktok import Command
from creators.models import CreatorProfile, MonthlyStat
from tests.creators.data import DATA, SAMPLE_SETS, expected_months
from tests.creators.factories import make_month, make_profile, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def user():
    return make_user("lea@example.com")


def run(*args: str) -> str:
    out = io.StringIO()
    call_command("import_tiktok", *args, stdout=out)
    return out.getvalue()


def sample_args(sample_set: str) -> list[str]:
    names, export_date, _expected = SAMPLE_SETS[sample_set]
    args = [str(DATA / name) for name in names]
    if export_date is not None:
        args = ["--export-date", export_date.isoformat(), *args]
    return args


def stored_months(profile) -> dict[str, dict[str, int]]:
    return {
        f"{stat.month:%Y-%m}": {
            "views": stat.video_views,
            "followers": stat.followers,
            "likes": stat.likes,
            "comments": stat.comments,
            "shares": stat.shares,
            "days": max(stat.origins["_days"].values()),
        }
        for stat in MonthlyStat.objects.for_profile(profile).chronological()
    }


@pytest.mark.parametrize("sample_set", SAMPLE_SETS)
def test_every_sample_set_imports_by_command_to_its_expected_months(user, sample_set):
    output = run("--user", user.username, "--handle", "lea", *sample_args(sample_set))
    profile = CreatorProfile.objects.get(owner=user, handle="lea")
    assert stored_months(profile) == expected_months(SAMPLE_SETS[sample_set][2])
    assert "Created the profile @lea (FR)." in output


def test_the_profile_is_created_with_the_country_given(user):
    run("--user", user.username, "--handle", "lea.be", "--country", "be", *sample_args("csv"))
    assert CreatorProfile.objects.get(owner=user).country == "BE"


def test_an_existing_profile_is_used_whatever_the_case_of_the_handle(user):
    profile = make_profile(owner=user, handle="Lea")
    output = run("--user", user.username, "--handle", "@lea", *sample_args("zip"))
    assert CreatorProfile.objects.filter(owner=user).count() == 1
    assert MonthlyStat.objects.for_profile(profile).count() == 5
    assert "Created" not in output


def test_it_prints_a_summary_per_month(user):
    output = run("--user", user.username, "--handle", "lea", *sample_args("csv"))
    assert "2026-06 (9/30 days, partial): new month" in output
    assert "    followers: 7693" in output
    assert "2026-07 (31/31 days): new month" in output
    assert "5 month(s) written to @lea." in output


def test_a_second_run_changes_nothing(user):
    run("--user", user.username, "--handle", "lea", *sample_args("csv"))
    before = list(MonthlyStat.objects.values().order_by("pk"))
    output = run("--user", user.username, "--handle", "lea", *sample_args("xlsx"))
    assert output.count("nothing to change") == 5
    assert "Nothing to change." in output
    assert list(MonthlyStat.objects.values().order_by("pk")) == before


def test_a_changed_value_is_shown_old_to_new(user):
    profile = make_profile(owner=user, handle="lea")
    make_month(profile, 2026, 7, followers=8_000, origins={"followers": "typed"})
    output = run("--user", user.username, "--handle", "lea", *sample_args("csv"))
    assert "2026-07 (31/31 days): 6 change(s)" in output
    assert "    followers: 8000 -> 8784" in output


def test_a_dry_run_writes_nothing_not_even_the_profile(user):
    output = run("--user", user.username, "--handle", "lea", "--dry-run", *sample_args("csv"))
    assert "The profile @lea (FR) would be created." in output
    assert "Dry run: 5 month(s) would change; nothing written." in output
    assert not CreatorProfile.objects.exists()
    assert not MonthlyStat.objects.exists()


def test_a_bad_file_exits_with_status_1_the_errors_and_nothing_written(
    user, tmp_path, capsys, monkeypatch
):
    # run_from_argv closes the database connections on its way out, which would end the
    # test's own transaction on PostgreSQL.
    monkeypatch.setattr("django.core.management.base.connections.close_all", lambda: None)
    bad = tmp_path / "Overview.csv"
    bad.write_text("Date,Video Views,Profile Views,Likes,Comments,Shares\nJune 1,many,1,1,1,1\n")
    good = DATA / "FollowerHistory.csv"
    argv = ["manage.py", "import_tiktok", "--user", user.username, "--handle", "lea"]
    with pytest.raises(SystemExit) as exit_info:
        Command().run_from_argv([*argv, str(good), str(bad)])
    assert exit_info.value.code == 1
    stderr = capsys.readouterr().err
    assert "Nothing was written" in stderr
    assert "Overview.csv, line 2, column “Video Views”: “many”: this is not a whole number." in (
        stderr
    )
    assert not CreatorProfile.objects.exists()
    assert not MonthlyStat.objects.exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--user", "nobody@example.com", "--handle", "lea"], "No user 'nobody@example.com'."),
        (["--user", "lea@example.com", "--handle", "not a handle"], "is not a TikTok handle"),
        (["--user", "lea@example.com", "--handle", "lea", "--country", "ZZ"], "Unknown country"),
    ],
)
def test_bad_arguments_are_refused(user, args, message):
    with pytest.raises(CommandError, match=message):
        run(*args, str(DATA / "Overview.csv"))
    assert not CreatorProfile.objects.exists()


def test_a_missing_file_is_refused(user, tmp_path):
    with pytest.raises(CommandError, match="no such file"):
        run("--user", user.username, "--handle", "lea", str(tmp_path / "nope.csv"))


def test_the_export_date_must_be_a_date(user):
    with pytest.raises(CommandError, match="expected a date like 2026-10-21"):
        run("--user", user.username, "--handle", "lea", "--export-date", "21/10/2026", "x.csv")


def test_without_an_export_date_the_zip_name_then_today_give_the_year(user, time_machine):
    time_machine.move_to(datetime.datetime(2027, 2, 1, 12, 0))
    run("--user", user.username, "--handle", "lea", str(DATA / "Overview_1792540800.zip"))
    run("--user", user.username, "--handle", "lea", str(DATA / "fr" / "Overview.csv"))
    months = set(MonthlyStat.objects.values_list("month", flat=True))
    assert datetime.date(2026, 6, 1) in months  # from the zip's name: 2026-10-21
    assert datetime.date(2026, 11, 1) in months  # "20 novembre", counted back from 2027-02-01
