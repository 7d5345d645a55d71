"""Turn raw cells into model Values, and note each cell that cannot be read as what it should be."""

from perfeval_xl.decimal_math import plain
from perfeval_xl.model import ReadProblem, Value
from perfeval_xl.parsing import (
    KIND_NAMES_ZH, constant_in_formula, parse_date_cell, parse_number_cell, parse_number_text,
)


class CellReader:
    """Reads cells as numbers, dates or text; collects the problems it meets, once per cell."""

    def __init__(self):
        self.problems = []
        self._reported = set()

    def text(self, cell):
        # Kept on the cell (an immutable RawCell, given again to every file of a batch that has it:
        # reader/cell_memo.py), as the Value is immutable too.
        found = cell.__dict__.get("_as_text")
        if found is None:
            found = cell.__dict__["_as_text"] = Value.made(text=cell.text, sheet=cell.sheet, cell=cell.coord,
                                                           is_formula=cell.is_formula)
        return found

    def shown(self, cell):
        """A text column's cell as it reads on screen: 0.96 formatted "0%" is "96%", not "0.96"."""
        raw = cell.raw
        if isinstance(raw, (int, float)) and not isinstance(raw, bool) and "%" in (cell.number_format or ""):
            percent = parse_number_cell(raw, "rate", cell.number_format).number
            return Value.made(text=f"{plain(percent)}%", sheet=cell.sheet, cell=cell.coord)
        return self.text(cell)

    def number(self, cell, kind="amount"):
        """The cell as a number of ``kind`` ("amount", "rate", "score"…), kept on the cell as text() is;
        an unreadable one is noted again in each file."""
        kept = cell.__dict__.get("_as_number")
        if kept is None:
            kept = cell.__dict__["_as_number"] = {}
        found = kept.get(kind)
        if found is None:
            found = kept[kind] = self._number(cell, kind)
        value, unreadable = found
        if unreadable is not None:
            self._unreadable(cell.sheet, cell.coord, unreadable, kind)
        return value

    def _number(self, cell, kind):
        """(the Value, the text to note as unreadable or None)."""
        if cell.is_formula:
            constant = constant_in_formula(cell.text)
            if constant is None:
                return Value.made(text=cell.text, sheet=cell.sheet, cell=cell.coord, is_formula=True), None
            return _in_text(cell, constant, kind)  # "=9.99" is a typed 9.99
        parsed = parse_number_cell(cell.raw, kind, cell.number_format)
        return (Value.made(text=cell.text, number=parsed.number, sheet=cell.sheet, cell=cell.coord,
                           decimals=parsed.decimals, unreadable=parsed.unreadable),
                cell.text if parsed.unreadable else None)

    def number_in_text(self, cell, text, kind="amount"):
        """A number written after a label inside one cell ("一般公共预算：2128.84")."""
        value, unreadable = _in_text(cell, text, kind)
        if unreadable is not None:
            self._unreadable(cell.sheet, cell.coord, unreadable, kind)
        return value

    def date(self, cell, text=None):
        """A date cell; ``text`` is the part of a longer cell that holds the date, if any."""
        raw = cell.raw if text is None else text
        shown = cell.text if text is None else text.strip()
        when = parse_date_cell(raw)
        return Value.made(text=shown, sheet=cell.sheet, cell=cell.coord, when=when,
                     is_formula=cell.is_formula and text is None)

    def _unreadable(self, sheet, coord, text, kind):
        if (sheet, coord) in self._reported:
            return
        self._reported.add((sheet, coord))
        self.problems.append(ReadProblem("unreadable-number", sheet, coord, text,
                                         KIND_NAMES_ZH.get(kind, "数字")))


def _in_text(cell, text, kind):
    parsed = parse_number_text(text, kind)
    return (Value.made(text=text.strip(), number=parsed.number, sheet=cell.sheet, cell=cell.coord,
                       decimals=parsed.decimals, unreadable=parsed.unreadable),
            text if parsed.unreadable else None)


def blank_at(sheet, coord):
    """An empty value that still knows its cell, so a 'left blank' finding can point at it."""
    return Value.made(sheet=sheet, cell=coord)
