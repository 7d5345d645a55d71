"""Small searches over a table's rows: a label, a header row, the value beside a label."""

import re

from perfeval_xl.glossary import normalize_label

_COLON = re.compile(r"[:：]")
_WHITE_SPACE = re.compile(r"\s")   # what normalize_label takes out of every label


def find_cell(segment, needle, rows=None, exact=False):
    """The first cell in the segment whose folded text contains (or equals) ``needle``."""
    grid, quick = segment.grid, not _WHITE_SPACE.search(needle)
    for row in rows or segment.rows():
        if quick and needle not in grid.row_text(row):
            continue   # no label of the row holds it: most rows, passed over without a look at each cell
        for cell in grid.row_cells(row):
            label = cell.label
            if (label == needle) if exact else (needle in label):
                return cell
    return None


def find_header_row(segment, needles, rows=None):
    """The first row holding a cell for every needle (a header row such as 一级指标 … 得分)."""
    grid = segment.grid
    if any(_WHITE_SPACE.search(needle) for needle in needles):   # no label holds one: no row has them all
        return None
    for row in rows or segment.rows():
        text = grid.row_text(row)
        if all(needle in text for needle in needles) if text else not needles:   # "" is in "", in no label
            return row
    return None


def label_starts(*prefixes):
    """``prefixes`` as row_begins_with looks for them; ValueError for one with white space, which no
    label holds (and which could match across two labels)."""
    for prefix in prefixes:
        if _WHITE_SPACE.search(prefix):
            raise ValueError(f"a label prefix with white space: {prefix!r}")
    return tuple("\n" + prefix for prefix in prefixes)


def row_begins_with(grid, row, starts):
    """True when a label of the row begins with one of ``starts`` (made by label_starts)."""
    text = grid.row_text(row)
    for start in starts:
        if start in text:
            return True
    return False


def header_columns(grid, row, wanted):
    """Map each key of ``wanted`` (key → label) to the column of its header cell in ``row``.

    An exact label wins over one that merely contains it, so "得分" is not
    taken from a "预算执行得分" cell when a plain "得分" cell exists.
    """
    cells = grid.row_cells(row)
    columns = {}
    for key, label in wanted.items():
        exact = [c for c in cells if c.label == label]
        partial = [c for c in cells if label in c.label]
        chosen = (exact or partial or [None])[0]
        if chosen is not None:
            columns[key] = chosen.column
    return columns


def cell_after(grid, cell):
    """The cell just right of ``cell`` (right of its merged range)."""
    return grid.cell(cell.row, cell.last_column + 1)


def value_beside(grid, label_cell, stop_labels=()):
    """The value cell for a label: its own text after a colon, or the next cell to the right.

    Returns (cell, text or None): text is the part of the label cell after the
    colon when the value was typed into the label cell itself.  When nothing
    was typed, the cell just right of the label is returned, so a finding about
    a blank field points where the value belongs.
    """
    own = text_after_label(label_cell.text)
    if own:
        return label_cell, own
    for cell in label_cell_row_after(grid, label_cell):
        if any(stop in cell.label for stop in stop_labels):
            break
        return cell, None
    return cell_after(grid, label_cell), None


def label_cell_row_after(grid, label_cell):
    return grid.row_cells(label_cell.row, first=label_cell.last_column + 1)


def text_after_label(text):
    """'评价组组长（签字）：廖亚辉' → '廖亚辉'; '政府性基金拨款：' → ''."""
    parts = _COLON.split(text, maxsplit=1)
    return parts[1].strip() if len(parts) == 2 else ""


def strip_numbering(label):
    """'1、公务用车购置和维护经费' → '公务用车购置和维护经费'; '其中:公车购置' → '公车购置'."""
    label = normalize_label(label)
    previous = None
    while previous != label:
        previous = label
        label = re.sub(r"^(\d+[、.,)]|\(\d+\)|[一二三四五六七八九十]+、|其中[:]?)", "", label)
    return label.rstrip(":")
