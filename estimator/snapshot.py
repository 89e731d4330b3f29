"""The active rate card's rates, read from its snapshot (see ``estimator.snapshot_format``).

One plain query per request says which card is active; its parsed rates are kept per process.
"""

from __future__ import annotations

from django.db import connection

from estimator import calculations as calc
from estimator.models import RateCard

# build_snapshot is also offered from here, where callers have always found it.
from estimator.snapshot_format import build_snapshot as build_snapshot
from estimator.snapshot_format import rates_from_snapshot


class NoActiveRateCard(Exception):
    pass


# Activated cards never change (see RateCard.is_frozen), so their parsed rates can be kept for
# the life of the process. Which card is active is still asked on every request, so an
# activation in the admin is seen by the very next one. The stamp includes the activation time,
# so a reused id (a test database rolled back) can never return another card's rates.
_rates_by_card: dict[tuple, calc.Rates] = {}


def active_card_stamp() -> tuple | None:
    """What identifies the active card's values: (id, name, effective_from, activated_at).

    Asked on every estimate (a kept answer costs little more), so it is one plain query on the
    partial unique index of the active card, without building an ORM query each time. The values
    are as the database driver returns them (dates as text on SQLite): compared, never used.
    """
    table = connection.ops.quote_name(RateCard._meta.db_table)
    with connection.cursor() as cursor:
        # The table name is the model's own, quoted; the only value is a parameter.
        sql = f"SELECT id, name, effective_from, activated_at FROM {table} WHERE is_active = %s"  # noqa: S608
        cursor.execute(sql, [True])
        row = cursor.fetchone()
    return tuple(row) if row is not None else None


def load_active_rates(stamp: tuple | None = None) -> calc.Rates:
    """The active card's rates: one query when already parsed in this process, two otherwise.

    ``stamp`` is :func:`active_card_stamp`'s answer when the caller already asked for it.
    """
    if stamp is None:
        stamp = active_card_stamp()
    if stamp is None:
        raise NoActiveRateCard("No rate card is active: activate one in the admin.")
    cached = _rates_by_card.get(stamp)
    if cached is not None:
        return cached
    card = RateCard.objects.only("name", "effective_from", "snapshot").get(pk=stamp[0])
    rates = rates_from_snapshot(card.pk, card.name, card.effective_from, card.snapshot)
    _rates_by_card.clear()  # only the active card is worth keeping
    _rates_by_card[stamp] = rates
    return rates
