"""Acceptance 1 (server side): the Followers and Content files join the Studio import and the
kit shows their figures; re-importing changes nothing; a revoked link shows nothing."""

from __future__ import annotations

import csv
import datetime
import io
import statistics
import zipfile
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from creators import importing
from creators.models import AudienceSnapshot, MediaKit
from creators.studio.files import ExportFile
from creators.studio.reading import read_exports
from tests.creators.factories import make_month, make_profile

pytestmark = pytest.mark.django_db

AUDIENCE = Path(__file__).parent / "data" / "audience"
SAMPLES = ("Followers_audience_sample.zip", "Content_audience_sample.zip")
EXPORT_DATE = datetime.date(2026, 11, 21)  # the samples' README


def sample_exports() -> list[ExportFile]:
    return [ExportFile(name, (AUDIENCE / name).read_bytes()) for name in SAMPLES]


def member(zip_name: str, name: str) -> str:
    with zipfile.ZipFile(AUDIENCE / zip_name) as archive:
        return archive.read(name).decode("utf-8-sig")


def sample_rows(zip_name: str, name: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(member(zip_name, name))))


def csv_export(name: str, *lines: str) -> ExportFile:
    return ExportFile(name, ("\n".join(lines) + "\n").encode())


# --- Reading ----------------------------------------------------------------------------


def test_the_followers_and_content_samples_are_recognised_by_header_and_read():
    result = read_exports(sample_exports(), EXPORT_DATE)
    assert result.ok, result.errors
    found = result.audience
    assert found.export_date == EXPORT_DATE
    gender = sample_rows(SAMPLES[0], "FollowerGender.csv")
    assert found.gender == [
        (row["Gender"].casefold(), Decimal(row["Distribution"])) for row in gender
    ]
    territories = sample_rows(SAMPLES[0], "FollowerTopTerritories.csv")
    assert [code for code, _share in found.territories] == [
        row["Top territories"].upper() if row["Top territories"] != "Others" else "others"
        for row in territories
    ]
    activity = sample_rows(SAMPLES[0], "FollowerActivity.csv")
    at_eight_pm = [int(row["Active followers"]) for row in activity if row["Hour"] == "20"]
    assert found.activity[20] == round(sum(at_eight_pm) / len(at_eight_pm))
    videos = sample_rows(SAMPLES[1], "Content.csv")
    assert len(found.videos) == len(videos) == 15
    assert found.videos[0].views == int(videos[0]["Total views"])
    assert found.videos[0].posted == datetime.date(2026, 11, 19)
    assert found.videos[0].link.startswith("https://www.tiktok.com/")
    # The Followers zip also holds FollowerHistory: its month is read as before.
    assert [month.month for month in result.months] == [datetime.date(2026, 11, 1)]


@pytest.mark.parametrize(
    "cells",
    [("62%", "36%", "2%"), ("62 %", "36 %", "2 %"), ("62", "36", "2"), ("0.62", "0.36", "0.02")],
)
def test_a_distribution_may_be_fractions_or_percentages(cells):
    female, male, other = cells
    gender = csv_export(
        "FollowerGender.csv",
        "Gender,Distribution",
        f'Female,"{female}"',
        f'Male,"{male}"',
        f'Other,"{other}"',
    )
    result = read_exports([gender], EXPORT_DATE)
    assert result.ok, result.errors
    assert result.audience.gender == [
        ("female", Decimal("0.62")),
        ("male", Decimal("0.36")),
        ("other", Decimal("0.02")),
    ]


def test_a_bad_share_is_reported_with_its_file_line_and_column_and_nothing_is_read():
    territories = csv_export(
        "FollowerTopTerritories.csv", "Top territories,Distribution", "FR,0.7", "BE,lots"
    )
    result = read_exports([territories], EXPORT_DATE)
    assert not result.ok
    (error,) = result.errors
    assert (error.file, error.line, error.column, error.value) == (
        "FollowerTopTerritories.csv",
        3,
        "Distribution",
        "lots",
    )
    assert result.audience is None


def test_shares_adding_up_past_100_percent_are_refused():
    gender = csv_export("FollowerGender.csv", "Gender,Distribution", "Female,0.9", "Male,0.6")
    assert not read_exports([gender], EXPORT_DATE).ok


def test_a_video_link_that_is_not_tiktoks_is_not_kept():
    content = csv_export(
        "Content.csv",
        "Time,Video title,Video link,Post time,Total likes,Total comments,Total shares,Total views",
        "November 2,Hi,javascript:alert(1),November 2,1,1,1,10",
    )
    result = read_exports([content], EXPORT_DATE)
    assert result.ok, result.errors
    assert result.audience.videos[0].link == ""


# --- The import on the profile page, and the kit -----------------------------------------


@pytest.fixture
def profile(client):
    profile = make_profile(handle="lea.beaute", niche="beauty", display_name="Léa")
    make_month(profile, 2026, 10, followers=11_800, video_views=300_000, likes=20_000)
    MediaKit.objects.create(profile=profile, language="en")
    client.force_login(profile.owner)
    return profile


def upload_samples(client, profile):
    files = [SimpleUploadedFile(name, (AUDIENCE / name).read_bytes()) for name in SAMPLES]
    response = client.post(
        f"/en/profiles/{profile.pk}/import/",
        {"files": files, "export_date": EXPORT_DATE.isoformat()},
    )
    assert response.status_code == 302, response.text
    return client.get(f"/en/profiles/{profile.pk}/import/preview/")


def confirm(client, profile):
    token = client.session[importing.SESSION_KEY]["token"]
    return client.post(f"/en/profiles/{profile.pk}/import/confirm/", {"token": token})


def test_the_preview_shows_the_audience_then_confirm_stores_it(client, profile):
    preview = upload_samples(client, profile)
    assert "data-audience-plan" in preview.text
    assert 'Followers&#x27; gender: <span class="text-success">new</span>' in preview.text
    assert not AudienceSnapshot.objects.exists()  # nothing written before confirming

    confirm(client, profile)
    snapshot = AudienceSnapshot.objects.get(profile=profile)
    assert snapshot.export_date == EXPORT_DATE
    assert snapshot.gender[0] == ["female", "0.62"]
    assert len(snapshot.videos) == 15


def test_reimporting_the_same_files_changes_nothing(client, profile):
    upload_samples(client, profile)
    confirm(client, profile)
    stored = AudienceSnapshot.objects.get()

    preview = upload_samples(client, profile)
    assert "Nothing to change" in preview.text
    assert "Confirm the import" not in preview.text
    assert 'class="text-success">new' not in preview.text
    confirm(client, profile)
    again = AudienceSnapshot.objects.get()
    assert again.updated_at == stored.updated_at
    assert (again.gender, again.territories, again.activity, again.videos) == (
        stored.gender,
        stored.territories,
        stored.activity,
        stored.videos,
    )


def kit_after_import(client, profile) -> str:
    upload_samples(client, profile)
    confirm(client, profile)
    profile.enable_media_kit()
    profile.save()
    client.logout()
    response = client.get(f"/kit/{profile.media_kit_token}/")
    assert response.status_code == 200
    return response.text


def test_the_kit_shows_the_imported_audience_and_videos(client, profile):
    text = kit_after_import(client, profile)
    assert '<th scope="row">Women</th>' in text
    assert ">62 %</td>" in text and ">36 %</td>" in text
    assert '<th scope="row">FR</th>' in text and ">71 %</td>" in text
    assert "Other countries" in text
    videos = sample_rows(SAMPLES[1], "Content.csv")
    views = [int(row["Total views"]) for row in videos]
    median = Decimal(statistics.median(views)).quantize(Decimal(1))
    assert f'data-figure="median-views">{median:,}' in text
    best = max(videos, key=lambda row: int(row["Total views"]))
    assert (
        f'<a href="{best["Video link"]}" rel="noopener noreferrer">{best["Video title"]}</a>'
        in text
    )
    assert text.count("data-video") == 5
    assert 'data-chart="activity"' in text and "Most active at 20h" in text


def test_the_kit_is_the_creators_page_not_the_apps(client, profile):
    text = kit_after_import(client, profile)
    assert "Main navigation" not in text
    assert "Log in" not in text and "Sign up" not in text and "Estimator" not in text
    assert "public market rates" not in text
    assert '<meta name="robots" content="noindex, nofollow">' in text
    assert '<meta property="og:title" content="Léa — media kit">' in text
    assert (
        f'<meta property="og:url" content="http://testserver/en/kit/{profile.media_kit_token}/">'
        in text
    )


def test_the_kit_speaks_the_creators_language_not_the_visitors(client, profile):
    profile.kit.language = "fr"
    profile.kit.save()
    text = kit_after_import(client, profile)
    assert '<html lang="fr">' in text
    assert "Femmes" in text
    response = client.get(f"/en/kit/{profile.media_kit_token}/", HTTP_ACCEPT_LANGUAGE="en")
    assert '<html lang="fr">' in response.text


def test_a_revoked_link_shows_nothing(client, profile):
    kit_after_import(client, profile)
    token = profile.media_kit_token
    profile.disable_media_kit()
    profile.save()
    for path in (f"/kit/{token}/", f"/kit/{token}/pdf/", f"/kit/{token}/photo/x.jpg"):
        response = client.get(path)
        assert response.status_code == 404
        assert "Routine beauté" not in response.text
        assert "71 %" not in response.text


def test_the_command_line_import_stores_the_audience_too():
    from django.core.management import call_command

    profile = make_profile(handle="lea.beaute")
    out = io.StringIO()
    call_command(
        "import_tiktok",
        "--user",
        profile.owner.email,
        "--handle",
        "lea.beaute",
        "--export-date",
        EXPORT_DATE.isoformat(),
        *(str(AUDIENCE / name) for name in SAMPLES),
        stdout=out,
    )
    assert "audience and recent videos stored" in out.getvalue()
    assert AudienceSnapshot.objects.get(profile=profile).territories[0] == ["FR", "0.71"]


def test_a_content_file_alone_is_previewed_and_imported(client, profile):
    name = SAMPLES[1]
    response = client.post(
        f"/en/profiles/{profile.pk}/import/",
        {
            "files": [SimpleUploadedFile(name, (AUDIENCE / name).read_bytes())],
            "export_date": EXPORT_DATE.isoformat(),
        },
    )
    assert response.status_code == 302, response.text
    preview = client.get(f"/en/profiles/{profile.pk}/import/preview/")
    assert 'Recent videos: <span class="text-success">new</span>' in preview.text
    assert "import-table" not in preview.text  # no month to write
    response = confirm(client, profile)
    assert response.status_code == 302
    snapshot = AudienceSnapshot.objects.get(profile=profile)
    assert snapshot.gender is None and len(snapshot.videos) == 15
