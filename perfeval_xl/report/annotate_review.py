"""Fill the computed 考核评分表 items into an annotated copy: 得分 where a row is computed whole, else a comment.

A row's 得分 is written only when every part of the row was computed (提交报告
given a deadline) and the reviewer has not entered a score; a row computed in
part (完整性: 附件 yes, 正文 no) gets a comment on its 得分 cell listing the parts.
The hand-typed layout has no 得分 column: the comment goes on the 二级 label.
Existing comments are kept, ours below the annotation separator.
"""

from dataclasses import dataclass
from decimal import Decimal

from openpyxl.cell.cell import MergedCell
from openpyxl.comments import Comment

from perfeval_xl.decimal_math import plain
from perfeval_xl.glossary import normalize_label
from perfeval_xl.reader.full_xlsx import sheet_from_worksheet
from perfeval_xl.reader.locate import Segment, find_segments
from perfeval_xl.reader.review import read_review
from perfeval_xl.reader.values import CellReader
from perfeval_xl.report.annotate_cells import AUTHOR, COMMENT_WIDTH, SEPARATOR
from perfeval_xl.report.annotate_record import CellChange, comment_to_data, fill_to_text

HEADING = "perfeval-xl 预评分"


@dataclass(frozen=True)
class ReviewCellWrite:
    """One cell fill_review_sheet changed: the score written (None: comment only) and the comment set.

    ``original_comment`` is the cell's comment before, as annotate_record.comment_to_data
    gives it, so the caller can record the change and undo it.
    """

    sheet: str
    cell: str
    score: Decimal | None
    comment: str
    original_comment: dict | None = None


def fill_review_sheet(workbook, sheet_name, computed_items):
    """Write ``computed_items`` (review_score.score_review) into the 考核评分表 on ``sheet_name``.

    ``workbook`` is an openpyxl Workbook loaded with formulas (not data_only).
    Returns the ReviewCellWrite list, in sheet order; [] when the sheet has no
    考核评分表 rows or nothing was computed.
    """
    review = _read(workbook[sheet_name])
    written = []
    for row in review.items:
        parts = [item for item in computed_items if normalize_label(item.row) == normalize_label(row.name)]
        if not any(item.computable for item in parts):
            continue
        change = _fill_row(workbook[sheet_name], row, parts)
        if change is not None:
            written.append(change)
    return written


def _read(worksheet):
    grid = sheet_from_worksheet(worksheet).grid()
    segments = [segment for segment in find_segments(grid) if segment.kind == "review"]
    segment = segments[0] if segments else Segment("review", grid, 1, grid.max_row, None)
    return read_review(segment, CellReader())


def _fill_row(worksheet, row, parts):
    whole = all(item.computable for item in parts)
    total = sum((item.score for item in parts if item.computable), Decimal(0))
    target = row.score.cell or row.maximum.cell
    if target is None or isinstance(worksheet[target], MergedCell):
        return None
    cell = worksheet[target]
    score = None
    if whole and row.score.cell and row.score.blank:
        cell.value = total
        score = total
    original = comment_to_data(cell.comment)
    text = comment_text(parts, total, whole, entered=None if row.score.blank else row.score.text)
    cell.comment = _combined(cell.comment, text)
    return ReviewCellWrite(worksheet.title, target, score, cell.comment.text, original)


def comment_text(parts, total, whole, entered=None):
    """The comment: each part's score and reason, and what is left to the reviewer."""
    lines = [f"{HEADING}（{'全部可计算' if whole else '部分可计算'}）"]
    for item in parts:
        if item.computable:
            lines.append(f"{item.name} {plain(item.score)}/{plain(item.maximum)} 分：{item.reason}")
        else:
            lines.append(f"{item.name}（{plain(item.maximum)} 分）：{item.reason}")
    if entered is not None and whole:
        lines.append(f"表中已填得分 {entered}，未改动；计算得分为 {plain(total)}")
    elif not whole:
        lines.append(f"已计算部分合计 {plain(total)} 分，其余由审核人评定后填入得分")
    return "\n".join(lines)


def _combined(existing, ours):
    if existing is None:
        text, author = ours, AUTHOR
    else:
        text, author = f"{existing.text}\n{SEPARATOR}\n{ours}", existing.author or AUTHOR
    comment = Comment(text, author)
    comment.width = COMMENT_WIDTH
    comment.height = min(600, 24 + 16 * sum(1 + len(line) // 24 for line in text.split("\n")))
    return comment


def review_changes(workbook, sheet_name, computed_items):
    """fill_review_sheet's comments as CellChanges, so a later run or remove_annotation undoes them.

    Only comments are recorded: verify passes no deadline, so no 得分 value is
    written there (fill_review_sheet writes one only for a row computed whole).
    """
    changes = []
    for write in fill_review_sheet(workbook, sheet_name, computed_items):
        cell = workbook[write.sheet][write.cell]
        changes.append(CellChange(sheet=write.sheet, cell=write.cell, fill=fill_to_text(cell.fill),
                                  comment=write.original_comment, our_fill="",
                                  our_comment=cell.comment.text if cell.comment else write.comment))
    return changes
