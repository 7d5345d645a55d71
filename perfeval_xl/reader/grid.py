"""A sheet as a grid of raw cells, with merged ranges resolved to their top-left cell."""

from dataclasses import dataclass, replace
from typing import NamedTuple

from perfeval_xl.glossary import normalize_label
from perfeval_xl.a1 import address
from perfeval_xl.computed_once import computed_once
from perfeval_xl.kept import Kept


@dataclass(frozen=True)
class RawCell:
    """What one cell holds, before any interpretation."""

    sheet: str
    coord: str          # A1 address of the cell (of the top-left cell for a merged range)
    row: int
    column: int
    raw: object         # str, int, float, datetime, None
    is_formula: bool = False
    number_format: str = "General"
    last_column: int = 0  # last column a merged range covers (== column when not merged)

    @computed_once
    def text(self):
        raw = self.raw
        if raw is None:
            return ""
        if isinstance(raw, float):
            return repr(raw)
        return str(raw).strip()

    @computed_once
    def label(self):
        """The text folded for matching against glossary labels."""
        return normalize_label(self.text)

    @classmethod
    def made(cls, sheet, coord, row, column, raw, is_formula, number_format, last_column):
        """The same RawCell as the constructor gives, built without the frozen dataclass's per-field
        setattr: the fast reader makes one per cell of every workbook of a batch."""
        cell = object.__new__(cls)
        cell.__dict__.update(sheet=sheet, coord=coord, row=row, column=column, raw=raw, is_formula=is_formula,
                             number_format=number_format, last_column=last_column)
        return cell


class Grid:
    """The cells of one sheet, addressable by (row, column), merged ranges filled in.

    Every cell of a merged range returns the top-left cell, so a 一级指标 merged
    down over its indicators is seen on every indicator row, and a finding on it
    points at the one cell a person sees.
    """

    def __init__(self, title, cells, views=None):
        """``cells``: (row, column) → RawCell, merged ranges filled in; ``views``: row → RowView of the
        rows whose cells are exactly a RowView's (build_grid), taken as they are."""
        self.title = title
        self._cells = cells
        views = views or {}
        # Each row's cells left to right, so a row is read without visiting its empty columns.
        # Grouped first and each row sorted after: the cells come row by row, merged ranges last.
        self._rows = rows = {}
        for (row, column), cell in cells.items():
            if row in views:
                continue
            pairs = rows.get(row)
            if pairs is None:
                rows[row] = [(column, cell)]
            else:
                pairs.append((column, cell))
        for pairs in rows.values():
            pairs.sort()   # a row's columns are unique: cells are never compared
        # row_cells' answers (the readers ask again and again), the whole row's, asked most, made at once.
        self._whole_rows = {row: _distinct(pairs) for row, pairs in rows.items()}
        self._row_cells = {}   # (row, first, last) → the answer
        self._row_texts = {}   # row → row_text(row)
        for row, view in views.items():
            rows[row], self._whole_rows[row], self._row_texts[row] = view.pairs, view.shown, view.text
        self.max_row = max(rows, default=0)
        self.max_column = max((pairs[-1][0] for pairs in rows.values()), default=0)

    def cell(self, row, column):
        found = self._cells.get((row, column))
        if found is None:
            # An empty cell, kept so the readers' repeated questions about it build it once.
            found = self._cells[(row, column)] = empty_cell(self.title, row, column)
        return found

    def row_cells(self, row, first=1, last=None):
        """Distinct non-empty cells of a row, left to right (a merged range counts once), as a tuple."""
        if first == 1 and last is None:
            return self._whole_rows.get(row, ())
        last = last or self.max_column
        known = self._row_cells.get((row, first, last))
        if known is None:
            known = self._row_cells[(row, first, last)] = _distinct(
                pair for pair in self._rows.get(row, ()) if first <= pair[0] <= last)
        return known

    def row_text(self, row):
        """The labels of a row's cells, each after a line break ("\n产出指标\n成本指标"; "" for a row
        without any).  A label holds no white space, so a text without any is in it exactly when one
        of the labels contains it, and "\n" + that text exactly when one begins with it."""
        text = self._row_texts.get(row)
        if text is None:
            text = self._row_texts[row] = _text(self.row_cells(row))
        return text

    def is_blank_row(self, row):
        return not self.row_cells(row)


def _text(shown):
    return "".join(["\n" + cell.label for cell in shown])


def _distinct(pairs):
    """The cells holding text among (column, cell) pairs, in order, each merged range once."""
    seen, out = set(), []
    for _, cell in pairs:
        if cell.raw is not None and cell.coord not in seen and cell.text != "":
            seen.add(cell.coord)
            out.append(cell)
    return tuple(out)


class RowView(NamedTuple):
    """One row of a sheet as a Grid keeps it: worked out once for a row the fast reader remembers from
    file to file (reader/cell_memo.py), so that a Grid takes it as it is instead of grouping, sorting
    and listing that row's cells again in every file.  A named tuple: see template.plan.Cell."""

    row: int
    pairs: tuple   # (column, RawCell), left to right
    shown: tuple   # the cells holding text, each merged range once (Grid.row_cells)
    text: str      # Grid.row_text


def row_view(cells):
    """The RowView of one row's {(row, column): RawCell}; None when they are none or not in one row."""
    rows = {row for row, _ in cells}
    if len(rows) != 1:
        return None
    pairs = tuple(sorted((column, cell) for (_, column), cell in cells.items()))
    shown = _distinct(pairs)
    return RowView(rows.pop(), pairs, shown, _text(shown))


# Cells the files of a batch have in common, kept for the next file (the reader gives the files of
# one template the same RawCells: reader/cell_memo.py), so that the text and label computed on one
# come with it.  Forgotten once full; small, as a batch's memory must not grow with its files (a
# template's empty positions and merged ranges are a few thousand; a filled cell's merge is new in
# every file).
_EMPTY_CELLS, _MERGED_TOP_LEFTS = Kept(5_000), Kept(500)


def empty_cell(title, row, column):
    """The RawCell of an empty position, the same one for every grid of that title."""
    key = (title, row, column)
    found = _EMPTY_CELLS.get(key)
    if found is None:
        found = _EMPTY_CELLS.keep(key, RawCell.made(title, address(row, column), row, column, None, False,
                                                    "General", column))
    return found


def _merged_top_left(cell, last_column):
    """``cell`` told that its merged range reaches ``last_column``: one RawCell per (cell, last column)."""
    return _MERGED_TOP_LEFTS.of(cell, lambda: replace(cell, last_column=last_column), last_column)


def build_grid(title, cells, merged, views=None):
    """A Grid from a sheet's own cells ((row, column) → RawCell) and its merged ranges.

    ``cells`` holds what a spreadsheet shows: the interior of a merged range is
    empty (Excel and openpyxl drop what was typed there).  Every position of a
    range then returns its top-left cell, told how far right the range reaches.
    ``views``, RowViews of the sheet's rows as read (None for none), give the rows
    no merged range touches and no other row view shares.
    """
    filled = dict(cells)
    for min_row, min_col, max_row, max_col in merged:
        top_left = cells.get((min_row, min_col))
        if top_left is None:
            continue
        top_left = _merged_top_left(top_left, max_col)
        for row in range(min_row, max_row + 1):
            for column in range(min_col, max_col + 1):
                filled[(row, column)] = top_left
    return Grid(title, filled, _untouched(views, merged))


_MAX_TOUCHED_ROWS = 10_000   # rows merged ranges span; a template's span a few hundred


def _untouched(views, merged):
    """row → RowView for the views whose row no merged range touches and no other view shares (none
    when the ranges span more rows than are worth listing)."""
    if not views or sum(max_row - min_row + 1 for min_row, _, max_row, _ in merged) > _MAX_TOUCHED_ROWS:
        return {}
    touched = {row for min_row, _, max_row, _ in merged for row in range(min_row, max_row + 1)}
    found, shared = {}, set()
    for view in views:
        if view is not None and view.row not in touched:
            if view.row in found:
                shared.add(view.row)
            found[view.row] = view
    for row in shared:
        del found[row]
    return found
