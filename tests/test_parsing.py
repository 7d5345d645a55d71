"""Numbers and dates as people type them: each case with the Decimal or date it must give."""

from datetime import date, datetime
from decimal import Decimal

import pytest

from perfeval_xl.parsing import parse_date_cell, parse_number_cell, parse_number_text

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
