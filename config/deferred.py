"""A page's parts, computed only when the template reads them.

A page object (the estimator's ``_Answer``, the profile's ``ProfilePage``) declares each part as
a ``functools.cached_property``; ``deferred`` hands them to the template as callables, which
Django's template language calls when it first reads the variable. Inside a ``{% cache %}`` or
``{% kept %}`` block that hits, the template never reads them, so nothing behind the part is
computed.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any


def deferred(page: object) -> dict[str, Callable[[], Any]]:
    """Every ``cached_property`` of ``page``'s class, by name, as a callable."""
    return {name: functools.partial(getattr, page, name) for name in _parts(type(page))}


@functools.cache
def _parts(page_class: type) -> tuple[str, ...]:
    """The names of ``page_class``'s cached properties, found once per class."""
    return tuple(
        {
            name: None
            for cls in reversed(page_class.__mro__)
            for name, attribute in vars(cls).items()
            if isinstance(attribute, functools.cached_property)
        }
    )
