"""封面: unit, year, report date, the input-colour legend and the 绩效评价小组 list."""

from perfeval_xl import glossary as g

from . import labels as t
from .blocks import add_title
from .defaults import PANEL_ROWS
from .plan import SheetPlan

WIDTHS = (22, 24, 36, 18)
PANEL_FIELDS = ("name", "title", "unit", "signature")   # model.PanelMember fields


def build_cover(options, sheet_name):
    """The cover plan; the title carries the unit and year given in the options."""
    sheet = SheetPlan(sheet_name, "cover", WIDTHS)
    add_title(sheet, f"{options.year}年度{options.unit}{t.COVER_TITLE_TAIL}", len(WIDTHS))
    sheet.label(1, 0, g.UNIT)
    sheet.input(1, 1, "cover.unit", "in_text", default=options.unit, last_col=3)
    sheet.label(2, 0, g.YEAR)
    sheet.input(2, 1, "cover.year", "in_count", default=options.year, validation="year")
    sheet.label(3, 0, g.REPORT_DATE)
    sheet.input(3, 1, "cover.report_date", "in_date", default=options.report_date,
                validation="date")
    sheet.label(4, 0, t.LEGEND, "note", last_col=3)
    sheet.heights[4] = 45
    for row, name in enumerate((g.UNIT, g.YEAR, g.REPORT_DATE), start=1):
        sheet.define_name(f"{sheet_name}_{name}", row, 1)
    return _add_panel(sheet, 6)


def _add_panel(sheet, row):
    """绩效评价小组人员名单: 12 rows, then the 组长's name and signing date."""
    sheet.label(row, 0, t.PANEL_LIST, "caption", last_col=3)
    for col, label in enumerate(t.PANEL_HEADERS):
        sheet.label(row + 1, col, label, "header")
    first = row + 2
    for index in range(PANEL_ROWS):
        for col, field in enumerate(PANEL_FIELDS):
            sheet.input(first + index, col, f"cover.panel.{index}.{field}", "in_text")
    leader = first + PANEL_ROWS
    sheet.label(leader, 0, t.PANEL_LEADER)
    sheet.input(leader, 1, "cover.leader", "in_text")
    sheet.label(leader, 2, g.SIGNING_DATE, "label_center")
    sheet.input(leader, 3, "cover.leader_signed_on", "in_date", validation="date")
    return sheet
