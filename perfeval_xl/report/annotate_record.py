"""Remember what an annotation changed, in a very hidden sheet, so a later run can undo it exactly."""

import json
from xml.etree.ElementTree import ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring
from openpyxl.cell.cell import MergedCell
from openpyxl.comments import Comment
from openpyxl.styles import PatternFill
from openpyxl.styles.fills import Fill
from openpyxl.worksheet.worksheet import Worksheet
from openpyxl.xml.functions import tostring

from perfeval_xl.report.record_data import (MARKER, RECORD_SHEET, VERSION, CellChange, ForeignSheetError,
                                            Record, RecordError, new_record_data, record_from_column)

__all__ = ["RECORD_SHEET", "CellChange", "ForeignSheetError", "Record", "RecordError", "read_record",
           "write_record", "undo", "MARKER", "VERSION"]

_CHUNK = 30000                        # a cell holds at most 32767 characters


def fill_to_text(fill):
    return tostring(fill.to_tree()).decode("utf-8")


def fill_from_text(text):
    try:
        restored = Fill.from_tree(fromstring(text))
    except (ParseError, DefusedXmlException, TypeError, ValueError):
        restored = None
    return restored if restored is not None else PatternFill()


def comment_to_data(comment):
    if comment is None:
        return None
    return {"text": comment.text, "author": comment.author,
            "width": comment.width, "height": comment.height}


def comment_from_data(data):
    if data is None:
        return None
    comment = Comment(str(data["text"]), str(data["author"] or ""))
    comment.width = _size(data.get("width"), comment.width)
    comment.height = _size(data.get("height"), comment.height)
    return comment


def _size(value, default):
    # The record comes from a file the user sent: only a plain number may reach the VML.
    if isinstance(value, int) and not isinstance(value, bool) and 0 < value < 10000:
        return value
    return default


def write_record(workbook, record):
    """Add the very hidden record sheet at the end: a marker, then the JSON in chunks."""
    sheet = workbook.create_sheet(RECORD_SHEET)
    sheet.sheet_state = "veryHidden"
    text = json.dumps(new_record_data(record), ensure_ascii=False, sort_keys=True)
    chunks = [MARKER] + [text[start:start + _CHUNK] for start in range(0, len(text), _CHUNK)]
    for row, chunk in enumerate(chunks, 1):
        cell = sheet.cell(row=row, column=1)
        cell.value = chunk
        cell.data_type = "s"          # JSON may start with characters a formula starts with
    return sheet


def read_record(workbook):
    """The Record of an earlier run in an openpyxl workbook, None when there is none; RecordError when unreadable."""
    if RECORD_SHEET not in workbook.sheetnames:
        return None
    sheet = workbook[RECORD_SHEET]
    if not isinstance(sheet, Worksheet):
        raise ForeignSheetError(f"工作簿中名为 {RECORD_SHEET} 的工作表不是 perfeval-xl 的核查记录")
    return record_from_column([sheet.cell(row=row, column=1).value for row in range(1, sheet.max_row + 1)])


def undo(workbook, record):
    """Put back what the recorded run changed and remove the sheets it added."""
    for change in reversed(record.changes):
        _undo_change(workbook, change)
    for title in (record.summary_sheet, RECORD_SHEET):
        if title and title in workbook.sheetnames:
            workbook.remove(workbook[title])
    restore_views(workbook, record.active, record.selected)


def _undo_change(workbook, change):
    """Restore one cell, but only the marks that are still ours (the user may have edited it)."""
    sheet = workbook[change.sheet] if change.sheet in workbook.sheetnames else None
    if not isinstance(sheet, Worksheet):
        return
    cell = sheet[change.cell]
    if isinstance(cell, MergedCell):
        return
    fill = cell.fill
    if fill.fill_type == "solid" and fill.fgColor.rgb == change.our_fill:
        cell.fill = fill_from_text(change.fill)
    if cell.comment is not None and cell.comment.text == change.our_comment:
        cell.comment = comment_from_data(change.comment)


def current_views(workbook):
    """(active sheet title, titles of sheets whose tab is selected)."""
    active = workbook.active.title if workbook.active is not None else None
    selected = [sheet.title for sheet in workbook.worksheets if sheet.sheet_view.tabSelected]
    return active, selected


def restore_views(workbook, active, selected):
    for sheet in workbook.worksheets:
        if sheet.title in selected:
            sheet.sheet_view.tabSelected = True
        elif sheet.sheet_view.tabSelected:
            sheet.sheet_view.tabSelected = False
    if active in workbook.sheetnames:
        workbook.active = workbook.sheetnames.index(active)
    elif workbook.sheetnames:
        workbook.active = 0
