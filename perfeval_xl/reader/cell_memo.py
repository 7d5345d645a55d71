"""The cells a process has already read, so that each distinct cell of a batch is built once.

The files of a batch are filled copies of one template, and nine cells in ten —
labels, headings, formulas, the spare rows' empty cells — are written the same
way in every one of them (measured on the benchmark's files: 90 % of the filled
cells of a file appear in a fifth of the others or more).  What a plain cell
becomes (its RawCell, its formula result) depends only on its XML and on the
sheet's title, number formats and date epoch, so the scanner looks a cell up
here before building it.  Every file that has the cell then gets the same
RawCell; RawCells are immutable, and the text and label a reader computes on
one (grid._computed_once) come along for the next file.

Not remembered: a shared formula's cell or row (its formula depends on its
group's master, read earlier in the sheet), a row with a t="s" cell (its cells
are remembered one by one, each with its file's shared string), and anything the
ElementTree path reads.
"""

# About 1,700 cell texts and 260 rows per workbook, 5-10 % of them new in each file of a
# batch: the template's and a few dozen files' worth of filled ones.  Kept small so that a
# worker's memory is the same after 100 files and after 10,000.
MAX_ENTRIES = 8_000


class CellMemo:
    """{row or cell text found by the scanner: what it made} per (title, number formats, date epoch)."""

    def __init__(self, limit=MAX_ENTRIES):
        self.limit = limit
        self._sheets = {}

    def for_sheet(self, title, styles, epoch, entries):
        """The memo for a sheet called ``title`` read with these CellStyles and date epoch, with room for
        the ``entries`` (rows and cells) it may add: everything is forgotten first when there is not.
        A sheet bigger than the whole memo gets a dict of its own, forgotten with the sheet."""
        if entries > self.limit:
            return {}
        if self.size() + entries > self.limit:
            self._sheets.clear()
        return self._sheets.setdefault((title, styles, epoch), {})

    def size(self):
        """How many rows and cells are remembered."""
        return sum(map(len, self._sheets.values()))

    def clear(self):
        self._sheets.clear()


CELLS = CellMemo()
