"""The default rate card of PRODUCT.md as plain values, for tests that need no database.

Built from the same data as the data migration (``estimator.defaults``), so the pure tests and
the database can never disagree; ``test_default_card`` checks the migrated card against it.
"""

from __future__ import annotations

import dataclasses

from estimator import defaults
from estimator.calculations import Rates
from estimator.snapshot import rates_from_snapshot


def default_rates(**changes) -> Rates:
    rates = rates_from_snapshot(
        0, defaults.CARD_NAME, defaults.EFFECTIVE_FROM, defaults.DEFAULT_SNAPSHOT
    )
    return dataclasses.replace(rates, **changes) if changes else rates
