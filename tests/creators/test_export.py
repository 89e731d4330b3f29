"""Exporting a profile's months: ``manage.py export_stats``, and CSV / XLSX downloads."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from openpyxl import load_workbook

from creators import exporting
from creators.models import MonthlyStat
from tests.creators.factories import make_month, make_profile, make_user

pytestmark = pytest.mark.django_db

HEADER = (
    "month,followers,views,long_video_views,qualified_views,videos_posted,long_videos_posted,"
    "profile_views,likes,comments,shares,live_sessions,diamonds,subscribers,sponsored_posts,"
    "actual_creator_rewards,actual_live_gifts,actual_subscriptions,actual_brand_partnerships,"
    "actual_affiliate,actual_tiktok_shop,actual_own_products,actual_ugc,estimated_total"
)


@pytest.fixture
def profile():
    profile = make_profile(owner=make_user("lea@example.com"), handle="lea")
    make_month(profile, 2026, 9, followers=9_000, video_views=100_000, likes=5_000)
    make_month(
        profile,
        2026,
        8,
        followers=8_500,
        qualified_views=40_000,
        actual_creator_rewards=Decimal("38.40"),
        estimated_total=Decimal("41.25"),
    )
    return profile


def export_stats(*args: str) -> str:
    out = io.StringIO()
    call_command("export_stats", *args, stdout=out)
    return out.getvalue()


def test_export_stats_writes_every_month_as_csv(profile):
    lines = export_stats("--user", "lea@example.com", "--handle", "lea").splitlines()
    assert lines[0] == HEADER
    rows = list(csv.DictReader(lines))
    assert [row["month"] for row in rows] == ["2026-08", "2026-09"]
    assert rows[0]["followers"] == "8500"
    assert rows[0]["qualified_views"] == "40000"
    assert rows[0]["actual_creator_rewards"] == "38.40"
    assert rows[0]["estimated_total"] == "41.25"
    assert rows[0]["views"] == ""  # unknown, not zero
    assert rows[1]["views"] == "100000"


def test_the_header_lists_every_stat_field_of_the_model():
    counted = {
        field.name
        for field in MonthlyStat._meta.get_fields()
        if field.get_internal_type() in {"PositiveBigIntegerField", "DecimalField"}
    }
    assert set(HEADER.split(",")) - {"month", "views"} == (counted - {"video_views"})


def test_export_stats_refuses_an_unknown_user_or_handle(profile):
    with pytest.raises(CommandError, match="No user"):
        export_stats("--user", "nobody", "--handle", "lea")
    with pytest.raises(CommandError, match="has no profile @other"):
        export_stats("--user", "lea@example.com", "--handle", "other")


def test_another_users_profile_is_not_exported(profile):
    make_user("max@example.com")
    with pytest.raises(CommandError):
        export_stats("--user", "max@example.com", "--handle", "lea")


def test_the_csv_download_is_the_same_csv(client, profile):
    client.force_login(profile.owner)
    response = client.get(f"/en/profiles/{profile.pk}/export.csv")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="lea-tiktok-stats-')
    assert response.content.decode() == export_stats("--user", "lea@example.com", "--handle", "lea")


def test_the_xlsx_download_keeps_numbers_as_numbers(client, profile):
    client.force_login(profile.owner)
    response = client.get(f"/en/profiles/{profile.pk}/export.xlsx")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert ",".join(rows[0]) == HEADER
    august = dict(zip(rows[0], rows[1], strict=True))
    assert august["month"] == "2026-08"
    assert august["followers"] == 8_500
    assert august["actual_creator_rewards"] == pytest.approx(38.40)
    assert august["views"] is None


def test_others_get_404_on_the_downloads(client, profile):
    client.force_login(make_user())
    assert client.get(f"/en/profiles/{profile.pk}/export.csv").status_code == 404
    assert client.get(f"/en/profiles/{profile.pk}/export.xlsx").status_code == 404
    assert client.post(f"/en/profiles/{profile.pk}/export.csv").status_code == 404


def test_the_downloads_answer_get_only(client, profile):
    client.force_login(profile.owner)
    assert client.post(f"/en/profiles/{profile.pk}/export.csv").status_code == 405


# --- Formulas -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "neutralised"),
    [
        ('=HYPERLINK("http://evil")', '\'=HYPERLINK("http://evil")'),
        ("+1+1", "'+1+1"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("lea", "lea"),
        ("2026-08", "2026-08"),
        (-5, -5),
        (Decimal("-1.5"), Decimal("-1.5")),
        (None, None),
    ],
)
def test_text_a_spreadsheet_would_run_is_neutralised_and_numbers_stay(value, neutralised):
    assert exporting.neutralise(value) == neutralised


def test_both_writers_neutralise_every_text_cell(monkeypatch):
    # No stored text reaches the rows today (the month is a date): the writers are checked
    # with a text cell given to them directly.
    monkeypatch.setattr(exporting, "rows", lambda stats: iter([["=1+1", 7, Decimal("2.50")]]))
    text = exporting.csv_text([])
    assert text.splitlines()[1] == "'=1+1,7,2.50"
    sheet = load_workbook(io.BytesIO(exporting.xlsx_bytes([]))).active
    cells = next(sheet.iter_rows(min_row=2, max_col=3))
    assert [cell.value for cell in cells] == ["'=1+1", 7, 2.5]
    assert cells[0].data_type == "s"  # text, not a formula
