"""The indicator block of 附件2/附件3: 三级指标 rows, the 总分 row and the 一级指标权重 block."""

from typing import NamedTuple

from perfeval_xl import glossary as g

from . import formulas as f
from . import labels as t
from .blocks import add_blank_cells
from .defaults import LEVEL1_WEIGHTS
from .plan import a1, a1_abs, span

# Semantic field → (column, header label, style, validation), left to right.
INDICATOR_COLUMNS = {
    "level1": (0, g.LEVEL1, "in_text", "level1"),
    "level2": (1, g.LEVEL2, "in_text", "level2"),
    "name": (2, g.LEVEL3, "in_text", None),
    "target": (3, g.TARGET, "in_text", None),
    "actual": (4, g.ACTUAL, "in_text", None),
    "weight": (5, g.WEIGHT, "in_score", "score"),
    "score": (6, g.SCORE, "in_score", "score"),
    "deviation_reason": (7, g.DEVIATION_REASON, "in_text", None),
}
CHECK_COL = 8
WEIGHT_COL = INDICATOR_COLUMNS["weight"][0]
SCORE_COL = INDICATOR_COLUMNS["score"][0]
REASON_COL = INDICATOR_COLUMNS["deviation_reason"][0]


class IndicatorCells(NamedTuple):
    """Rows of the block (0-based): header, first and last indicator row, 总分 row.

    A named tuple, not a frozen dataclass: see template.plan.Cell.
    """

    header_row: int
    first_row: int
    last_row: int
    total_row: int
    weight_col: int = WEIGHT_COL
    score_col: int = SCORE_COL

    def column(self, col, absolute=False):
        """The indicator rows of one column, e.g. "F16:F60" (or "$F$16:$F$60")."""
        if absolute:
            return f"{a1_abs(self.first_row, col)}:{a1_abs(self.last_row, col)}"
        return span(self.first_row, col, self.last_row)


def add_indicators(sheet, row, count, defaults, funds):
    """Caption, header, ``count`` indicator rows and the 总分 row; returns (cells, next row)."""
    sheet.label(row, 0, t.INDICATORS_CAPTION, "caption", last_col=8)
    header = row + 1
    for col, label, _, _ in INDICATOR_COLUMNS.values():
        sheet.label(header, col, label, "header")
    sheet.label(header, CHECK_COL, t.CHECK, "header")
    sheet.repeat_row = header
    cells = IndicatorCells(header, header + 1, header + count, header + count + 1)
    for index in range(count):
        preset = defaults[index] if index < len(defaults) else None
        _add_indicator_row(sheet, cells.first_row + index, index, preset)
    _add_total_row(sheet, cells, funds)
    _add_alerts(sheet, cells)
    return cells, cells.total_row + 1


def _add_indicator_row(sheet, row, index, preset):
    level1, level2, name = preset or (None, None, None)
    defaults = {"level1": level1, "level2": level2, "name": name}
    for field, (col, _, style, validation) in INDICATOR_COLUMNS.items():
        sheet.input(row, col, f"indicator.{index}.{field}", style,
                    default=defaults.get(field), validation=validation)
    check = f.indicator_check(a1(row, WEIGHT_COL), a1(row, SCORE_COL), a1(row, REASON_COL),
                              t.SCORE_OVER_WEIGHT, t.REASON_MISSING)
    sheet.formula(row, CHECK_COL, check, "check", key=f"indicator.{index}.check")


def _add_total_row(sheet, cells, funds):
    """总分: 预算执行 + Σ of the indicator rows, for 分值 and for 得分."""
    row = cells.total_row
    sheet.label(row, 0, g.TOTAL, "label_center")
    add_blank_cells(sheet, row, range(1, WEIGHT_COL))
    weights = f"{funds.weight},{cells.column(WEIGHT_COL)}"
    scores = f"{funds.score},{cells.column(SCORE_COL)}"
    sheet.formula(row, WEIGHT_COL, f.rounded_sum_if_any(weights), "score", key="total.weight")
    sheet.formula(row, SCORE_COL, f.rounded_sum_if_any(scores), "score", key="total.score")
    sheet.label(row, REASON_COL, "")
    sheet.formula(row, CHECK_COL, f.equals_check(a1(row, WEIGHT_COL), 100, t.WEIGHTS_NOT_100),
                  "check", key="total.check")


def _add_alerts(sheet, cells):
    """Red fill on 得分 > 分值, and on a blank 偏差原因 where 得分 < 分值."""
    first, last = cells.first_row, cells.last_row
    weight, score, reason = (a1(first, col) for col in (WEIGHT_COL, SCORE_COL, REASON_COL))
    sheet.conditional(first, SCORE_COL, last, SCORE_COL, f.score_over_weight(weight, score))
    sheet.conditional(first, REASON_COL, last, REASON_COL, f.reason_missing(weight, score, reason))


def add_level1_weights(sheet, row, cells):
    """一级指标权重: weight input, Σ of its 三级 分值 (SUMIF) and a 校验, one row per 一级指标."""
    sheet.label(row, 0, t.LEVEL1_WEIGHTS, "caption")
    header = row + 1
    for col, label in enumerate((g.LEVEL1, t.WEIGHT_SHARE, t.LEVEL3_WEIGHT_SUM, t.CHECK)):
        sheet.label(header, col, label, "header")
    level1_range = cells.column(INDICATOR_COLUMNS["level1"][0], absolute=True)
    weight_range = cells.column(WEIGHT_COL, absolute=True)
    for offset, (name, weight) in enumerate(LEVEL1_WEIGHTS.items(), start=1):
        current = header + offset
        sheet.label(current, 0, name)
        sheet.input(current, 1, f"level1_weight.{name}", "in_score", default=weight,
                    validation="score")
        total = f.level1_weight_sum(level1_range, a1(current, 0), weight_range)
        sheet.formula(current, 2, total, "score", key=f"level1_weight.{name}.sum")
        check = f.equals_check(a1(current, 1), a1(current, 2), t.WEIGHT_MISMATCH)
        sheet.formula(current, 3, check, "check", key=f"level1_weight.{name}.check")
    first, last = header + 1, header + len(LEVEL1_WEIGHTS)
    sheet.conditional(first, 1, last, 1, f.differs(a1(first, 1), a1(first, 2)))
    return last + 1
