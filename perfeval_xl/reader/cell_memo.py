"""The cells a process has already read, so that each distinct cell of a batch is built once.

The files of a batch are filled copies of one template, and nine cells in ten —
labels, headings, formulas, the spare rows' empty cells — are written the same
way in every one of them (measured on the benchmark's files: 90 % of the filled
cells of a file appear in a fifth of the others or more).  What a plain cell
becomes (its RawCell, its formula result) depends only on its XML and on the
sheet's title, number formats and date epoch, so the scanner looks a cell up
here before building it.  Every file that has the cell then gets the same
RawCell; RawCells are immutable, and the text and label a reader computes on
one (computed_once) come along for the next file.  A whole row also comes with
its grid.RowView, the row as a Grid keeps it, so a remembered row is not grouped,
sorted and listed again in every file either.

A row or cell with a shared string (t="s", as Excel, WPS and LibreOffice save
every text) is remembered with the strings it points to, as an index is another
string in another file.  Not remembered: a shared formula's cell or row (its
formula depends on its group's master, read earlier in the sheet), and anything
the ElementTree path reads.
"""

# A template's rows and cells are some 2,000 entries (the benchmark's four variants: 2,400 after
# 50 files); each file then adds about ten of its own, met once and never again.
MAX_ENTRIES = 4_000


class SheetMemo:
    """What the rows and cells of one kind of sheet made: ``proven`` ones met again since they were
    read (the template's), ``recent`` ones met once so far (mostly a file's own numbers and texts)."""

    __slots__ = ("proven", "recent")

    def __init__(self):
        self.proven, self.recent = {}, {}

    def get(self, key):
        made = self.proven.get(key)
        if made is None:
            made = self.recent.pop(key, None)
            if made is not None:
                self.proven[key] = made
        return made

    def put(self, key, made):
        self.recent[key] = made


class CellMemo:
    """A SheetMemo per (sheet title, number formats, date epoch), never more than ``limit`` entries."""

    def __init__(self, limit=MAX_ENTRIES):
        self.limit = limit
        self._sheets = {}

    def for_sheet(self, title, styles, epoch, entries):
        """The SheetMemo for a sheet called ``title`` read with these CellStyles and date epoch, with room
        for the ``entries`` (rows and cells) it may add.  Without room the entries met only once are
        forgotten, and everything when that is not enough; a sheet bigger than the whole memo gets a
        SheetMemo of its own, forgotten with the sheet.  So a batch keeps its template's entries
        however many files it reads, and a worker's memory stays the same after 100 files and 10,000."""
        if entries > self.limit:
            return SheetMemo()
        if self.size() + entries > self.limit:
            for memo in self._sheets.values():
                memo.recent.clear()
            if self.size() + entries > self.limit:
                self._sheets.clear()
        memo = self._sheets.get((title, styles, epoch))
        if memo is None:
            memo = self._sheets[(title, styles, epoch)] = SheetMemo()
        return memo

    def size(self):
        """How many rows and cells are remembered."""
        return sum(len(memo.proven) + len(memo.recent) for memo in self._sheets.values())

    def clear(self):
        self._sheets.clear()


CELLS = CellMemo()
