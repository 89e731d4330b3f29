"""Any cell in the Followers and Content files: an answer (figures or located errors), never a
crash, and what is read stays in range."""

from __future__ import annotations

import datetime

from hypothesis import given, settings
from hypothesis import strategies as st

from creators import audience
from creators.studio.files import ExportFile
from creators.studio.reading import read_exports

HEADERS = {
    "FollowerGender.csv": "Gender,Distribution",
    "FollowerTopTerritories.csv": "Top territories,Distribution",
    "FollowerActivity.csv": "Date,Hour,Active followers",
    "Content.csv": "Time,Video title,Video link,Post time,Total likes,Total comments,"
    "Total shares,Total views",
}
cell = st.one_of(
    st.text(max_size=12),
    st.sampled_from(["0.62", "62%", "62 %", "Female", "FR", "Others", "November 3", "undefined"]),
    st.integers(-5, 10**6).map(str),
)


def line(cells: list[str]) -> str:
    return ",".join('"' + value.replace('"', '""') + '"' for value in cells)


@settings(max_examples=150, deadline=None)
@given(
    name=st.sampled_from(sorted(HEADERS)),
    rows=st.lists(st.lists(cell, min_size=2, max_size=8), min_size=1, max_size=6),
)
def test_any_audience_file_gets_an_answer(name, rows):
    text = HEADERS[name] + "\n" + "\n".join(line(row) for row in rows) + "\n"
    result = read_exports([ExportFile(name, text.encode())], datetime.date(2026, 11, 21))
    if not result.ok:
        assert all(error.message for error in result.errors)
        return
    found = result.audience
    for shares in (found.gender, found.territories):
        if shares is not None:
            assert all(0 <= share <= 1 for _label, share in shares)
    if found.activity is not None:
        assert len(found.activity) == 24
    assert audience.from_json(audience.to_json(found)).parts == found.parts
