"""Read the 填表人 / 填报日期 / 联系电话 / 单位负责人签字 line under a table.

People write it as one line in one cell ("填表人：周利华  填报日期：2025.3.11 …")
or as label and value cells side by side; both give the same Footer.
"""

import re
from functools import lru_cache

from perfeval_xl.glossary import FOOTER_FIELDS
from perfeval_xl.model import Footer, Value
from perfeval_xl.reader.scan import cell_after, find_cell
from perfeval_xl.reader.values import blank_at

# Folded label → Footer field, longest first so "单位负责人签字" wins over the
# shorter "单位负责人" some tables print instead.
FOOTER_LABELS = tuple(sorted(
    [(label, key) for key, label in FOOTER_FIELDS.items()] + [("单位负责人", "head_signature")],
    key=lambda pair: -len(pair[0])))
_LABEL_PATTERN = re.compile("(" + "|".join(label for label, _ in FOOTER_LABELS) + r")[:]?")
_FIELD_BY_LABEL = dict(FOOTER_LABELS)
FOOTER_ROWS = 3  # the footer line, wrapped onto at most two more rows


def read_footer(segment, reader):
    """The footer of a table, or an empty Footer when the table has none.

    The line may wrap: 联系电话 and 单位负责人签字 typed on the row below still count.
    """
    start = find_cell(segment, "填表人")
    if start is None:
        return Footer()
    grid = segment.grid
    footer = Footer(found=True)
    for row in range(start.row, min(start.row + FOOTER_ROWS, segment.last_row + 1)):
        cells = grid.row_cells(row)
        if row > start.row and not any(_label_pieces(cell.label) for cell in cells):
            break
        _read_row(grid, cells, reader, footer)
    return footer


def _read_row(grid, cells, reader, footer):
    pending = None  # (field, label cell) waiting for a value in a following cell
    for cell in cells:
        pieces = _label_pieces(cell.label)
        if not pieces:
            if pending:
                _set(footer, pending[0], cell, None, reader)
                pending = None
            continue
        if pending:
            _set_blank(footer, pending[0], cell_after(grid, pending[1]))
            pending = None
        for field, value_text in pieces:
            if value_text:
                _set(footer, field, cell, value_text, reader)
            elif len(pieces) > 1:
                _set_blank(footer, field, cell)
            else:
                pending = (field, cell)
    if pending:
        _set_blank(footer, pending[0], cell_after(grid, pending[1]))


@lru_cache(maxsize=1024)   # asked of every cell on and under each 填表人 line, the same labels in every file
def _label_pieces(folded):
    """Split folded text into (field, value text) at each footer label it contains."""
    matches = list(_LABEL_PATTERN.finditer(folded))
    pieces = []
    for index, match in enumerate(matches):
        end = matches[index + 1].start() if index + 1 < len(matches) else len(folded)
        pieces.append((_FIELD_BY_LABEL[match.group(1)], folded[match.end():end].strip(":")))
    return tuple(pieces)


def _set(footer, field, cell, text, reader):
    if field == "filled_on":
        value = reader.date(cell, text)
    elif text is None:
        value = reader.text(cell)
    else:
        value = Value(text=text, sheet=cell.sheet, cell=cell.coord)
    setattr(footer, field, value)


def _set_blank(footer, field, cell):
    setattr(footer, field, blank_at(cell.sheet, cell.coord))
