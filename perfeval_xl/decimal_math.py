"""Exact decimal arithmetic for money, rates and scores: round half up (四舍五入), never floats."""

from decimal import ROUND_HALF_UP, Decimal

HUNDRED = Decimal(100)


def round_half_up(value, places):
    """Round like Excel's ROUND: 9.265 → 9.27 at 2 places (Python's built-in rounds half to even: 9.26)."""
    return value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def rounds_to(exact, declared, places):
    """True when ``exact`` rounded half up at ``places`` decimals equals ``declared``."""
    return round_half_up(exact, places) == declared


def decimals_of(value):
    """How many decimals a Decimal was written with: Decimal('92.65') → 2, Decimal('100') → 0."""
    exponent = value.as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else 0


def percent(part, whole):
    """part / whole as a percentage (exact to 28 digits), or None when whole is 0 or missing."""
    if part is None or whole is None or whole == 0:
        return None
    return part * HUNDRED / whole


def plain(value):
    """A Decimal as people write it: no exponent, no trailing zeros beyond its own."""
    if value is None:
        return None
    return format(value, "f")
