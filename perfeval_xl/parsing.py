"""Read what people type into number and date cells: "2,096.96", "36.92万元", "９２．６５％", "2025.3.11"."""

import math
import re
import unicodedata
from functools import lru_cache
from datetime import date, datetime, timedelta
from decimal import Decimal, InvalidOperation
from typing import NamedTuple

from perfeval_xl.decimal_math import HUNDRED, decimals_of, round_half_up
from perfeval_xl.glossary import EMPTY_MARKERS

# Units a number cell may carry, by the kind of number the column holds.  A unit
# that does not belong to the column ("369200元" in a 万元 column) is not stripped:
# the cell is then unreadable, which is the honest answer.
UNITS_BY_KIND = {
    "amount": ("万元", "万"),
    "count": ("人", "个"),
    "rate": ("%",),
    "score": ("分",),
    "area": ("m²", "m2", "平方米", "㎡"),
}
KIND_NAMES_ZH = {
    "amount": "金额（万元）",
    "count": "人数",
    "rate": "百分比",
    "score": "分值或得分",
    "area": "面积",
}
EXCEL_ERRORS = frozenset({"#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#N/A", "#NUM!", "#NULL!"})
# A rate typed without "%" at or below this is a fraction (0.9265 → 92.65 %);
# above it, already a percentage (92.65 → 92.65 %).
FRACTION_RATE_LIMIT = Decimal("1.5")
# Nobody types more decimals than this; a cell with more was pasted from a formula.
TYPED_DECIMALS = 4

_GROUPED = re.compile(r"^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$")
_PLAIN = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)$")
_CONSTANT_FORMULA = re.compile(r"^=\s*\(?\s*([-+]?\d+(?:\.\d+)?%?)\s*\)?\s*$")
_DATE_TEXT = re.compile(r"^(\d{4})[年./\-](\d{1,2})[月./\-](\d{1,2})日?$")
_EXCEL_EPOCH = date(1899, 12, 30)
_MINUS_SIGN = "\u2212"


class ParsedNumber(NamedTuple):
    """A number read from a cell; ``number`` None and ``unreadable`` False means blank.

    A named tuple, not a frozen dataclass: see template.plan.Cell.
    """

    number: Decimal | None = None
    decimals: int | None = None
    unreadable: bool = False


BLANK = ParsedNumber()
UNREADABLE = ParsedNumber(unreadable=True)


def fold(text):
    """Full-width to ASCII (NFKC), without any white space."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


# The parses are cached (ParsedNumber is frozen): the same cells are read by several
# tables' readers, and a batch's workbooks hold the same texts over and over.
@lru_cache(maxsize=4096)
def parse_number_text(text, kind="amount"):
    """Read a typed number; percent text gives a percentage for rates.

    Text is never evaluated: "=1+1" in a text cell is what the person sees on
    screen, not 2, so it is unreadable (PE501) like any other text.  Only a live
    formula holding a single constant ("=9.99") is read as that number
    (``constant_in_formula``); other formulas are recomputed by the rules.

    >>> parse_number_text("2,096.96").number
    Decimal('2096.96')
    >>> parse_number_text("９２．６５％", "rate").number
    Decimal('92.65')
    """
    folded = fold(text).replace(_MINUS_SIGN, "-")  # NFKC keeps U+2212, the minus of numbers copied from a PDF
    if folded in EMPTY_MARKERS:
        return BLANK
    if folded.upper() in EXCEL_ERRORS:
        return UNREADABLE
    negative = folded.startswith("(") and folded.endswith(")")
    if negative:
        folded = folded[1:-1]
    is_percent = folded.endswith("%")
    for unit in UNITS_BY_KIND.get(kind, ()):
        if folded.endswith(unit):
            folded = folded[: -len(unit)]
            break
    number = _plain_decimal(folded)
    if number is None:
        return UNREADABLE
    if negative:
        number = -number
    if kind == "rate" and not is_percent and abs(number) <= FRACTION_RATE_LIMIT:
        number = fraction_to_percent(number)
    return ParsedNumber(number, decimals_of(number))


def fraction_to_percent(fraction):
    """0.9265 → 92.65 (not 92.6500): keep the digits a person would write."""
    number = (fraction * HUNDRED).normalize()
    return number.quantize(Decimal(1)) if decimals_of(number) == 0 else number


def _plain_decimal(folded):
    if _GROUPED.match(folded):
        folded = folded.replace(",", "")
    if not _PLAIN.match(folded):
        return None
    try:
        return Decimal(folded)
    except InvalidOperation:
        return None


@lru_cache(maxsize=4096, typed=True)   # typed: True, 1 and 1.0 are different cells
def parse_number_cell(raw, kind="amount", number_format="General"):
    """Read a cell's raw value (int, float, str, None …) as the decimal the person typed or saw.

    A float is taken at 15 significant digits, as a spreadsheet shows it: the
    digits typed, not binary noise.  A value with more decimals than anyone
    types (pasted from a formula: 0.971578947…) is taken as its number format
    shows it (97.16 % for "0.00%").  A number format with fixed decimals also
    sets the precision the value is checked at: 0.97 shown as "97.00%" claims
    two decimals.  A rate stored as a fraction becomes a percentage.
    """
    if raw is None:
        return BLANK
    if isinstance(raw, bool) or isinstance(raw, (datetime, date)):
        return UNREADABLE
    if isinstance(raw, (int, float, Decimal)):
        if isinstance(raw, float) and not math.isfinite(raw):
            return UNREADABLE  # <v>1e309</v> or NaN in the XML: no number anyone typed
        return _number_as_shown(raw, kind, number_format)
    return parse_number_text(str(raw), kind)


def _number_as_shown(raw, kind, number_format):
    number = Decimal(f"{raw:.15g}") if isinstance(raw, float) else Decimal(raw)
    if kind == "rate" and ("%" in (number_format or "") or abs(number) <= FRACTION_RATE_LIMIT):
        number = fraction_to_percent(number)
    places = format_decimals(number_format)
    if places is None:
        return ParsedNumber(number, decimals_of(number))
    if decimals_of(number) > max(places, TYPED_DECIMALS):
        number = round_half_up(number, places)
    return ParsedNumber(number, max(places, decimals_of(number)))


def format_decimals(number_format):
    """Decimals a number format shows: "0.00%" → 2, "#,##0" → 0, "General" or "@" → None."""
    section = (number_format or "General").split(";")[0]
    section = re.sub(r'"[^"]*"|\[[^\]]*\]|\\.', "", section)  # quoted text, [colours], escapes
    if "0" not in section:
        return None
    match = re.search(r"\.(0+)", section)
    return len(match.group(1)) if match else 0


def constant_in_formula(formula):
    """'=9.99' → '9.99': a formula with no reference is a number typed with an "=" in front."""
    match = _CONSTANT_FORMULA.match(formula or "")
    return match.group(1) if match else None


def parse_date_cell(raw):
    """A date from a datetime, an Excel serial number, or text such as "2025.3.11" / "2023 年 7月 3 日"."""
    if isinstance(raw, datetime):
        return raw.date()
    if isinstance(raw, date):
        return raw
    if isinstance(raw, (int, float)) and not isinstance(raw, bool):
        # Excel serials for 1990–2100; anything else is not a plausible date here.
        if 32874 <= raw <= 73051:
            return _EXCEL_EPOCH + timedelta(days=int(raw))
        return None
    if isinstance(raw, str):
        return parse_date_text(raw)
    return None


def parse_date_text(text):
    match = _DATE_TEXT.match(fold(text))
    if not match:
        return None
    year, month, day = (int(part) for part in match.groups())
    try:
        return date(year, month, day)
    except ValueError:
        return None


def find_date_in_text(text):
    """The first date written inside a longer text ("填报日期：2025.3.11"), or None."""
    folded = fold(text)
    match = re.search(r"(\d{4})[年./\-](\d{1,2})[月./\-](\d{1,2})日?", folded)
    if not match:
        return None
    return parse_date_text(match.group(0))
