"""A sheet as data: every cell the template writes, built once and used by both the writer and the layout.

The writer renders a SheetPlan with xlsxwriter and ``template_layout`` reads
the same plan, so the formulas and input cells a reader expects are, by
construction, the ones in the file.  Rows and columns here are 0-based.
"""

from dataclasses import field
from typing import NamedTuple

from perfeval_xl.a1 import column_letter
from perfeval_xl.record import record

LABEL, INPUT, FORMULA, FIXED = "label", "input", "formula", "fixed"


def a1(row, col):
    """0-based (row, col) → "C5"."""
    return f"{column_letter(col + 1)}{row + 1}"


def a1_abs(row, col):
    """0-based (row, col) → "$C$5"."""
    return f"${column_letter(col + 1)}${row + 1}"


def span(first_row, col, last_row, last_col=None):
    """An A1 range such as "F16:F60"."""
    last_col = col if last_col is None else last_col
    return f"{a1(first_row, col)}:{a1(last_row, last_col)}"


def col_name(col):
    return column_letter(col + 1)


class Cell(NamedTuple):
    """One written cell.  ``last_row``/``last_col`` make it the top-left of a merged range.

    A named tuple, not a frozen dataclass: a template plan holds some 2,000 of them, and a one-file
    `verify` builds one plan cold (a tuple is made in a third of the time).  The same goes for the
    immutable records a one-file `verify` creates the class of at every start (Finding, Hit,
    IndicatorValue …): Python 3.11 compiles each of a frozen dataclass's six methods with exec,
    about 1 ms a class on this machine, where a named tuple's class takes a fifth of that.  A record
    that is changed is a @record (perfeval_xl/record.py); one that keeps computed_once values stays a
    frozen dataclass.
    """

    row: int
    col: int
    kind: str
    value: object = None
    style: str = "label"
    key: str | None = None
    validation: str | None = None
    last_row: int | None = None
    last_col: int | None = None

    @property
    def address(self):
        return a1(self.row, self.col)

    @property
    def merged(self):
        return self.last_row is not None or self.last_col is not None


class Conditional(NamedTuple):
    """A red-fill conditional format: ``criteria`` is written for the top-left cell."""

    first_row: int
    first_col: int
    last_row: int
    last_col: int
    criteria: str


@record
class SheetPlan:
    """Everything one worksheet holds, plus its print and view settings."""

    name: str
    kind: str
    widths: tuple
    landscape: bool = False
    hidden: bool = False
    cells: dict = field(default_factory=dict)          # (row, col) → Cell
    heights: dict = field(default_factory=dict)        # row → points
    conditionals: list = field(default_factory=list)   # Conditional
    names: list = field(default_factory=list)          # (defined name, row, col)
    repeat_row: int | None = None                      # header row printed on every page
    keyed: dict = field(default_factory=dict, repr=False)  # key → Cell, so a key is found without a scan

    def label(self, row, col, text, style="label", *, last_col=None, last_row=None):
        return self._add(Cell(row, col, LABEL, text, style, last_row=last_row, last_col=last_col))

    def fixed(self, row, col, value, style, *, key=None, last_col=None):
        return self._add(Cell(row, col, FIXED, value, style, key, last_col=last_col))

    def input(self, row, col, key, style, *, default=None, validation=None, last_col=None):
        return self._add(Cell(row, col, INPUT, default, style, key, validation, last_col=last_col))

    def formula(self, row, col, text, style, *, key=None):
        return self._add(Cell(row, col, FORMULA, text, style, key))

    def define_name(self, defined_name, row, col):
        self.names.append((defined_name, row, col))

    def conditional(self, first_row, first_col, last_row, last_col, criteria):
        self.conditionals.append(Conditional(first_row, first_col, last_row, last_col, criteria))

    def _add(self, cell):
        if (cell.row, cell.col) in self.cells:
            raise ValueError(f"{self.name}!{cell.address} written twice")
        if cell.key is not None:
            if cell.key in self.keyed:
                raise ValueError(f"{self.name}: key {cell.key} used twice")
            self.keyed[cell.key] = cell
        self.cells[(cell.row, cell.col)] = cell
        return cell

    def sorted_cells(self):
        return [self.cells[position] for position in sorted(self.cells)]

    def cell_at(self, key):
        """The cell carrying a semantic key (for defined names and formulas)."""
        return self.keyed[key]
