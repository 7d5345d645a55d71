"""The funds block of 附件2 and 附件3: header row and the 年度资金总额 row with 执行率 and 得分."""

from typing import NamedTuple

from perfeval_xl import glossary as g

from . import formulas as f
from . import labels as t
from .defaults import EXECUTION_WEIGHT
from .plan import a1

# Semantic column key → (column, header label); the label column A holds "项目".
FUNDS_COLUMNS = {
    "initial_budget": (1, g.INITIAL_BUDGET),
    "budget": (2, g.BUDGET),
    "spent": (3, g.SPENT),
    "weight": (4, g.WEIGHT),
    "rate": (5, g.EXECUTION_RATE),
    "score": (6, g.SCORE),
}
AMOUNT_COLUMNS = ("initial_budget", "budget", "spent")


class FundsCells(NamedTuple):
    """Where the 年度资金总额 row's cells are (A1 addresses).

    A named tuple, not a frozen dataclass: see template.plan.Cell.
    """

    row: int
    initial_budget: str
    budget: str
    spent: str
    weight: str
    rate: str
    score: str


def add_funds_total(sheet, row, caption):
    """Caption, header row and 年度资金总额 row; returns (FundsCells, next row)."""
    sheet.label(row, 0, caption, "caption", last_col=8)
    header, total = row + 1, row + 2
    sheet.label(header, 0, t.ITEM, "header")
    for col, label in FUNDS_COLUMNS.values():
        sheet.label(header, col, label, "header")
    cells = FundsCells(total, *(a1(total, col) for col, _ in FUNDS_COLUMNS.values()))
    sheet.label(total, 0, g.FUNDS_TOTAL)
    for key in AMOUNT_COLUMNS:
        sheet.input(total, FUNDS_COLUMNS[key][0], f"funds.{key}", "in_amount", validation="amount")
    sheet.input(total, FUNDS_COLUMNS["weight"][0], "funds.weight", "in_score",
                default=EXECUTION_WEIGHT, validation="score")
    sheet.formula(total, FUNDS_COLUMNS["rate"][0], f.ratio(cells.budget, cells.spent), "rate",
                  key="funds.rate")
    sheet.formula(total, FUNDS_COLUMNS["score"][0],
                  f.execution_score(cells.budget, cells.spent, cells.weight), "score",
                  key="funds.score")
    return cells, total + 1


def add_funds_names(sheet, prefix, funds, indicators):
    """Defined names for the key cells of a self-evaluation sheet ("附件2_全年预算数" …)."""
    row = funds.row
    for key in ("initial_budget", "budget", "spent", "rate"):
        sheet.define_name(f"{prefix}_{FUNDS_COLUMNS[key][1]}", row, FUNDS_COLUMNS[key][0])
    sheet.define_name(f"{prefix}_预算执行分值", row, FUNDS_COLUMNS["weight"][0])
    sheet.define_name(f"{prefix}_预算执行得分", row, FUNDS_COLUMNS["score"][0])
    sheet.define_name(f"{prefix}_分值合计", indicators.total_row, indicators.weight_col)
    sheet.define_name(f"{prefix}_{g.TOTAL}", indicators.total_row, indicators.score_col)
