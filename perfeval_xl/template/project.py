"""附件3 项目支出绩效自评表, one per 一级项目: project header, funds by source, goals, indicators."""

from perfeval_xl import glossary as g

from . import formulas as f
from . import labels as t
from .blocks import add_blank_cells, add_footer, add_goals, add_title
from .defaults import PROJECT_INDICATORS, PROJECT_ROWS
from .department import WIDTHS
from .funds import AMOUNT_COLUMNS, FUNDS_COLUMNS, add_funds_names, add_funds_total
from .indicators import add_indicators, add_level1_weights
from .plan import SheetPlan, a1, span


def build_project(options, sheet_name, index):
    """The 附件3 sheet plan for ``options.projects[index]``; names are "附件3_<n>_…" (n from 1)."""
    sheet = SheetPlan(sheet_name, "project", WIDTHS, landscape=True)
    add_title(sheet, t.year_title(options.year, "project"), len(WIDTHS))
    sheet.label(1, 0, g.PROJECT_NAME)
    sheet.fixed(1, 1, options.projects[index], "fixed_text", key="header.name", last_col=8)
    sheet.label(2, 0, g.AUTHORITY)
    sheet.input(2, 1, "header.authority", "in_text", last_col=3)
    sheet.label(2, 4, g.IMPLEMENTER)
    sheet.input(2, 5, "header.implementer", "in_text", last_col=8)
    funds, row = add_funds_total(sheet, 3, t.FUNDS_CAPTION_PROJECT)
    row = _add_sources(sheet, row, funds)
    row = add_goals(sheet, row)
    indicators, row = add_indicators(sheet, row, PROJECT_ROWS, PROJECT_INDICATORS, funds)
    row = add_level1_weights(sheet, row + 1, indicators)
    add_footer(sheet, row + 1)
    add_funds_names(sheet, f"附件3_{index + 1}", funds, indicators)
    return sheet


def _add_sources(sheet, row, funds):
    """当年财政拨款 / 上年结转资金 / 其他资金 under 年初预算数, 全年预算数, 全年执行数; then 校验."""
    first = row
    for offset, label in enumerate(g.SOURCE_SPLIT):
        current = first + offset
        sheet.label(current, 0, label)
        for column in AMOUNT_COLUMNS:
            sheet.input(current, FUNDS_COLUMNS[column][0], f"split.source.{label}.{column}",
                        "in_amount", validation="amount")
        add_blank_cells(sheet, current, (4, 5, 6))
    check = first + len(g.SOURCE_SPLIT)
    sheet.label(check, 0, t.CHECK)
    for column in AMOUNT_COLUMNS:
        col = FUNDS_COLUMNS[column][0]
        formula = f.parts_check(span(first, col, check - 1), a1(funds.row, col), t.SOURCE_MISMATCH)
        sheet.formula(check, col, formula, "check", key=f"split.source.check.{column}")
    add_blank_cells(sheet, check, (4, 5, 6))
    return check + 1
