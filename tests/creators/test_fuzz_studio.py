"""The export reader never fails on a file, whatever it holds: months, or errors — never both."""

from __future__ import annotations

import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from creators.studio.files import ExportFile
from creators.studio.reading import read_exports

pytestmark = pytest.mark.slow  # fuzzing: `make test` and CI run it, `make test-fast` does not

HEADERS = [
    "Date,Video Views,Profile Views,Likes,Comments,Shares",
    "Date,Followers,Difference in followers from previous day",
    "\ufeffdate,video views,profile views,likes,comments,shares,Reached audience",
    "Time,Video title,Video link,Post time,Total likes,Total comments,Total shares,Total views",
]
cells = st.one_of(
    st.sampled_from(
        [
            "undefined",
            "",
            "-3",
            "1,234",
            "10,000",
            "0",
            "August 31",
            "31 août",
            "1er janvier",
            "2026/05/10",
            "2026-05-10",
            "February 30",
            "=cmd()",
        ]
    ),
    st.integers(min_value=-(10**9), max_value=10**15).map(str),
    st.text(max_size=12),
)
rows = st.lists(st.lists(cells, min_size=0, max_size=8).map(",".join), max_size=40)
csv_files = st.builds(
    lambda header, lines, name: ExportFile(name, "\n".join([header, *lines]).encode()),
    st.sampled_from(HEADERS),
    rows,
    st.sampled_from(["Overview.csv", "FollowerHistory.csv", "x.csv", "x.zip", "x.xlsx", "x"]),
)
raw_files = st.builds(
    ExportFile,
    st.sampled_from(["a.csv", "b.zip", "c.xlsx", "d.txt"]),
    st.binary(max_size=300),
)


@given(files=st.lists(st.one_of(csv_files, raw_files), min_size=0, max_size=4))
def test_any_files_give_months_or_errors_never_an_exception(files):
    result = read_exports(files, datetime.date(2026, 10, 21), today=datetime.date(2026, 11, 21))
    if result.errors:
        assert not result.months
        for error in result.errors:
            assert error.reason
    for month in result.months:
        assert month.month.day == 1
        assert all(value >= 0 for value in month.values.values())
