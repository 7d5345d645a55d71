"""附件4/5/6 (政府性基金, 国有资本经营, 社会保险基金): a "本单位无此类支出" switch and a plain table."""

from perfeval_xl import glossary as g

from . import formulas as f
from . import labels as t
from .blocks import add_footer, add_title
from .defaults import FUND_ROWS
from .plan import SheetPlan, a1, span

WIDTHS = (26, 14, 14, 14, 14, 26, 16, 14)    # A–F the table, G–H the footer's last pair
TABLE_WIDTH = 6
# Semantic field → column; 执行率 (col 4) is a formula.
AMOUNTS = {"initial_budget": 1, "budget": 2, "spent": 3}
HEADERS = (t.ITEM, g.INITIAL_BUDGET, g.BUDGET, g.SPENT, g.EXECUTION_RATE, t.NOTE)


def build_fund_table(options, kind, sheet_name):
    """The plan of one of 附件4–6 (``kind`` is a glossary FUND_TABLE_KINDS entry)."""
    sheet = SheetPlan(sheet_name, kind, WIDTHS)
    add_title(sheet, t.year_title(options.year, kind), TABLE_WIDTH)
    sheet.label(1, 0, g.NO_SUCH_SPENDING)
    sheet.input(1, 1, "fund.none", "in_choice", validation="yes_no")
    for col, label in enumerate(HEADERS):
        sheet.label(2, col, label, "header")
    first, last = 3, 2 + FUND_ROWS
    for index in range(FUND_ROWS):
        _add_fund_row(sheet, first + index, f"fund.{index}")
    _add_total_row(sheet, last + 1, first, last)
    amounts = f"{a1(first, 1)}:{a1(last, 3)}"
    sheet.formula(1, 2, f.none_but_filled(a1(1, 1), amounts, t.YES, t.NONE_BUT_FILLED), "check",
                  key="fund.check")
    add_footer(sheet, last + 3)
    return sheet


def _add_fund_row(sheet, row, key):
    sheet.input(row, 0, f"{key}.name", "in_text")
    for field, col in AMOUNTS.items():
        sheet.input(row, col, f"{key}.{field}", "in_amount", validation="amount")
    sheet.formula(row, 4, f.ratio(a1(row, 2), a1(row, 3)), "rate", key=f"{key}.rate")
    sheet.input(row, 5, f"{key}.note", "in_text")


def _add_total_row(sheet, row, first, last):
    """合计: SUM of each amount column and the 执行率 of the totals."""
    sheet.label(row, 0, t.SUM_TOTAL, "label_center")
    for field, col in AMOUNTS.items():
        sheet.formula(row, col, f.sum_if_any(span(first, col, last)), "amount",
                      key=f"fund.total.{field}")
    sheet.formula(row, 4, f.ratio(a1(row, 2), a1(row, 3)), "rate", key="fund.total.rate")
    sheet.label(row, 5, "")
    sheet.define_name(f"{sheet.name}_合计{g.BUDGET}", row, 2)
    sheet.define_name(f"{sheet.name}_合计{g.SPENT}", row, 3)
