"""Helpers the rules share: which numbers can be trusted, sums as declared, table labels."""

from decimal import Decimal

from perfeval_xl.decimal_math import decimals_of, percent, round_half_up
from perfeval_xl.glossary import FUND_TABLE_KINDS, TABLE_NAMES_ZH, normalize_label

ZERO = Decimal(0)

# The money columns of 附件1 经费控制情况 and of the funds block, as printed.
EXPENSE_COLUMNS_ZH = {"previous_actual": "上年决算数", "budget": "本年预算数", "actual": "本年决算数"}
FUNDS_COLUMNS_ZH = {"initial_budget": "年初预算数", "budget": "全年预算数", "spent": "全年执行数"}

# A "本单位无此类支出" switch holding one of these means the table is NOT declared empty.
_SWITCH_OFF = frozenset({"否", "FALSE", "0", "NO", "有"})


def opaque(value):
    """True when the value cannot be known here: a live formula or unreadable text."""
    return value.is_formula or value.unreadable


def known(value):
    """The number a person typed, or None for a blank, a formula or unreadable text."""
    return None if value.is_formula or value.unreadable else value.number   # not opaque(value): asked most


def any_number(values):
    return any(value.number is not None for value in values)


def sum_as_declared(values):
    """Σ of the numbers as typed, blanks as 0; None when any is a formula or unreadable."""
    if any(opaque(value) for value in values):
        return None
    return sum((value.number or ZERO for value in values), ZERO)


def differs(left, right, tolerance=ZERO):
    return abs(left - right) > tolerance


def places(value):
    """How many decimals a declared number was typed or shown with."""
    if value.decimals is not None:
        return value.decimals
    return decimals_of(value.number)


def score_places(value):
    """The precision a declared score is checked at.

    A score typed with decimals is checked at those decimals.  A whole
    number ("10") is taken as exact to the cent (10.00): nobody rounds a
    score to whole points, and checking "10" at 0 decimals would accept full
    marks for 9.72 (97.16 % of 10).
    """
    declared = places(value)
    return 2 if declared == 0 else declared


def rate_expected(numerator, denominator, rate):
    """The percent rate ``rate`` should show, or None when it is right or cannot be checked.

    Right means numerator ÷ denominator, as a percentage, rounds half up to the
    declared rate at its declared decimals (92.6489… % → 92.65).
    """
    declared, top, bottom = known(rate), known(numerator), known(denominator)
    if declared is None or top is None or not bottom:
        return None
    expected = round_half_up(percent(top, bottom), places(rate))
    return None if expected == declared else expected


def located(*values):
    """The first value that has a cell, or the last one (a finding then has no cell)."""
    for value in values:
        if value is not None and value.cell:
            return value
    return values[-1]


def shown(value):
    """A number for a message, with trailing zeros dropped: 9.26500 → 9.265, 10.00 → 10."""
    normal = value.normalize()
    return normal.quantize(Decimal(1)) if normal == normal.to_integral() else normal


def self_evaluations(workbook):
    """附件2 and every 附件3, in order."""
    tables = [workbook.department] if workbook.department is not None else []
    return tables + list(workbook.projects)


def weighted_tables(workbook):
    """The 附件2/附件3 tables whose indicators carry at least one 分值.

    A blank template lists indicator names and heading weights but no 分值 yet:
    weight rules have nothing to compare until the unit starts filling them.
    """
    return [table for table in self_evaluations(workbook)
            if any(not indicator.weight.blank for indicator in table.indicators)]


def table_label(table):
    """附件1 … 附件6, with the project's name for a 附件3."""
    kind = getattr(table, "kind", "basic_data")
    label = TABLE_NAMES_ZH.get(kind, kind).split()[0]
    name = getattr(table, "name", None)
    if kind == "project" and name is not None and name.text:
        return f"{label}（{name.text}）"
    return label


def declares_none(fund_table):
    """True when a 附件4–6 says "本单位无此类支出"."""
    switch = fund_table.none_declared
    if switch.blank or switch.is_formula:
        return False
    return normalize_label(switch.text).upper() not in _SWITCH_OFF


def fund_tables(workbook):
    """附件4–6 in their order."""
    return [workbook.fund_tables[kind] for kind in FUND_TABLE_KINDS if kind in workbook.fund_tables]


def tables_with_footer(workbook):
    """Every table that exists and needs a footer: 附件1, 附件2, 附件3s, 附件4–6 unless "无"."""
    tables = [workbook.basic_data] if workbook.basic_data is not None else []
    tables += self_evaluations(workbook)
    tables += [table for table in fund_tables(workbook) if not declares_none(table)]
    return tables
