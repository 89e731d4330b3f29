"""Money inside the engine: currency conversion, ranges, and priced amounts with their formula.

Everything stays unrounded; ``cents`` is the one rounding (ROUND_HALF_UP), applied when a range
becomes ``Amounts`` and when a formula states its result.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, localcontext

from estimator.calculations.values import Amounts, ExchangeRate, Factor, Formula, Rates

_CENT = Decimal("0.01")
_ONE = Decimal(1)
# Counts up to 10^12 times money up to 10^9 times rates need ~25 digits before the cents:
# well above the default 28 once several factors and an inverse exchange rate are involved.
PRECISION = 60


class MissingExchangeRate(ValueError):
    pass


@dataclass(frozen=True)
class Leg:
    exchange_rate: ExchangeRate
    inverse: bool

    @property
    def target(self) -> str:
        pair = self.exchange_rate
        return pair.from_currency if self.inverse else pair.to_currency

    @property
    def factor(self) -> Decimal:
        return _ONE / self.exchange_rate.rate if self.inverse else self.exchange_rate.rate

    def apply(self, amount: Decimal) -> Decimal:
        # Dividing keeps an inverse conversion exact where it can be (86 EUR -> 100 USD).
        if self.inverse:
            return amount / self.exchange_rate.rate
        return amount * self.exchange_rate.rate


def _leg(from_cur: str, to_cur: str, rates: Rates) -> Leg | None:
    usable = [pair for pair in rates.exchange_rates if pair.rate > 0]
    for pair in usable:
        if (pair.from_currency, pair.to_currency) == (from_cur, to_cur):
            return Leg(pair, inverse=False)
    for pair in usable:
        if (pair.from_currency, pair.to_currency) == (to_cur, from_cur):
            return Leg(pair, inverse=True)
    return None


def conversion_path(from_cur: str, to_cur: str, rates: Rates) -> tuple[Leg, ...]:
    """Direct pair, else inverse pair, else through one pivot currency (fewest inversions)."""
    if from_cur == to_cur:
        return ()
    single = _leg(from_cur, to_cur, rates)
    if single is not None:
        return (single,)
    currencies = {pair.from_currency for pair in rates.exchange_rates}
    currencies |= {pair.to_currency for pair in rates.exchange_rates}
    paths = []
    for pivot in sorted(currencies - {from_cur, to_cur}):
        first, second = _leg(from_cur, pivot, rates), _leg(pivot, to_cur, rates)
        if first is not None and second is not None:
            paths.append((first.inverse + second.inverse, pivot, (first, second)))
    if not paths:
        raise MissingExchangeRate(
            f"No exchange rate from {from_cur} to {to_cur} in rate card {rates.card_name!r} "
            "(neither direct, inverse nor through one other currency)."
        )
    return min(paths, key=lambda path: path[:2])[2]


def convert(amount: Decimal, from_cur: str, to_cur: str, rates: Rates) -> Decimal:
    """Unrounded conversion; raises MissingExchangeRate when no path exists."""
    with localcontext() as decimal_context:
        decimal_context.prec = PRECISION
        for leg in conversion_path(from_cur, to_cur, rates):
            amount = leg.apply(amount)
        return amount


def cents(value: Decimal) -> Decimal:
    return value.quantize(_CENT, rounding=ROUND_HALF_UP)


# Frozen, as everything the engine keeps between estimates (Rates.derived) must be; slotted,
# which makes them a little cheaper to build and read.
@dataclass(frozen=True, slots=True)
class Range:
    low: Decimal
    expected: Decimal
    high: Decimal

    @classmethod
    def fixed(cls, value: Decimal) -> Range:
        return cls(value, value, value)

    def __add__(self, other: Range) -> Range:
        return Range(self.low + other.low, self.expected + other.expected, self.high + other.high)

    def __mul__(self, other: Range) -> Range:
        # Bound by bound: every term is non-negative, so low * low is the lowest product.
        return Range(self.low * other.low, self.expected * other.expected, self.high * other.high)

    def map(self, function: Callable[[Decimal], Decimal]) -> Range:
        return Range(function(self.low), function(self.expected), function(self.high))

    def rounded(self) -> Amounts:
        return Amounts(cents(self.low), cents(self.expected), cents(self.high))


NOTHING = Range.fixed(Decimal(0))


@dataclass(frozen=True, slots=True)
class Priced:
    """An amount (unrounded, already divided) and the factors/divisor that explain it."""

    amount: Range
    factors: tuple[Factor, ...] = ()
    divisor: int = 1

    @classmethod
    def fixed(cls, factor: Factor) -> Priced:
        # Callers may hand ints for Decimal inputs; quantize() needs a Decimal.
        if type(factor.value) is not Decimal:
            factor = Factor(Decimal(factor.value), factor.unit, factor.currency, factor.label)
        return cls(Range.fixed(factor.value), (factor,))

    def __mul__(self, other: Priced) -> Priced:
        if other is IDENTITY:
            return self
        return Priced(
            self.amount * other.amount, self.factors + other.factors, self.divisor * other.divisor
        )

    def times(
        self, count: int | Decimal, unit: str, label: str = "", currency: str | None = None
    ) -> Priced:
        """Prepend a count (or a fixed price), so formulas read "500 000 views * …"."""
        value = Decimal(count)
        amount = self.amount
        return Priced(
            Range(value * amount.low, value * amount.expected, value * amount.high),
            (Factor(value, unit, currency, label), *self.factors),
            self.divisor,
        )

    def formula(self, currency: str) -> Formula:
        return Formula(
            factors=self.factors,
            divisor=self.divisor,
            result=cents(self.amount.expected),
            currency=currency,
        )


IDENTITY = Priced(Range.fixed(_ONE))
