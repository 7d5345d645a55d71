"""附件2 部门整体支出绩效自评表: unit, funds with its income/spending split, goals, indicators."""

from perfeval_xl import glossary as g

from . import formulas as f
from . import labels as t
from .blocks import add_blank_cells, add_footer, add_goals, add_title
from .defaults import DEPARTMENT_INDICATORS, DEPARTMENT_ROWS
from .funds import add_funds_names, add_funds_total
from .indicators import add_indicators, add_level1_weights
from .plan import SheetPlan, span

WIDTHS = (24, 18, 30, 14, 14, 10, 10, 30, 16)
NAME_PREFIX = "附件2"
INCOME_LABEL_COL, SPENDING_LABEL_COL = 0, 3


def build_department(options, sheet_name):
    """The 附件2 sheet plan."""
    sheet = SheetPlan(sheet_name, "department", WIDTHS, landscape=True)
    add_title(sheet, t.year_title(options.year, "department"), len(WIDTHS))
    sheet.label(1, 0, t.DEPARTMENT_NAME)
    sheet.input(1, 1, "header.name", "in_text", default=options.unit, last_col=8)
    funds, row = add_funds_total(sheet, 2, t.FUNDS_CAPTION_DEPARTMENT)
    row = _add_splits(sheet, row, funds)
    row = add_goals(sheet, row)
    indicators, row = add_indicators(sheet, row, DEPARTMENT_ROWS, DEPARTMENT_INDICATORS, funds)
    row = add_level1_weights(sheet, row + 1, indicators)
    add_footer(sheet, row + 1)
    add_funds_names(sheet, NAME_PREFIX, funds, indicators)
    return sheet


def _add_splits(sheet, row, funds):
    """按收入性质分 (left, A–B) and 按支出性质分 (right, D–E): label then amount, then 校验."""
    sheet.label(row, INCOME_LABEL_COL, t.BY_INCOME, "label")
    sheet.label(row, SPENDING_LABEL_COL, t.BY_SPENDING, "label")
    add_blank_cells(sheet, row, (1, 2, 4, 5, 6))
    first = row + 1
    for offset, label in enumerate(g.INCOME_SPLIT):
        _add_split_item(sheet, first + offset, INCOME_LABEL_COL, f"split.income.{label}", label)
        if offset < len(g.SPENDING_SPLIT):
            spending = g.SPENDING_SPLIT[offset]
            _add_split_item(sheet, first + offset, SPENDING_LABEL_COL,
                            f"split.spending.{spending}", spending)
        else:
            add_blank_cells(sheet, first + offset, (SPENDING_LABEL_COL, SPENDING_LABEL_COL + 1))
        add_blank_cells(sheet, first + offset, (2, 5, 6))
    project_spending = first + g.SPENDING_SPLIT.index("项目支出")
    sheet.define_name(f"{NAME_PREFIX}_项目支出", project_spending, SPENDING_LABEL_COL + 1)
    check = first + len(g.INCOME_SPLIT)
    income = span(first, INCOME_LABEL_COL + 1, check - 1)
    spending = span(first, SPENDING_LABEL_COL + 1, first + len(g.SPENDING_SPLIT) - 1)
    _add_split_check(sheet, check, INCOME_LABEL_COL, "split.income.check",
                     f.parts_check(income, funds.budget, t.INCOME_MISMATCH))
    _add_split_check(sheet, check, SPENDING_LABEL_COL, "split.spending.check",
                     f.parts_check(spending, funds.spent, t.SPENDING_MISMATCH))
    add_blank_cells(sheet, check, (2, 5, 6))
    return check + 1


def _add_split_item(sheet, row, col, key, label):
    sheet.label(row, col, label)
    sheet.input(row, col + 1, key, "in_amount", validation="amount")


def _add_split_check(sheet, row, col, key, formula):
    sheet.label(row, col, t.CHECK)
    sheet.formula(row, col + 1, formula, "check", key=key)
