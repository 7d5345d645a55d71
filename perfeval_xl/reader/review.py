"""Read the 考核评分表: its 二级 rows with their maxima (满分) and the reviewer's scores (得分).

Two layouts occur.  The seed's, typed by hand, has no 满分 or 得分 column: each
maximum is written in the 二级 label ("自评通知 (8分)") and the 合计 row says
"100分".  The generated template has 满分 and 得分 columns and a 合计 formula.
A hand-typed sheet to which a reviewer added a 得分 column is read the same way.
"""

import re

from perfeval_xl import glossary as g
from perfeval_xl.model import EMPTY, ReviewItem, ReviewSheet
from perfeval_xl.reader.scan import find_header_row, header_columns, label_starts, row_begins_with

REVIEW_COLUMNS = {"level1": g.LEVEL1, "name": g.LEVEL2, "maximum": "满分", "score": g.SCORE}
TOTAL_LABELS = ("合计", "总计", g.TOTAL)
_TOTAL_STARTS = label_starts(*TOTAL_LABELS)
# "(8分)", "（8分）", "8分" at the end of a label, after NFKC folding.
_POINTS = re.compile(r"\(?(\d+(?:\.\d+)?)分\)?$")


def read_review(segment, reader):
    """The ReviewSheet of a 考核评分表 segment; items are empty when no header row is found."""
    grid = segment.grid
    sheet = ReviewSheet(sheet=grid.title)
    if segment.title is not None:
        sheet.title = reader.text(segment.title)
    header = find_header_row(segment, (g.LEVEL2, "评分标准"))
    if header is None:
        return sheet
    columns = header_columns(grid, header, REVIEW_COLUMNS)
    if "name" not in columns:
        return sheet
    for row in range(header + 1, segment.last_row + 1):
        cells = grid.row_cells(row)
        if row_begins_with(grid, row, _TOTAL_STARTS):
            _read_total(sheet, grid, row, cells, columns, reader)
            break
        item = _read_item(grid, row, columns, reader)
        if item is not None:
            sheet.items.append(item)
    return sheet


def split_points(text):
    """'自评通知 (8分)' → ('自评通知', '8'); '布置 工作\\n10分' → ('布置工作', '10'); no points → ''."""
    folded = g.normalize_label(text)
    match = _POINTS.search(folded)
    if match is None:
        return folded, ""
    return folded[: match.start()], match.group(1)


def _read_item(grid, row, columns, reader):
    label = grid.cell(row, columns["name"])
    if label.row != row or not label.text:
        return None  # a blank row, or the lower rows of a 二级 cell merged down
    name, points = split_points(label.text)
    level1 = grid.cell(row, columns["level1"]) if "level1" in columns else None
    level1_name = split_points(level1.text)[0] if level1 is not None else ""
    if "maximum" in columns:
        maximum = reader.number(grid.cell(row, columns["maximum"]), "score")
    elif points:
        maximum = reader.number_in_text(label, points, "score")
    else:
        maximum = EMPTY
    score = reader.number(grid.cell(row, columns["score"]), "score") if "score" in columns else EMPTY
    return ReviewItem(level1=level1_name, name=name, maximum=maximum, score=score)


def _read_total(sheet, grid, row, cells, columns, reader):
    """合计: 满分 and 得分 under their headers, else "100分" in the cell after the label."""
    if "maximum" in columns:
        sheet.total_maximum = reader.number(grid.cell(row, columns["maximum"]), "score")
    else:
        label = next(cell for cell in cells if cell.label.startswith(TOTAL_LABELS))
        rest = [cell for cell in cells if cell.coord != label.coord]
        points = split_points(rest[0].text)[1] if rest else ""
        if points:
            sheet.total_maximum = reader.number_in_text(rest[0], points, "score")
    if "score" in columns:
        sheet.total_score = reader.number(grid.cell(row, columns["score"]), "score")
