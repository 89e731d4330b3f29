"""Reading TikTok Studio exports: samples, every trap of real files, and every refusal."""

from __future__ import annotations

import datetime
import io
from decimal import Decimal

import pytest
from django.utils import translation
from openpyxl import Workbook

from creators.studio import limits
from creators.studio.columns import FIELDS, OVERVIEW_FIELDS
from creators.studio.errors import CellError, StudioError
from creators.studio.files import ExportFile, date_in_name
from creators.studio.reading import StudioImport, read_exports
from creators.studio.totals import MonthTotals, months_from_json, months_to_json
from creators.studio.values import parse_count, parse_date
from tests.creators.data import (
    EXPORT_DATE,
    FOLLOWER_HEADER,
    OVERVIEW_HEADER,
    SAMPLE_SETS,
    as_expected,
    csv_file,
    daily_pair,
    expected_months,
    month_key,
    sample,
    zip_file,
)

TODAY = datetime.date(2026, 11, 21)


@pytest.fixture(autouse=True)
def _in_english():
    """The refusals are checked word for word in English, whatever test ran before."""
    with translation.override("en"):
        yield


def read(*files, export_date=EXPORT_DATE) -> StudioImport:
    return read_exports(list(files), export_date, today=TODAY)


def months_of(result: StudioImport) -> dict[str, MonthTotals]:
    assert result.ok, [error.message for error in result.errors]
    return {month_key(month): month for month in result.months}


def only_error(result: StudioImport) -> StudioError:
    assert not result.months
    assert len(result.errors) == 1, [error.message for error in result.errors]
    return result.errors[0]


# --- The samples --------------------------------------------------------------------------


@pytest.mark.parametrize("sample_set", SAMPLE_SETS)
def test_every_sample_set_reads_to_its_expected_months(sample_set):
    names, export_date, expected = SAMPLE_SETS[sample_set]
    result = read(*(sample(name) for name in names), export_date=export_date)
    months = months_of(result)
    assert {key: as_expected(month) for key, month in months.items()} == expected_months(expected)


def test_the_sample_zips_give_their_export_date_by_their_name():
    assert date_in_name("Overview_1792540800.zip", TODAY) == datetime.date(2026, 10, 21)
    assert date_in_name("Followers_sample_creator.zip", TODAY) is None


def test_the_samples_also_carry_profile_views():
    months = months_of(read(sample("Overview.csv"), sample("FollowerHistory.csv")))
    assert months["2026-07"].values["profile_views"] > 0
    assert months["2026-07"].field_days == dict.fromkeys(FIELDS, 31)


def test_the_first_and_last_months_of_an_export_are_partial():
    months = months_of(read(sample("Overview.csv"), sample("FollowerHistory.csv")))
    assert {key: month.partial for key, month in months.items()} == {
        "2026-06": True,  # from June 22
        "2026-07": False,
        "2026-08": False,
        "2026-09": False,
        "2026-10": True,  # to October 18, the 19th undefined
    }


def test_the_tables_read_are_summarised():
    result = read(sample("Overview_1792540800.zip"), sample("Followers_sample_creator.zip"))
    assert [(table.name, table.kind, table.days) for table in result.tables] == [
        ("Overview_1792540800.zip › Overview.csv", "overview", 119),
        ("Followers_sample_creator.zip › FollowerHistory.csv", "followers", 119),
    ]
    assert result.tables[0].last_day == datetime.date(2026, 10, 18)


def test_an_export_date_given_wins_over_the_zip_name():
    export_date = datetime.date(2027, 10, 21)
    result = read_exports([sample("Overview_1792540800.zip")], export_date, today=export_date)
    assert min(months_of(result)) == "2027-06"


# --- Dates --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("cell", "parsed"),
    [
        ("August 31", (8, 31)),
        ("Aug 31", (8, 31)),
        ("aug. 31", (8, 31)),
        ("Sept 3", (9, 3)),
        ("31 août", (8, 31)),
        ("31 aout", (8, 31)),
        ("31 AOÛT", (8, 31)),
        ("1er janvier", (1, 1)),
        ("1 janv.", (1, 1)),
        ("3 févr.", (2, 3)),
        ("3 fevrier", (2, 3)),
        ("15 déc.", (12, 15)),
        ("12 juil.", (7, 12)),
        ("29 February", (2, 29)),
        ("2026-08-31", datetime.date(2026, 8, 31)),
        ("2026/05/10", datetime.date(2026, 5, 10)),
        ("2026-05-10 00:00:00", datetime.date(2026, 5, 10)),
        ("August 31, 2025", datetime.date(2025, 8, 31)),
        ("31 août 2025", datetime.date(2025, 8, 31)),
        (datetime.datetime(2026, 5, 10, 0, 0), datetime.date(2026, 5, 10)),
    ],
)
def test_dates_are_read_in_english_french_and_iso(cell, parsed):
    assert parse_date(cell) == parsed


@pytest.mark.parametrize("cell", ["Smarch 3", "32 janvier", "2026-02-30", "yesterday", "", None])
def test_what_is_not_a_date_is_refused(cell):
    with pytest.raises(CellError):
        parse_date(cell)


def test_a_year_long_export_crossing_the_new_year_gets_the_right_years():
    # 365 days up to the day before the export: "October 21" first (2025), "October 20" last.
    overview, followers = daily_pair(datetime.date(2025, 10, 21), 365)
    months = months_of(read(overview, followers, export_date=datetime.date(2026, 10, 21)))
    assert list(months) == [f"2025-{m:02d}" for m in (10, 11, 12)] + [
        f"2026-{m:02d}" for m in range(1, 11)
    ]
    assert months["2025-10"].days == 11  # October 21 to 31, 2025
    assert months["2025-12"].days == 31
    assert months["2026-01"].values["video_views"] == sum(range(73, 73 + 31))  # days 72..102
    assert months["2026-10"].days == 20
    assert months["2026-10"].values["followers"] == 1000 + 364


def test_yearless_dates_cross_the_new_year_backwards_from_the_export_date():
    overview = csv_file(
        "Overview.csv", OVERVIEW_HEADER, "30 décembre,1,1,1,1,1", "31 décembre,2,1,1,1,1",
        "1er janvier,4,1,1,1,1", "2 janv.,8,1,1,1,1",
    )  # fmt: skip
    months = months_of(read(overview, export_date=datetime.date(2026, 1, 3)))
    assert months["2025-12"].values["video_views"] == 3
    assert months["2026-01"].values["video_views"] == 12


def test_a_file_written_newest_first_gets_the_same_years():
    overview = csv_file(
        "Overview.csv", OVERVIEW_HEADER, "January 2,8,1,1,1,1", "January 1,4,1,1,1,1",
        "December 31,2,1,1,1,1", "December 30,1,1,1,1,1",
    )  # fmt: skip
    months = months_of(read(overview, export_date=datetime.date(2026, 1, 3)))
    assert months["2025-12"].values["video_views"] == 3
    assert months["2026-01"].values["video_views"] == 12


def test_29_february_without_a_year_is_the_last_leap_year():
    followers = csv_file(
        "FollowerHistory.csv", FOLLOWER_HEADER, "February 28,10,0", "February 29,11,0"
    )
    months = months_of(read(followers, export_date=datetime.date(2025, 3, 1)))
    assert list(months) == ["2024-02"]


# --- Numbers and columns ------------------------------------------------------------------


def test_undefined_days_thousands_separators_and_negative_values_import():
    overview = csv_file(
        "Overview.csv",
        OVERVIEW_HEADER,
        'September 1,"1,234",10,"2,000",5,1',
        "September 2,undefined,undefined,undefined,undefined,undefined",
        "September 3,10 000,10,100,-3,1",
    )
    followers = csv_file(
        "FollowerHistory.csv",
        FOLLOWER_HEADER,
        'September 1,"12,000",-50',
        "September 2,undefined,undefined",
        "September 3,undefined,undefined",
    )
    month = months_of(read(overview, followers))["2026-09"]
    assert month.values == {
        "followers": 12_000,  # the last known value, not zero
        "video_views": 11_234,
        "profile_views": 20,
        "likes": 2_100,
        "comments": 2,  # 5 - 3 deleted comments
        "shares": 2,
    }
    assert month.days == 2
    assert month.field_days == {"followers": 1, **dict.fromkeys(OVERVIEW_FIELDS, 2)}
    assert month.partial


@pytest.mark.parametrize(
    ("cell", "number"),
    [
        ("10,000", 10_000),
        ("10 000", 10_000),
        ("10\u202f000", 10_000),
        ("1.234.567", 1_234_567),
        ("-3", -3),
        ("\u22123", -3),
        (" 42 ", 42),
        ("undefined", None),
        ("", None),
        (None, None),
        (7.0, 7),
        (12, 12),
    ],
)
def test_counts_are_read_as_people_write_them(cell, number):
    assert parse_count(cell) == number


@pytest.mark.parametrize("cell", ["12.5", "1,5", "abc", "10,00", "1e6", 2.5, True])
def test_what_is_not_a_whole_number_is_refused(cell):
    with pytest.raises(CellError):
        parse_count(cell)


def test_the_follower_difference_column_is_ignored():
    followers = csv_file(
        "FollowerHistory.csv", FOLLOWER_HEADER, "September 1,100,nonsense", "September 2,90,999"
    )
    assert months_of(read(followers))["2026-09"].values == {"followers": 90}


def test_the_business_layout_with_extra_columns_and_slashed_dates_is_read():
    overview = csv_file(
        "Overview.csv",
        "Date,Video Views,Profile Views,Likes,Comments,Shares,Reached audience",
        "2026/05/10,100,5,10,1,1,80",
        "2026/05/11,200,5,10,1,1,150",
    )
    followers = csv_file(
        "FollowerHistory.csv",
        "Date,Followers,Net growth,New followers,Lost followers",
        "2026/05/10,500,5,7,2",
        "2026/05/11,505,5,6,1",
    )
    month = months_of(read(overview, followers))["2026-05"]
    assert month.values["video_views"] == 300
    assert month.values["followers"] == 505


def test_headers_are_recognised_whatever_the_case_the_name_and_the_separator():
    overview = csv_file(
        "my export (3).txt",
        "DATE;video views;Profile views;LIKES;Comments;Shares",
        "September 1;1 234;1;1;1;1",
        bom=False,
    )
    assert months_of(read(overview))["2026-09"].values["video_views"] == 1234


def test_viewers_files_are_recognised_and_left_aside_content_feeds_the_media_kit():
    viewers = csv_file(
        "Viewers.csv", "Date,Total Viewers,New Viewers,Returning Viewers", "May 1,1,1,0"
    )
    content = csv_file(
        "Content.csv",
        "Time,Video title,Video link,Post time,Total likes,Total comments,Total shares,Total views",
        "x,Hello,https://example.com,x,1,1,1,1",
    )
    result = read(viewers, content, sample("Overview.csv"))
    assert result.ok
    assert len(result.notices) == 1
    assert "Viewers.csv" in result.notices[0]
    assert [video.title for video in result.audience.videos] == ["Hello"]


def test_an_unknown_file_is_reported_not_guessed():
    error = only_error(read(csv_file("notes.csv", "Day,Money", "May 1,3")))
    assert error.file == "notes.csv"
    assert "not a TikTok Studio export" in error.message
    assert "Day, Money" in error.message


def test_unknown_files_inside_a_studio_zip_are_noted_and_the_rest_imported():
    archive = zip_file(
        "Followers_1792540800.zip",
        {
            "FollowerHistory.csv": sample("FollowerHistory.csv").data,
            "FollowerGender.csv": b"Gender,Distribution\nFemale,0.6\n",
            "readme.txt": b"hello",
        },
    )
    result = read(archive, export_date=None)
    assert len(months_of(result)) == 5
    assert len(result.notices) == 1  # readme.txt; the gender file is the audience (issue 17)
    assert result.audience.gender == [("female", Decimal("0.6"))]


def test_the_same_day_in_two_exports_takes_the_later_export():
    older = zip_file(
        "Overview_1790000000.zip",  # 2026-09-21
        {"Overview.csv": f"{OVERVIEW_HEADER}\nSeptember 1,100,1,1,1,1\n".encode()},
    )
    newer = zip_file(
        "Overview_1792540800.zip",  # 2026-10-21
        {"Overview.csv": f"{OVERVIEW_HEADER}\nSeptember 1,150,1,1,1,1\n".encode()},
    )
    months = months_of(read(newer, older, export_date=None))
    assert months["2026-09"].values["video_views"] == 150


def test_an_xlsx_with_date_cells_and_float_numbers_is_read():
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Date", "Video Views", "Profile Views", "Likes", "Comments", "Shares"])
    sheet.append([datetime.datetime(2026, 3, 1), 10.0, 1, 2, 3, 4])
    sheet.append([datetime.datetime(2026, 3, 2), 20, 1, 2, "undefined", None])
    buffer = io.BytesIO()
    workbook.save(buffer)
    month = months_of(read(ExportFile("Overview.xlsx", buffer.getvalue())))["2026-03"]
    assert month.values == {
        "video_views": 30,
        "profile_views": 2,
        "likes": 4,
        "comments": 3,
        "shares": 4,
    }


# --- Refusals: each names the file, the line, the column, the value -----------------------


def test_a_non_numeric_cell_is_refused_with_its_line_column_and_value():
    overview = csv_file(
        "Overview.csv", OVERVIEW_HEADER, "June 1,10,1,1,1,1", "June 2,10,1,lots,1,1"
    )
    error = only_error(read(overview))
    assert (error.file, error.line, error.column, error.value) == (
        "Overview.csv",
        3,
        "Likes",
        "lots",
    )
    assert error.message == (
        "Overview.csv, line 3, column “Likes”: “lots”: this is not a whole number."
    )


def test_a_missing_column_is_refused_with_its_name():
    overview = csv_file(
        "Overview.csv", "Date,Video Views,Profile Views,Comments,Shares", "June 1,1,1,1,1"
    )
    error = only_error(read(overview))
    assert error.line == 1
    assert "the column “Likes” is missing" in error.message


def test_an_unparseable_date_is_refused_with_its_line():
    followers = csv_file("FollowerHistory.csv", FOLLOWER_HEADER, "June 1,10,1", "Junly 2,11,1")
    error = only_error(read(followers))
    assert (error.line, error.column, error.value) == (3, "Date", "Junly 2")
    assert "line 3" in error.message


def test_a_date_twice_in_a_file_is_refused():
    followers = csv_file("FollowerHistory.csv", FOLLOWER_HEADER, "June 1,10,1", "June 1,11,1")
    error = only_error(read(followers))
    assert error.line == 3
    assert "already appears on line 2" in error.message


def test_a_short_line_is_refused():
    followers = csv_file("FollowerHistory.csv", OVERVIEW_HEADER, "June 1,10,1")
    error = only_error(read(followers))
    assert error.line == 2
    assert "this line has 3 values where the header has 6" in error.message


@pytest.mark.parametrize("content", [b"", b"\n\n  \n", "\ufeff".encode()])
def test_an_empty_file_is_refused(content):
    error = only_error(read(ExportFile("Overview.csv", content)))
    assert error.message == "Overview.csv: this file is empty."


def test_a_header_without_rows_is_refused():
    error = only_error(read(csv_file("Overview.csv", OVERVIEW_HEADER)))
    assert "header but no rows" in error.message


def test_a_file_named_zip_that_is_not_a_zip_is_refused():
    error = only_error(read(ExportFile("Overview_1792540800.zip", b"Date,Followers\n")))
    assert (
        error.message
        == "Overview_1792540800.zip: this file is named .zip but is not a zip archive."
    )


def test_a_file_named_xlsx_that_is_not_excel_is_refused():
    error = only_error(read(ExportFile("Overview.xlsx", b"Date,Followers\nJune 1,3\n")))
    assert "not an Excel file" in error.message


def test_a_broken_xlsx_is_refused():
    broken = zip_file("Overview.xlsx", {"[Content_Types].xml": b"<x/>", "xl/workbook.xml": b"<"})
    error = only_error(read(broken))
    assert error.message == "Overview.xlsx: this is not a valid Excel file."


@pytest.mark.parametrize(
    "member", ["../Overview.csv", "data/../../etc/passwd", "/home/Overview.csv", "C:\\Overview.csv"]
)
def test_a_zip_with_a_path_outside_itself_is_refused(member):
    archive = zip_file("Overview.zip", {member: sample("Overview.csv").data})
    error = only_error(read(archive))
    assert "path outside itself" in error.message


def test_a_zip_bomb_is_refused():
    bomb = zip_file(
        "Overview.zip", {"Overview.csv": OVERVIEW_HEADER.encode() + b"\n" + b"0" * 4 * limits.MB}
    )
    assert len(bomb.data) < 50_000
    error = only_error(read(bomb))
    assert "possible zip bomb" in error.message


def test_a_zip_expanding_past_the_limit_is_refused(monkeypatch):
    monkeypatch.setattr(limits, "MAX_UNCOMPRESSED_BYTES", 5_000)
    archive = zip_file(
        "Studio.zip",
        {"Overview.csv": sample("Overview.csv").data, "More.csv": sample("Overview.csv").data},
    )
    error = only_error(read(archive))
    assert "expands to more than" in error.message


def test_a_member_over_the_size_limit_is_refused(monkeypatch):
    monkeypatch.setattr(limits, "MAX_MEMBER_BYTES", 1_000)
    archive = zip_file("Studio.zip", {"Overview.csv": sample("Overview.csv").data})
    error = only_error(read(archive))
    assert "larger than" in error.message


@pytest.mark.parametrize("inner_name", ["inner.zip", "Overview.csv"])
def test_a_zip_inside_a_zip_is_refused(inner_name):
    inner = zip_file("inner.zip", {"Overview.csv": sample("Overview.csv").data})
    archive = zip_file("Overview.zip", {inner_name: inner.data})
    error = only_error(read(archive))
    assert "another archive" in error.message


def test_an_oversized_file_is_refused_before_reading():
    big = ExportFile("Overview.csv", b"x" * (limits.MAX_FILE_BYTES + 1))
    error = only_error(read(big))
    assert error.message.startswith("Overview.csv: this file is larger than 5 MB")


def test_too_many_files_are_refused():
    files = [sample("Overview.csv")] * (limits.MAX_FILES + 1)
    error = only_error(read(*files))
    assert "11 files sent; at most 10" in error.message


def test_too_much_in_total_is_refused():
    size = limits.MAX_TOTAL_BYTES // 5
    files = [ExportFile(f"f{index}.csv", b"x" * size) for index in range(6)]
    error = only_error(read(*files))
    assert "together" in error.message


def test_a_month_adding_up_below_zero_is_refused():
    overview = csv_file("Overview.csv", OVERVIEW_HEADER, "June 1,1,1,1,-4,1", "June 2,1,1,1,1,1")
    error = only_error(read(overview))
    assert error.file == "Overview.csv"
    assert "comments of 2026-06 add up to -3" in error.message


def test_every_problem_of_every_file_is_reported_at_once_in_upload_order():
    bad_overview = csv_file("Overview.csv", OVERVIEW_HEADER, "June 1,x,1,1,1,1", "June 2,1,y,1,1,1")
    result = read(bad_overview, ExportFile("FollowerHistory.csv", b""))
    assert [(error.file, error.line) for error in result.errors] == [
        ("Overview.csv", 2),
        ("Overview.csv", 3),
        ("FollowerHistory.csv", None),
    ]


def test_files_without_overview_or_followers_import_nothing():
    viewers = csv_file(
        "Viewers.csv", "Date,Total Viewers,New Viewers,Returning Viewers", "May 1,1,1,0"
    )
    error = only_error(read(viewers))
    assert "nothing to import" in error.message


# --- The months between preview and confirmation ------------------------------------------


def test_months_survive_the_trip_through_json():
    months = read(sample("Overview.csv"), sample("FollowerHistory.csv")).months
    assert months_from_json(months_to_json(months)) == months


@pytest.mark.parametrize(
    "tampered",
    [
        "not a list",
        [{"month": "2026-13", "values": {}, "days": 1, "field_days": {}}],
        [
            {
                "month": "2026-06",
                "values": {"followers": -1},
                "days": 1,
                "field_days": {"followers": 1},
            }
        ],
        [{"month": "2026-06", "values": {"owner_id": 1}, "days": 1, "field_days": {"owner_id": 1}}],
        [
            {
                "month": "2026-06",
                "values": {"followers": 1},
                "days": 40,
                "field_days": {"followers": 1},
            }
        ],
        [
            {
                "month": "2026-06",
                "values": {"followers": "1"},
                "days": 1,
                "field_days": {"followers": 1},
            }
        ],
        [{"month": "2026-06", "values": {}, "days": 1, "field_days": {}, "extra": 1}],
    ],
)
def test_months_from_json_refuse_anything_unexpected(tampered):
    with pytest.raises(ValueError):
        months_from_json(tampered)
