"""The README's API examples are what the app answers: each `curl` example is sent, and the
answer is compared with the JSON block under it."""

from __future__ import annotations

import json
import re
import textwrap
from pathlib import Path
from urllib.parse import urlsplit

import pytest

README = Path(__file__).resolve().parent.parent / "README.md"
EXAMPLE = re.compile(
    r"```sh\n(?P<sh>.*?)```\s*```json\n(?P<json>.*?)```",
    re.DOTALL,
)


def examples() -> list[tuple[str, object]]:
    found = []
    for match in EXAMPLE.finditer(README.read_text(encoding="utf-8")):
        command = textwrap.dedent(match["sh"]).strip()
        url = re.search(r"curl '([^']+)'", command)
        if url is None:
            continue
        parts = urlsplit(url[1])
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        found.append((path, json.loads(textwrap.dedent(match["json"]))))
    return found


def matches(documented: object, answered: object, where: str = "") -> None:
    """Equal, except that a list may end with a "... what follows" string standing for the
    items the README leaves out, and that the README writes the French non-breaking spaces of
    numbers ("500 000", "1,00 €") as plain spaces."""
    if isinstance(documented, list):
        assert isinstance(answered, list), where
        shown = documented
        if shown and isinstance(shown[-1], str) and shown[-1].startswith("..."):
            shown = shown[:-1]
            assert len(answered) >= len(shown), where
            answered = answered[: len(shown)]
        assert len(shown) == len(answered), where
        for index, (one, other) in enumerate(zip(shown, answered, strict=True)):
            matches(one, other, f"{where}[{index}]")
    elif isinstance(documented, dict):
        assert isinstance(answered, dict), where
        assert set(documented) == set(answered), where
        for key, value in documented.items():
            matches(value, answered[key], f"{where}.{key}")
    elif isinstance(documented, str) and isinstance(answered, str):
        assert documented == re.sub("[\u00a0\u202f]", " ", answered), where
    else:
        assert documented == answered, where


def test_the_readme_has_api_examples():
    paths = [path for path, _answer in examples()]
    assert any(path.startswith("/api/estimate?") for path in paths)
    assert any(path.startswith("/api/plan?") for path in paths)


@pytest.mark.django_db
@pytest.mark.parametrize(("path", "documented"), examples())
def test_the_readme_example_is_what_the_app_answers(client, path, documented):
    response = client.get(path)

    assert response.status_code == 200
    matches(documented, response.json())
