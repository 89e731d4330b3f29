"""Importing on the profile page: upload, preview, confirm; errors, limits, ownership."""

from __future__ import annotations

import dataclasses
import datetime
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from creators import importing
from creators.models import MonthlyStat
from creators.studio import limits
from creators.studio.columns import FIELDS
from creators.studio.reading import read_exports
from estimator.models import RateCard
from tests.creators.data import (
    DATA,
    OVERVIEW_HEADER,
    SAMPLE_SETS,
    csv_file,
    expected_months,
    sample,
    zip_file,
)
from tests.creators.factories import make_month, make_profile, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def profile(client):
    profile = make_profile(handle="lea")
    client.force_login(profile.owner)
    return profile


def upload_file(name: str, content: bytes | None = None) -> SimpleUploadedFile:
    if content is None:
        content = (DATA / name).read_bytes()
    return SimpleUploadedFile(name.rsplit("/", 1)[-1], content)


def upload(client, profile, files, export_date: datetime.date | None = None):
    data = {"files": files}
    if export_date is not None:
        data["export_date"] = export_date.isoformat()
    return client.post(f"/en/profiles/{profile.pk}/import/", data)


def confirm(client, profile):
    token = client.session[importing.SESSION_KEY]["token"]
    return client.post(f"/en/profiles/{profile.pk}/import/confirm/", {"token": token})


def import_samples(client, profile, sample_set: str):
    names, export_date, _expected = SAMPLE_SETS[sample_set]
    response = upload(client, profile, [upload_file(name) for name in names], export_date)
    assert response.status_code == 302, response.text
    assert response["Location"] == f"/en/profiles/{profile.pk}/import/preview/"
    return confirm(client, profile)


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


def snapshot():
    return list(MonthlyStat.objects.values().order_by("pk"))


# --- The journey --------------------------------------------------------------------------


def test_a_new_profile_offers_the_import_but_no_empty_export(client, profile):
    text = client.get(f"/en/profiles/{profile.pk}/").text
    assert f'href="/en/profiles/{profile.pk}/import/"' in text
    assert "export.csv" not in text


def test_the_profile_page_links_to_the_import_and_both_exports(client, profile):
    make_month(profile, 2026, 9, followers=1_000)
    text = client.get(f"/en/profiles/{profile.pk}/").text
    assert f'href="/en/profiles/{profile.pk}/import/"' in text
    assert f'href="/en/profiles/{profile.pk}/export.csv"' in text
    assert f'href="/en/profiles/{profile.pk}/export.xlsx"' in text


def test_the_upload_page_is_a_multipart_form_with_csrf(client, profile):
    response = client.get(f"/en/profiles/{profile.pk}/import/")
    assert response.status_code == 200
    assert 'enctype="multipart/form-data"' in response.text
    assert "csrfmiddlewaretoken" in response.text
    assert 'type="file" name="files"' in response.text
    assert "multiple" in response.text


@pytest.mark.parametrize("sample_set", SAMPLE_SETS)
def test_every_sample_set_imports_by_upload_to_its_expected_months(client, profile, sample_set):
    response = import_samples(client, profile, sample_set)
    assert response.status_code == 302
    assert response["Location"] == f"/en/profiles/{profile.pk}/#months"
    assert stored_months(profile) == expected_months(SAMPLE_SETS[sample_set][2])


def test_the_preview_shows_the_months_and_writes_nothing(client, profile):
    upload(client, profile, [upload_file("Overview.csv"), upload_file("FollowerHistory.csv")])
    response = client.get(f"/en/profiles/{profile.pk}/import/preview/")
    assert response.status_code == 200
    text = response.text
    for month in ("June 2026", "July 2026", "August 2026", "September 2026", "October 2026"):
        assert month in text
    assert text.count("New month") == 5
    assert text.count(">partial<") == 2  # June from the 22nd, October to the 18th
    assert "Confirm the import" in text
    assert "Overview.csv" in text and "FollowerHistory.csv" in text
    assert not MonthlyStat.objects.exists()


def test_the_french_preview_puts_a_space_before_the_colon(client, profile):
    upload(client, profile, [upload_file("Overview.csv")])
    text = client.get(f"/profiles/{profile.pk}/import/preview/").text
    assert "<strong>Overview.csv</strong>\u00a0: Vue d’ensemble" in text


def test_the_preview_shows_what_changes_against_what_is_stored(client, profile):
    make_month(
        profile, 2026, 7, followers=8_000, video_views=247_698, origins={"followers": "typed"}
    )
    upload(
        client,
        profile,
        [upload_file("Overview.csv"), upload_file("FollowerHistory.csv")],
        datetime.date(2026, 10, 21),
    )
    text = client.get(f"/en/profiles/{profile.pk}/import/preview/").text
    row = text[text.index('id="import-2026-07"') :].split("</tr>")[0]
    assert "<del>8,000</del>" in row and "<ins>8,784</ins>" in row
    assert "replaces a typed value" in row
    assert "247,698" in row and "unchanged" in row
    assert "5 changes" in row  # all but the video views


def test_confirming_writes_imported_origins_day_counts_and_estimates(client, profile):
    import_samples(client, profile, "csv")
    june = MonthlyStat.objects.get(profile=profile, month=datetime.date(2026, 6, 1))
    assert june.origins["followers"] == "imported"
    assert june.origins["_days"] == dict.fromkeys(FIELDS, 9)
    assert june.profile_views > 0
    assert june.rate_card == RateCard.objects.get(is_active=True)
    assert june.estimate is not None
    # An export prices no source (no long-video views, deals or sales): unknown, not 0.
    assert june.estimated_total is None
    assert importing.SESSION_KEY not in client.session


def test_importing_twice_changes_nothing(client, profile):
    import_samples(client, profile, "csv")
    before = snapshot()
    upload(
        client,
        profile,
        [upload_file("Overview_1792540800.zip"), upload_file("Followers_sample_creator.zip")],
    )
    preview = client.get(f"/en/profiles/{profile.pk}/import/preview/").text
    assert "Nothing to change: your table already holds these values." in preview
    assert "Confirm the import" not in preview
    response = confirm(client, profile)
    assert response.status_code == 302
    assert snapshot() == before


def test_a_typed_value_of_a_field_the_export_does_not_carry_survives(client, profile):
    make_month(
        profile,
        2026,
        8,
        qualified_views=150_000,
        actual_creator_rewards=Decimal("120.50"),
        followers=1,
        origins={
            "qualified_views": "typed",
            "actual_creator_rewards": "typed",
            "followers": "typed",
        },
    )
    import_samples(client, profile, "csv")
    august = MonthlyStat.objects.get(profile=profile, month=datetime.date(2026, 8, 1))
    assert august.qualified_views == 150_000
    assert august.actual_creator_rewards == Decimal("120.50")
    assert august.origins["qualified_views"] == "typed"
    assert august.followers == 10_152
    assert august.origins["followers"] == "imported"


def test_a_partial_month_never_overwrites_an_imported_value_covering_more_days(client, profile):
    import_samples(client, profile, "csv")  # September: 30 days, 408 094 views
    late_september = csv_file(
        "Overview.csv", OVERVIEW_HEADER, "September 29,5,1,1,1,1", "September 30,5,1,1,1,1"
    )
    upload(
        client,
        profile,
        [upload_file("Overview.csv", late_september.data)],
        datetime.date(2026, 10, 2),
    )
    preview = client.get(f"/en/profiles/{profile.pk}/import/preview/").text
    assert "kept: the stored value covers 30 days" in preview
    confirm(client, profile)
    september = MonthlyStat.objects.get(profile=profile, month=datetime.date(2026, 9, 1))
    assert september.video_views == 408_094
    assert september.origins["_days"]["video_views"] == 30


def test_a_fuller_import_replaces_a_partial_one(client, profile):
    first_days = csv_file("Overview.csv", OVERVIEW_HEADER, "July 1,5,1,1,1,1")
    upload(
        client, profile, [upload_file("Overview.csv", first_days.data)], datetime.date(2026, 10, 21)
    )
    confirm(client, profile)
    import_samples(client, profile, "csv")
    july = MonthlyStat.objects.get(profile=profile, month=datetime.date(2026, 7, 1))
    assert july.video_views == 247_698
    assert july.origins["_days"]["video_views"] == 31


def test_only_the_written_months_get_a_new_estimate(client, profile):
    untouched = make_month(profile, 2025, 1, followers=100)
    import_samples(client, profile, "csv")
    untouched.refresh_from_db()
    assert untouched.rate_card is None
    assert MonthlyStat.objects.filter(rate_card__isnull=False).count() == 5


def test_the_confirmation_writes_everything_or_nothing(client, profile, monkeypatch):
    upload(
        client,
        profile,
        [upload_file("Overview.csv"), upload_file("FollowerHistory.csv")],
        datetime.date(2026, 10, 21),
    )

    def failing_bulk_update(*args, **kwargs):
        raise RuntimeError("the database went away")

    make_month(profile, 2026, 9, followers=1)
    monkeypatch.setattr(MonthlyStat.objects, "bulk_update", failing_bulk_update)
    with pytest.raises(RuntimeError):
        confirm(client, profile)
    assert list(MonthlyStat.objects.values_list("month", "followers")) == [
        (datetime.date(2026, 9, 1), 1)
    ]


# --- Refusals -----------------------------------------------------------------------------


def nested_zip() -> bytes:
    inner = zip_file("inner.zip", {"Overview.csv": (DATA / "Overview.csv").read_bytes()})
    return zip_file("Overview.zip", {"inner.zip": inner.data}).data


BROKEN = {
    "non-numeric cell": (
        "Overview.csv",
        f"{OVERVIEW_HEADER}\nJune 1,10,1,1,1,1\nJune 2,ten,1,1,1,1\n".encode(),
        "Overview.csv, line 3, column “Video Views”: “ten”: this is not a whole number.",
    ),
    "missing column": (
        "Overview.csv",
        b"Date,Video Views,Profile Views,Likes,Shares\nJune 1,1,1,1,1\n",
        "Overview.csv, line 1: the column “Comments” is missing from the header.",
    ),
    "unparseable date": (
        "FollowerHistory.csv",
        b"Date,Followers\nJune 1,10\nJune 31,11\n",
        "FollowerHistory.csv, line 3, column “Date”: “June 31”: this day does not exist.",
    ),
    "empty file": ("Overview.csv", b"", "Overview.csv: this file is empty."),
    "non-zip named .zip": (
        "Overview_1792540800.zip",
        b"Date,Followers\n",
        "Overview_1792540800.zip: this file is named .zip but is not a zip archive.",
    ),
    "zip with ../ paths": (
        "Overview.zip",
        zip_file("Overview.zip", {"../Overview.csv": b"Date,Followers\nJune 1,3\n"}).data,
        "Overview.zip: the archive contains a path outside itself (“../Overview.csv”): refused.",
    ),
    "zip bomb": (
        "Overview.zip",
        zip_file("Overview.zip", {"Overview.csv": b"0" * 3 * limits.MB}).data,
        "refused as a possible zip bomb",
    ),
    "nested zip": (
        "Overview.zip",
        nested_zip(),
        "Overview.zip: the archive contains another archive (“inner.zip”): refused.",
    ),
}


@pytest.mark.parametrize("case", BROKEN)
def test_a_broken_file_comes_back_with_its_error_and_nothing_written(client, profile, case):
    name, content, message = BROKEN[case]
    make_month(profile, 2026, 6, followers=10)
    before = snapshot()
    files = [upload_file("FollowerHistory.csv"), upload_file(name, content)]
    response = upload(client, profile, files, datetime.date(2026, 10, 21))
    assert response.status_code == 200
    assert "Nothing was written" in response.text
    assert message in response.content.decode()
    assert 'enctype="multipart/form-data"' in response.text
    assert snapshot() == before
    assert importing.SESSION_KEY not in client.session


def test_an_oversized_upload_is_refused_and_not_kept(client, profile):
    big = upload_file("Overview.csv", b"x" * (limits.MAX_FILE_BYTES + 1))
    response = upload(client, profile, [big, upload_file("FollowerHistory.csv")])
    assert response.status_code == 200
    assert "Overview.csv: this file is larger than 5 MB" in response.text
    assert not MonthlyStat.objects.exists()


def test_an_oversized_file_is_dropped_while_it_arrives(client, profile, monkeypatch):
    monkeypatch.setattr(limits, "check_batch", lambda sizes: [])  # only the upload handler left
    big = upload_file("Overview.csv", b"x" * (limits.MAX_FILE_BYTES + 1))
    response = upload(client, profile, [big])
    assert response.status_code == 200
    assert "Overview.csv: this file is larger than 5 MB" in response.text
    assert "Choose at least one file." not in response.text


def test_an_upload_too_large_in_total_is_refused(client, profile):
    quarter = limits.MAX_TOTAL_BYTES // 4
    files = [upload_file(f"part{index}.csv", b"x" * quarter) for index in range(5)]
    response = upload(client, profile, files)
    assert response.status_code == 200
    assert "the files weigh more than 20 MB together" in response.text


def test_too_many_files_are_refused(client, profile):
    files = [upload_file("FollowerHistory.csv") for _index in range(limits.MAX_FILES + 1)]
    response = upload(client, profile, files)
    assert response.status_code == 200
    assert "11 files sent; at most 10 at once." in response.text
    assert not MonthlyStat.objects.exists()


def test_no_file_chosen_asks_for_one(client, profile):
    response = client.post(f"/en/profiles/{profile.pk}/import/", {"export_date": ""})
    assert response.status_code == 200
    assert "Choose at least one file." in response.text


def test_the_export_date_cannot_be_in_the_future(client, profile):
    tomorrow = datetime.date.today() + datetime.timedelta(days=2)
    response = upload(client, profile, [upload_file("Overview.csv")], tomorrow)
    assert response.status_code == 200
    assert "The export date cannot be in the future." in response.text


def test_an_unknown_file_is_reported(client, profile):
    response = upload(client, profile, [upload_file("budget.csv", b"Day,Money\nMay 1,3\n")])
    assert response.status_code == 200
    assert "budget.csv, line 1: not a TikTok Studio export we know (columns: Day, Money)." in (
        response.content.decode()
    )


def test_the_upload_checks_the_csrf_token(profile):
    client = Client(enforce_csrf_checks=True)
    client.force_login(profile.owner)
    files = {"files": [upload_file("Overview.csv")]}
    assert client.post(f"/en/profiles/{profile.pk}/import/", files).status_code == 403
    client.get(f"/en/profiles/{profile.pk}/import/")
    token = client.cookies["csrftoken"].value
    response = client.post(
        f"/en/profiles/{profile.pk}/import/",
        {"files": [upload_file("Overview.csv")], "csrfmiddlewaretoken": token},
    )
    assert response.status_code == 302


# --- What travels from preview to confirmation --------------------------------------------


def test_the_preview_without_an_upload_shows_the_form(client, profile):
    response = client.get(f"/en/profiles/{profile.pk}/import/preview/")
    assert response.status_code == 200
    assert "No import is waiting for confirmation" in response.text


def test_confirming_without_a_preview_writes_nothing(client, profile):
    response = client.post(f"/en/profiles/{profile.pk}/import/confirm/", {"token": "x"})
    assert response.status_code == 302
    assert response["Location"] == f"/en/profiles/{profile.pk}/import/"
    assert not MonthlyStat.objects.exists()


def test_confirming_with_another_token_writes_nothing(client, profile):
    upload(client, profile, [upload_file("Overview.csv")], datetime.date(2026, 10, 21))
    response = client.post(f"/en/profiles/{profile.pk}/import/confirm/", {"token": "forged"})
    assert response.status_code == 302
    assert not MonthlyStat.objects.exists()


def test_a_preview_is_confirmed_only_on_its_own_profile(client, profile):
    other = make_profile(owner=profile.owner)
    upload(client, profile, [upload_file("Overview.csv")], datetime.date(2026, 10, 21))
    token = client.session[importing.SESSION_KEY]["token"]
    client.post(f"/en/profiles/{other.pk}/import/confirm/", {"token": token})
    assert not MonthlyStat.objects.exists()


def test_a_tampered_pending_import_is_not_trusted(client, profile):
    upload(client, profile, [upload_file("Overview.csv")], datetime.date(2026, 10, 21))
    session = client.session
    session[importing.SESSION_KEY]["months"][0]["values"]["video_views"] = -5
    session.save()
    confirm(client, profile)
    assert not MonthlyStat.objects.exists()


def test_another_user_cannot_upload_preview_or_confirm(client, profile):
    upload(client, profile, [upload_file("Overview.csv")], datetime.date(2026, 10, 21))
    intruder = make_user()
    client.force_login(intruder)
    response = upload(client, profile, [upload_file("FollowerHistory.csv")])
    assert response.status_code == 404
    assert client.get(f"/en/profiles/{profile.pk}/import/preview/").status_code == 404
    response = client.post(f"/en/profiles/{profile.pk}/import/confirm/", {"token": "x"})
    assert response.status_code == 404
    assert not MonthlyStat.objects.exists()


def test_an_import_makes_a_month_form_opened_before_it_stale(client, profile):
    from estimator.snapshot import load_active_rates

    result = read_exports([sample("Overview.csv")], datetime.date(2026, 10, 21))
    importing.apply_import(profile, result.months, load_active_rates())
    stat = MonthlyStat.objects.get(profile=profile, month=datetime.date(2026, 9, 1))
    opened = stat.revision
    importing.apply_import(profile, result.months, load_active_rates())  # nothing changes
    changed = [
        dataclasses.replace(totals, values={**totals.values, "video_views": 1})
        if totals.month == datetime.date(2026, 9, 1)
        else totals
        for totals in result.months
    ]
    importing.apply_import(profile, changed, load_active_rates())
    assert MonthlyStat.objects.get(pk=stat.pk).revision == opened + 1
