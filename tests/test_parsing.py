"""Numbers and dates as people type them: each case with the Decimal or date it must give."""

from datetime import date, datetime
from decimal import Decimal

import pytest

from perfeval_xl.model import Workbook
from perfeval_xl.parsing import parse_date_cell, parse_number_cell, parse_number_text
from perfeval_xl.reader.grid import RawCell
from perfeval_xl.reader.values import CellReader
from perfeval_xl.rules import check, get_rule


class Formula(str):
    """A live formula in the cell (not text that starts with "=")."""


BLANK = "blank"        # no value: nothing typed, or a no-value mark
FINDING = "PE501"      # unreadable: reported at the cell as number-unreadable
RECOMPUTED = "formula"  # a live formula: never read as a number; the rules recompute it

# One table for everything a person types or a spreadsheet stores in a number or
# date cell: raw value (as openpyxl or xlrd gives it), column kind, number format,
# and what it must read as: a Decimal (exact digits), a date, BLANK, FINDING or RECOMPUTED.
TYPED_CASES = [
    # full-width digits and punctuation (Chinese input methods)
    ("３６．９２", "amount", "@", "36.92"),
    ("２，０９６．９６", "amount", "@", "2096.96"),
    ("（１２．５０）", "amount", "@", "-12.50"),
    ("－３", "amount", "@", "-3"),
    ("９２．６５％", "rate", "@", "92.65"),
    ("１０５人", "count", "@", "105"),
    # thousands separators: only real groups of three
    ("2,096.96", "amount", "@", "2096.96"),
    ("1,234,567.5", "amount", "@", "1234567.5"),
    ("9,2.65%", "rate", "@", FINDING),          # 92.65? 9.265? never guessed
    ("1,23", "amount", "@", FINDING),
    ("1.234,56", "amount", "@", FINDING),       # European grouping
    # spaces anywhere, of any width
    (" 9.26 ", "score", "@", "9.26"),
    ("2 096.96", "amount", "@", "2096.96"),
    ("2\u00a0096.96", "amount", "@", "2096.96"),  # no-break space
    ("36.92\u3000万元", "amount", "@", "36.92"),   # ideographic space
    ("36.92\n万元", "amount", "@", "36.92"),
    # trailing units: stripped only where they belong to the column
    ("36.92 万元", "amount", "@", "36.92"),
    ("36.92万元", "amount", "@", "36.92"),
    ("38万", "amount", "@", "38"),
    # 元 in a 万元 column is 10,000 times the number: dividing would hide a form
    # filled in the wrong unit, so the person is asked to retype it in 万元.
    ("369200元", "amount", "@", FINDING),
    ("105人", "count", "@", "105"),
    ("105 人", "count", "@", "105"),
    ("105人", "amount", "@", FINDING),
    ("3分", "score", "@", "3"),
    ("92.65%", "rate", "@", "92.65"),
    ("92.65 %", "rate", "@", "92.65"),
    ("92.65%", "amount", "@", FINDING),
    ("36.92万元", "rate", "@", FINDING),
    # percent as text, as a fraction, or as a number formatted %
    ("0.9265", "rate", "@", "92.65"),
    (0.9265, "rate", "0.00%", "92.65"),
    (0.9265, "rate", "General", "92.65"),
    (92.65, "rate", "General", "92.65"),
    (1, "rate", "0%", "100"),
    (0.9715789473684211, "rate", "0.00%", "97.16"),  # a formula's result pasted as a value: as shown
    # negatives
    ("(12.50)", "amount", "@", "-12.50"),
    ("(1,234.50)", "amount", "@", "-1234.50"),
    ("-3", "amount", "@", "-3"),
    ("\u22123", "amount", "@", "-3"),            # the minus sign of a number copied from a PDF
    (-12.5, "amount", "General", "-12.5"),
    # no value
    ("—", "amount", "@", BLANK),
    ("——", "amount", "@", BLANK),
    ("一", "amount", "@", BLANK),
    ("/", "amount", "@", BLANK),
    ("无", "amount", "@", BLANK),
    ("-", "amount", "@", BLANK),
    ("\u2212", "amount", "@", BLANK),
    ("不适用", "rate", "@", BLANK),
    ("", "amount", "@", BLANK),
    (None, "amount", "General", BLANK),
    # Excel error values (openpyxl and xlrd give them as text)
    ("#DIV/0!", "rate", "General", FINDING),
    ("#div/0!", "rate", "General", FINDING),
    ("#N/A", "amount", "General", FINDING),
    ("#VALUE!", "score", "General", FINDING),
    ("#REF!", "amount", "General", FINDING),
    # dates: a datetime, an Excel serial, or text
    (datetime(2025, 3, 11), "date", "yyyy-mm-dd", date(2025, 3, 11)),
    (45727, "date", "yyyy-mm-dd", date(2025, 3, 11)),
    (45727.0, "date", "General", date(2025, 3, 11)),
    ("2025.3.11", "date", "@", date(2025, 3, 11)),
    ("2025/3/11", "date", "@", date(2025, 3, 11)),
    ("2023  年   7月  3 日", "date", "@", date(2023, 7, 3)),
    ("２０２５年３月１８日", "date", "@", date(2025, 3, 18)),
    ("45727", "date", "@", None),                 # a serial typed as text is not a date anyone sees
    ("2025.2.30", "date", "@", None),
    (datetime(2025, 3, 11), "amount", "yyyy-mm-dd", FINDING),  # a date where a number belongs
    # formulas: text is never evaluated (parse_number_text says why)
    ("=1+1", "amount", "@", FINDING),
    (Formula("=1+1"), "amount", "General", RECOMPUTED),
    (Formula("=9.99"), "amount", "General", "9.99"),  # a number typed with "=" in front
    # other text
    ("约38", "amount", "@", FINDING),
    ("三十", "count", "@", FINDING),
    ("1.2e3", "amount", "@", FINDING),
    ("NaN", "amount", "@", FINDING),
    ("Infinity", "amount", "@", FINDING),
    (True, "amount", "General", FINDING),
    (2263.34, "amount", "General", "2263.34"),
    (0.1 + 0.2, "amount", "General", "0.3"),      # 15 significant digits, as a spreadsheet shows it
]


def read_cell(raw, kind, number_format):
    """What the reader makes of one cell (附件2!F5), and the findings the rules then report."""
    cell = RawCell("附件2", "F5", 5, 6, raw, isinstance(raw, Formula), number_format)
    reader = CellReader()
    value = reader.date(cell) if kind == "date" else reader.number(cell, kind)
    findings = check(Workbook(path="t.xlsx", problems=reader.problems), rules=[get_rule(FINDING)])
    return value, findings


@pytest.mark.parametrize("raw, kind, number_format, expected", TYPED_CASES)
def test_typed_value(raw, kind, number_format, expected):
    value, findings = read_cell(raw, kind, number_format)
    if expected == FINDING:
        assert value.unreadable and value.number is None
        (finding,) = findings
        assert (finding.rule, finding.sheet, finding.cell) == (FINDING, "附件2", "F5")
        assert value.text in finding.message
        return
    assert findings == []
    if kind == "date":
        assert value.when == expected
    elif expected == BLANK:
        assert value.blank
    elif expected == RECOMPUTED:
        assert value.is_formula and value.number is None and not value.unreadable
    else:
        assert str(value.number) == expected  # the digits as typed, no float noise

NUMBER_TEXT_CASES = [
    # text, kind, expected number (None = blank), unreadable
    ("2096.96", "amount", "2096.96", False),
    ("2,096.96", "amount", "2096.96", False),
    ("1,234,567.5", "amount", "1234567.5", False),
    ("36.92万元", "amount", "36.92", False),
    ("38万", "amount", "38", False),
    ("２０９６．９６", "amount", "2096.96", False),
    (" 9.26 ", "score", "9.26", False),
    ("3分", "score", "3", False),
    ("(12.50)", "amount", "-12.50", False),
    ("-3", "amount", "-3", False),
    ("92.65%", "rate", "92.65", False),
    ("９２．６５％", "rate", "92.65", False),
    ("0.9265", "rate", "92.65", False),
    ("97.16", "rate", "97.16", False),
    ("１１０", "count", "110", False),
    ("105人", "count", "105", False),
    ("—", "amount", None, False),
    ("——", "amount", None, False),
    ("一", "amount", None, False),
    ("/", "amount", None, False),
    ("无", "amount", None, False),
    ("", "amount", None, False),
    ("……", "amount", None, False),
    ("…", "amount", None, False),
    ("–", "amount", None, False),
    ("9,2.65%", "rate", None, True),
    ("#DIV/0!", "rate", None, True),
    ("369200元", "amount", None, True),
    ("约38", "amount", None, True),
    ("92.65%", "amount", None, True),
]


@pytest.mark.parametrize("text, kind, expected, unreadable", NUMBER_TEXT_CASES)
def test_number_text(text, kind, expected, unreadable):
    parsed = parse_number_text(text, kind)
    assert parsed.unreadable is unreadable
    assert parsed.number == (Decimal(expected) if expected is not None else None)
    if expected is not None:
        assert str(parsed.number) == expected  # the digits as typed, no float noise


@pytest.mark.parametrize("raw, kind, number_format, expected, decimals", [
    (2263.34, "amount", "General", "2263.34", 2),
    (134.5, "amount", "0.00", "134.5", 2),                      # shown "134.50"
    (110, "count", "General", "110", 0),
    (0.9265, "rate", "0.00%", "92.65", 2),
    (0.9545, "rate", "General", "95.45", 2),
    (1, "rate", "0%", "100", 0),
    (92.65, "rate", "General", "92.65", 2),
    (0.1 + 0.2, "amount", "General", "0.3", 1),                 # 15 significant digits, as shown
    (0.9715789473684211, "rate", "0.00%", "97.16", 2),           # pasted from a formula: as shown
    (9.715789473684211, "score", "0.00", "9.72", 2),
    (0.97, "rate", "0.00%", "97", 2),                           # shown "97.00%": claims 2 decimals
    (2096.964, "amount", "#,##0.00", "2096.964", 3),            # typed 3 decimals are kept
    (0.9265, "rate", "0%", "92.65", 2),
])
def test_number_cell(raw, kind, number_format, expected, decimals):
    parsed = parse_number_cell(raw, kind, number_format)
    assert parsed.number == Decimal(expected)
    assert parsed.decimals == decimals


def test_date_cell_variants():
    assert parse_date_cell("2025.3.11") == date(2025, 3, 11)
    assert parse_date_cell("2023  年   7月  3 日") == date(2023, 7, 3)
    assert parse_date_cell("2025-03-18") == date(2025, 3, 18)
    assert parse_date_cell("２０２５年３月１８日") == date(2025, 3, 18)
    assert parse_date_cell(datetime(2025, 3, 11, 0, 0)) == date(2025, 3, 11)
    assert parse_date_cell(45727) == date(2025, 3, 11)  # an Excel serial
    assert parse_date_cell("2025.2.30") is None
    assert parse_date_cell("三月") is None
    assert parse_date_cell(12) is None


def test_infinite_or_nan_cells_are_unreadable():
    assert parse_number_cell(float("inf")).unreadable
    assert parse_number_cell(float("nan"), "rate", "0.00%").unreadable
