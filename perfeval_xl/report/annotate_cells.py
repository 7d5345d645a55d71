"""Mark the cells that have findings: a fill by the worst severity and a comment listing them."""

import re
from collections import defaultdict

from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, MergedCell
from openpyxl.comments import Comment
from openpyxl.styles import PatternFill
from openpyxl.utils.cell import column_index_from_string, get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from perfeval_xl.findings import Severity
from perfeval_xl.report.annotate_record import CellChange, comment_to_data, fill_to_text

AUTHOR = "perfeval-xl"
SEPARATOR = "———— perfeval-xl 核查意见 ————"
FILL_COLOURS = {                      # ARGB, the fills Excel offers for bad/neutral/note
    Severity.ERROR: "FFFFC7CE",
    Severity.WARNING: "FFFFEB9C",
    Severity.INFO: "FFDDEBF7",
}
COMMENT_WIDTH = 320                   # points; about 24 Chinese characters a line
_CHARS_PER_LINE = 24
_CELL = re.compile(r"^\$?([A-Za-z]{1,3})\$?([1-9][0-9]{0,6})$")
_MAX_ROW, _MAX_COLUMN = 1048576, 16384


def parse_cell(text):
    """(row, column) of "H45", "$H$45" or the first cell of "H45:J46"; None if not a cell."""
    if not isinstance(text, str):
        return None
    match = _CELL.match(text.strip().split(":", 1)[0])
    if match is None:
        return None
    row, column = int(match.group(2)), column_index_from_string(match.group(1).upper())
    if row > _MAX_ROW or column > _MAX_COLUMN:
        return None
    return row, column


def resolve_target(workbook, finding, skip=()):
    """(sheet, coordinate) to annotate: the finding's cell, or the top-left of its merged range."""
    if finding.sheet not in workbook.sheetnames or finding.sheet in skip:
        return None
    sheet = workbook[finding.sheet]
    position = parse_cell(finding.cell)
    if not isinstance(sheet, Worksheet) or position is None:
        return None
    row, column = position
    for merged in sheet.merged_cells.ranges:
        if merged.min_row <= row <= merged.max_row and merged.min_col <= column <= merged.max_col:
            row, column = merged.min_row, merged.min_col
            break
    return finding.sheet, f"{get_column_letter(column)}{row}"


def finding_line(finding):
    """"[PE201 错误] message" and, when there is one, "建议：hint" on the next line."""
    line = f"[{finding.rule} {finding.severity.label_zh}] {finding.message}"
    if finding.hint:
        line += f"\n建议：{finding.hint}"
    return normalize_newlines(line)


def normalize_newlines(text):
    """Text as it reads back from the file: an XML reader turns CR and CRLF into LF, and
    control characters cannot be stored at all."""
    text = ILLEGAL_CHARACTERS_RE.sub("", text)
    return text.replace("\r\n", "\n").replace("\r", "\n")


def worst(findings):
    return min((finding.severity for finding in findings), key=lambda severity: severity.rank)


def group_by_target(workbook, findings, skip=()):
    """{(sheet, coordinate): [findings]} for the findings that can be placed on a cell."""
    groups = defaultdict(list)
    for finding in findings:
        target = resolve_target(workbook, finding, skip)
        if target is not None:
            groups[target].append(finding)
    return groups


def mark_cells(workbook, findings, skip=()):
    """Fill and comment every target cell.

    Returns the CellChange list that undoes it and how many findings were placed.
    """
    changes, placed = [], 0
    for (title, coordinate), group in group_by_target(workbook, findings, skip).items():
        cell = workbook[title][coordinate]
        if isinstance(cell, MergedCell):
            continue
        group = sorted(group, key=lambda finding: (finding.severity.rank, finding.rule))
        changes.append(_mark(cell, group))
        placed += len(group)
    return changes, placed


def _mark(cell, findings):
    original_fill = fill_to_text(cell.fill)
    original_comment = comment_to_data(cell.comment)
    ours = "\n".join(finding_line(finding) for finding in findings)
    colour = FILL_COLOURS[worst(findings)]
    cell.fill = PatternFill(fill_type="solid", fgColor=colour, bgColor=colour)
    cell.comment = _combined_comment(cell.comment, ours)
    return CellChange(sheet=cell.parent.title, cell=cell.coordinate, fill=original_fill,
                      comment=original_comment, our_fill=colour, our_comment=cell.comment.text)


def _combined_comment(existing, ours):
    """Our comment, or the existing one (text and author kept) with ours below a separator."""
    if existing is None:
        text, author = ours, AUTHOR
    else:
        text, author = f"{existing.text}\n{SEPARATOR}\n{ours}", existing.author
    comment = Comment(text, author or AUTHOR)
    comment.width = COMMENT_WIDTH
    comment.height = _comment_height(text)
    return comment


def _comment_height(text):
    lines = sum(1 + len(line) // _CHARS_PER_LINE for line in text.split("\n"))
    return min(600, 24 + 16 * lines)
