"""Small blocks several sheets share: the title row, the footer row, the 年度总体目标 block."""

from perfeval_xl import glossary as g

from . import labels as t

FOOTER_STYLES = {"filled_by": "in_text", "filled_on": "in_date", "phone": "in_text",
                 "head_signature": "in_text"}
TITLE_HEIGHT = 32
GOALS_HEIGHT = 160


def add_title(sheet, text, width):
    """Row 1: the table's title, merged across the table width; nothing above it."""
    sheet.label(0, 0, text, "title", last_col=width - 1)
    sheet.heights[0] = TITLE_HEIGHT


def add_blank_cells(sheet, row, columns):
    """Bordered empty cells, so a table's grid has no holes."""
    for col in columns:
        sheet.label(row, col, "")


def add_footer(sheet, row):
    """填表人 / 填报日期 / 联系电话 / 单位负责人签字, each label followed by its input cell."""
    for index, (field, label) in enumerate(g.FOOTER_FIELDS.items()):
        col = index * 2
        sheet.label(row, col, label, "label_center")
        validation = "date" if field == "filled_on" else None
        sheet.input(row, col + 1, f"footer.{field}", FOOTER_STYLES[field], validation=validation)
    return row + 1


def add_goals(sheet, row):
    """年度总体目标: 预期目标 / 实际完成情况 headers over two large wrapped text inputs (A–I)."""
    sheet.label(row, 0, t.GOALS, "label_center", last_row=row + 1)
    sheet.label(row, 1, t.GOAL_EXPECTED, "header", last_col=4)
    sheet.label(row, 5, t.GOAL_ACTUAL, "header", last_col=8)
    sheet.input(row + 1, 1, "goal.expected", "in_long_text", last_col=4)
    sheet.input(row + 1, 5, "goal.actual", "in_long_text", last_col=8)
    sheet.heights[row + 1] = GOALS_HEIGHT
    return row + 2
