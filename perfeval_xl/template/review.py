"""考核评分表: the seed's scoring table with 满分, a reviewer's 得分 (0..满分) and 扣分说明."""

from . import formulas as f
from . import labels as t
from .blocks import add_blank_cells, add_title
from .defaults import REVIEW_ROWS, REVIEW_TOTAL
from .plan import SheetPlan, span

WIDTHS = (14, 16, 72, 30, 8, 10, 26)
MAX_COL, SCORE_COL, NOTE_COL = 4, 5, 6


def build_review(options, sheet_name):
    """The 考核评分表 plan: one row per 二级指标, then 合计 (满分 100, Σ 得分)."""
    sheet = SheetPlan(sheet_name, "review", WIDTHS, landscape=True)
    add_title(sheet, t.TITLES["review"], len(WIDTHS))
    for col, label in enumerate(t.REVIEW_HEADERS):
        sheet.label(1, col, label, "header")
    sheet.repeat_row = 1
    first = 2
    for index, (level1, level2, standard, evidence, maximum) in enumerate(REVIEW_ROWS):
        row = first + index
        sheet.label(row, 0, level1, "label_center")
        sheet.label(row, 1, level2, "label_center")
        sheet.fixed(row, 2, standard, "fixed_text", key=f"review.{index}.standard")
        sheet.fixed(row, 3, evidence, "fixed_text", key=f"review.{index}.evidence")
        sheet.fixed(row, MAX_COL, maximum, "fixed_center", key=f"review.{index}.max")
        sheet.input(row, SCORE_COL, f"review.{index}.score", "in_score",
                    validation=f"upto:{maximum}")
        sheet.input(row, NOTE_COL, f"review.{index}.note", "in_text")
    total = first + len(REVIEW_ROWS)
    sheet.label(total, 0, t.SUM_TOTAL, "label_center")
    add_blank_cells(sheet, total, (1, 2, 3, NOTE_COL))
    sheet.fixed(total, MAX_COL, REVIEW_TOTAL, "fixed_center", key="review.total.max")
    scores = span(first, SCORE_COL, total - 1)
    sheet.formula(total, SCORE_COL, f.rounded_sum_if_any(scores), "score", key="review.total.score")
    sheet.define_name(f"{sheet_name}_合计得分", total, SCORE_COL)
    return sheet
