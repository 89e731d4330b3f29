"""Recalculating the stored estimates with a card, from the rate-card admin.

The estimator stores no month: the app that does (``creators``) registers how to recalculate
them (``register``), so the estimator imports nothing of it. The function registered takes the
card and the admin user, starts the work and returns the address of its progress page.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

Starter = Callable[[Any, Any], str]

_starters: list[Starter] = []


def register(starter: Starter) -> None:
    if starter not in _starters:
        _starters.append(starter)


def start(card: Any, user: Any) -> str:
    """Start recalculating every stored estimate with ``card``; the progress page's address."""
    if not _starters:
        raise RuntimeError("No app registered how to recalculate stored estimates.")
    return _starters[0](card, user)
