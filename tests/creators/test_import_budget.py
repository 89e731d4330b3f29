"""The import's budget: hostile workbooks and broken zips are refused quickly, in little memory.

Each hostile file passes the byte limits of an upload. The reader bounds what it reads (columns,
lines with the empty ones, sheets, cells) and turns every zip read error into the file's message;
nothing is written. Time and memory are measured in a fresh process (CPU time and peak resident
memory, not wall-clock time), so other work on the machine does not blur them.
"""

from __future__ import annotations

import datetime
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile

from creators import importing
from creators.models import MonthlyStat
from creators.studio import limits
from creators.studio.files import ExportFile
from creators.studio.reading import read_exports
from tests.creators.data import DATA
from tests.creators.factories import make_month, make_profile
from tests.support import hostile_files

ROOT = Path(__file__).resolve().parents[2]

HOSTILE = {
    # case: (file name, builder, what the message says)
    "wide XLSX, one sheet": (
        "Wide.xlsx",
        hostile_files.wide_xlsx,
        "Wide.xlsx, line 1: the column “Profile views” is missing from the header.",
    ),
    "wide XLSX, five sheets": (
        "Wide5.xlsx",
        lambda: hostile_files.wide_xlsx(sheets=5),
        "Wide5.xlsx › Sheet1, line 1: the column “Profile views” is missing from the header.",
    ),
    "many sheets": (
        "Sheets.xlsx",
        hostile_files.many_sheets_xlsx,
        "Sheets.xlsx: this workbook has 2000 sheets; a Studio export has one.",
    ),
    "a million empty rows": (
        "Far.xlsx",
        hostile_files.far_rows_xlsx,
        "Far.xlsx: more than 4000 lines: this is not a Studio export.",
    ),
    "too many cells": (
        "Dense.xlsx",
        hostile_files.dense_xlsx,
        "Dense.xlsx: this workbook holds more than 100 000 cells: this is not a Studio export.",
    ),
    "bad CRC": ("Crc_1792540800.zip", hostile_files.bad_crc_zip, None),
    "broken deflate data": ("Deflate_1792540800.zip", hostile_files.broken_deflate_zip, None),
    "unsupported compression": (
        "Method_1792540800.zip",
        hostile_files.unsupported_method_zip,
        None,
    ),
}
DAMAGED = (
    "{name}: “FollowerHistory.csv” cannot be read: the archive is damaged or uses a compression "
    "we do not support. Download it again from TikTok Studio."
)


def snapshot():
    return sorted(MonthlyStat.objects.values_list("month", "followers", "video_views", "origins"))


@pytest.mark.django_db
@pytest.mark.parametrize("case", HOSTILE)
def test_a_hostile_file_is_refused_by_name_and_nothing_is_written(client, case):
    name, build, message = HOSTILE[case]
    data = build()
    assert len(data) <= limits.MAX_FILE_BYTES
    profile = make_profile(handle="lea")
    client.force_login(profile.owner)
    make_month(profile, 2026, 6, followers=10)
    before = snapshot()
    good = SimpleUploadedFile("FollowerHistory.csv", (DATA / "FollowerHistory.csv").read_bytes())
    response = client.post(
        f"/en/profiles/{profile.pk}/import/",
        {"files": [good, SimpleUploadedFile(name, data)], "export_date": "2026-10-21"},
    )
    assert response.status_code == 200
    assert "Nothing was written" in response.text
    assert (message or DAMAGED.format(name=name)) in response.content.decode()
    assert snapshot() == before
    assert importing.SESSION_KEY not in client.session


@pytest.mark.slow  # over a second (README: the fast tier)
@time_machine.travel(datetime.datetime(2027, 11, 2, 12, tzinfo=datetime.UTC), tick=False)
def test_the_largest_workbook_within_the_cell_budget_is_still_read():
    """The cell budget refuses hostile files, not big real ones (ten years of days, ending
    before today: future days are refused)."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["Date", "Video Views", "Profile Views", "Likes", "Comments", "Shares"])
    first = datetime.date(2016, 11, 1)
    for offset in range(limits.MAX_ROWS - 1):
        day = first + datetime.timedelta(days=offset)
        sheet.append([day, 1000, 10, 100, 5, 2])
    buffer = io.BytesIO()
    workbook.save(buffer)
    result = read_exports(
        [ExportFile("Overview.xlsx", buffer.getvalue())], datetime.date(2027, 10, 1)
    )
    assert result.errors == ()
    assert len(result.months) == 132


MEASURE = """
import json, resource, sys, time
import django
django.setup()
from creators.studio.files import ExportFile
from creators.studio.reading import read_exports

def used():
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime, usage.ru_maxrss * 1024

warm = open(sys.argv[2], "rb").read()  # a real workbook first: openpyxl fully loaded
read_exports([ExportFile("Overview.xlsx", warm)])
data = open(sys.argv[1], "rb").read()
cpu_before, peak_before = used()
result = read_exports([ExportFile("Hostile.xlsx", data)])
cpu_after, peak_after = used()
print(json.dumps({
    "cpu_seconds": cpu_after - cpu_before,
    "extra_mb": (peak_after - peak_before) / 2**20,
    "errors": [error.message for error in result.errors],
}))
"""


@pytest.mark.parametrize(
    "case", ["wide XLSX, one sheet", "wide XLSX, five sheets", "many sheets", "too many cells"]
)
@pytest.mark.slow  # a subprocess per workbook
def test_a_hostile_workbook_is_answered_within_2_s_of_cpu_and_100_mb(case, tmp_path):
    name, build, _message = HOSTILE[case]
    path = tmp_path / name
    path.write_bytes(build())
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings", "PYTHONPATH": str(ROOT)}
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-c", MEASURE, str(path), str(DATA / "xlsx" / "Overview.xlsx")],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    measured = json.loads(result.stdout.strip().splitlines()[-1])
    assert measured["errors"], measured
    assert measured["extra_mb"] < 100, measured
    assert measured["cpu_seconds"] < 2, measured
