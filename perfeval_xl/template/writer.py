"""Render sheet plans with xlsxwriter: cells, merges, validations, alerts, names, print, protection."""

import datetime
import math
import unicodedata
from decimal import Decimal

from .layout import sheet_reference
from .plan import FORMULA
from .protection import SHEET_PROTECTION, StructureProtectedWorkbook
from .styles import STYLES, make_formats
from .validation import validation_options

# A fixed creation date makes the same options give byte-identical files.
CREATED = datetime.datetime(2024, 1, 1, 0, 0, 0)
LINE_HEIGHT = 15          # points per wrapped line at 11 pt
PAGE_FOOTER = "&C第 &P 页，共 &N 页"


def write_workbook(path, plans, password=None):
    """Write every plan as a worksheet of one .xlsx file at ``path``."""
    workbook = StructureProtectedWorkbook(str(path), {"strings_to_formulas": False},
                                          password=password)
    workbook.set_properties({"title": "预算绩效自评模板", "subject": "预算绩效自评",
                             "author": "perfeval-xl", "created": CREATED})
    formats = make_formats(workbook)
    for plan in plans:
        _write_sheet(workbook, formats, plan, password)
    for plan in plans:
        for name, row, col in plan.names:
            workbook.define_name(name, "=" + sheet_reference(plan.name, row, col))
    workbook.close()


def _write_sheet(workbook, formats, plan, password):
    sheet = workbook.add_worksheet(plan.name)
    for col, width in enumerate(plan.widths):
        sheet.set_column(col, col, width)
    for cell in plan.sorted_cells():
        _write_cell(sheet, cell, formats[cell.style])
    for row, height in sorted({**_wrapped_heights(plan), **plan.heights}.items()):
        sheet.set_row(row, height)
    _write_validations(sheet, plan)
    for rule in plan.conditionals:
        sheet.conditional_format(rule.first_row, rule.first_col, rule.last_row, rule.last_col,
                                 {"type": "formula", "criteria": rule.criteria,
                                  "format": formats["alert"]})
    _set_print(sheet, plan)
    sheet.protect(password or "", SHEET_PROTECTION)
    if plan.hidden:
        sheet.hide()


def _write_cell(sheet, cell, cell_format):
    row, col, value = cell.row, cell.col, cell.value
    if cell.merged:
        last_row = cell.row if cell.last_row is None else cell.last_row
        last_col = cell.col if cell.last_col is None else cell.last_col
        sheet.merge_range(row, col, last_row, last_col, "", cell_format)
    if cell.kind == FORMULA:
        sheet.write_formula(row, col, value, cell_format, "")   # cached result blank, not 0
    elif value is None or value == "":
        sheet.write_blank(row, col, None, cell_format)
    elif isinstance(value, str):
        sheet.write_string(row, col, value, cell_format)    # never parsed as a formula
    elif isinstance(value, datetime.date):
        sheet.write_datetime(row, col, value, cell_format)
    elif isinstance(value, (int, Decimal)) and not isinstance(value, bool):
        sheet.write_number(row, col, value, cell_format)
    else:
        raise TypeError(f"cannot write {value!r} to {cell.address}")


def _write_validations(sheet, plan):
    """One data validation per run of consecutive rows sharing a rule in one column."""
    runs = {}
    for cell in plan.sorted_cells():
        if cell.validation:
            runs.setdefault((cell.validation, cell.col), []).append(cell.row)
    for (name, col), rows in sorted(runs.items()):
        start = previous = rows[0]
        for row in rows[1:] + [None]:
            if row is not None and row == previous + 1:
                previous = row
                continue
            sheet.data_validation(start, col, previous, col, validation_options(name))
            start = previous = row


def _set_print(sheet, plan):
    sheet.set_paper(9)                  # A4
    if plan.landscape:
        sheet.set_landscape()
    else:
        sheet.set_portrait()
    sheet.fit_to_pages(1, 0)            # one page wide, as many pages tall as needed
    sheet.set_margins(left=0.4, right=0.4, top=0.6, bottom=0.6)
    sheet.center_horizontally()
    sheet.set_footer(PAGE_FOOTER)
    if plan.repeat_row is not None:
        sheet.repeat_rows(plan.repeat_row)


def _wrapped_heights(plan):
    """Row heights for wrapped text, estimated from the text (xlsxwriter cannot measure it)."""
    heights = {}
    for cell in plan.cells.values():
        if (cell.kind == FORMULA or not isinstance(cell.value, str)
                or not STYLES[cell.style].get("text_wrap")):
            continue
        last_col = cell.col if cell.last_col is None else cell.last_col
        width = sum(plan.widths[cell.col:last_col + 1]) - 1
        lines = sum(max(1, math.ceil(_display_width(line) / width))
                    for line in cell.value.split("\n"))
        if lines > 1 and cell.last_row is None:
            heights[cell.row] = max(heights.get(cell.row, 0), lines * LINE_HEIGHT)
    return heights


def _display_width(text):
    """Width in Excel character units: a CJK character takes two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)
