"""Write the hand-typed sample workbook samples/yueyang-2024-原表.xlsx from seed_report.

Run ``python scripts/make_samples.py``.  The workbook is laid out the way a finance
clerk copies the report's Word tables into Excel: one sheet per table, the
"附件N" caption and the title above each table, one Word cell per Excel cell
(a Word cell spanning several grid columns is merged across them), vertically
merged Word cells merged down, numbers typed as numbers, "92.65%" typed as a
percentage.  The output is byte-identical on every run.

tests/handtyped.py builds variant layouts with the same writer: ``build_workbook``
takes the tables, a sheet plan and ``Options``.
"""

import copy
import datetime
import io
import math
import re
import zipfile
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter
from openpyxl.writer.excel import ExcelWriter

import seed_report  # scripts/ is on sys.path: run as a script, or via tests/conftest.py

SAMPLES_DIR = Path(__file__).resolve().parent.parent / "samples"
ORIGINAL_NAME = "yueyang-2024-原表.xlsx"
FILLED_TEMPLATE_NAME = "yueyang-2024-模板填报.xlsx"
FIXED_TIME = datetime.datetime(2025, 3, 11, 9, 0, 0)  # created/modified of every sample
GAP_ROWS = 2  # blank rows between two blocks on one sheet

# Sheet name → blocks on it.  "cover" is the cover, the 评价小组 list and the
# 附件4–6 statements; every other block is one table of seed_report.TABLES.
ORIGINAL_PLAN = (
    ("封面", ("cover",)),
    ("附件1", ("basic_data",)),
    ("附件2", ("department",)),
    ("附件3", ("project",)),
    ("考核评分表", ("review",)),
)


@dataclass(frozen=True)
class Layout:
    """How one Word table sits on the Excel grid.

    ``spans``: for a row of n Word cells, the number of grid columns each cell
    covers; ``row_spans`` overrides that for one row (by row index).
    ``vmerge_zones``: (cell index, first row, last row) — inside the zone a
    filled cell is merged down over the blank cells below it.
    ``text_cells``: (cells in the row, cell index) always typed as text.
    """

    widths: tuple
    spans: dict
    row_spans: dict = None
    vmerge_zones: tuple = ()
    text_cells: frozenset = frozenset()

    @property
    def width(self):
        return len(self.widths)

    def spans_of(self, row_index, cells):
        spans = (self.row_spans or {}).get(row_index) or self.spans[len(cells)]
        assert sum(spans) == self.width and len(spans) == len(cells), (row_index, cells)
        return spans


_INDICATOR_TEXT = frozenset({(9, 4), (9, 5)})  # 年度指标值, 实际完成值 are text columns
_SELF_EVAL_SPANS = {2: (1, 8), 3: (1, 4, 4), 4: (6, 1, 1, 1), 8: (1, 2, 1, 1, 1, 1, 1, 1), 9: (1,) * 9}
_SELF_EVAL_WIDTHS = (8, 12, 12, 34, 18, 12, 8, 8, 16)

LAYOUTS = {
    "panel": Layout(widths=(14, 22, 34, 14), spans={4: (1, 1, 1, 1)}),
    "statements": Layout(widths=(30, 34), spans={2: (1, 1)}),
    "basic_data": Layout(
        widths=(30, 11, 11, 11, 11, 11, 11),
        spans={2: (1, 6), 4: (1, 2, 2, 2), 7: (1,) * 7},
        vmerge_zones=((0, 0, 1), (0, 21, 22)),
    ),
    "department": Layout(
        widths=_SELF_EVAL_WIDTHS,
        spans=_SELF_EVAL_SPANS,
        vmerge_zones=((0, 1, 7), (0, 8, 9), (0, 10, 41), (1, 11, 41), (2, 11, 41)),
        text_cells=_INDICATOR_TEXT,
    ),
    "project": Layout(
        widths=_SELF_EVAL_WIDTHS,
        spans=_SELF_EVAL_SPANS,
        row_spans={1: (1, 4, 1, 3)},  # 主管部门 | … | 实施单位 | …
        vmerge_zones=((0, 2, 6), (0, 7, 8), (0, 9, 22), (1, 10, 22), (2, 10, 22)),
        text_cells=_INDICATOR_TEXT,
    ),
    "review": Layout(
        widths=(10, 16, 60, 30),
        spans={2: (1, 3), 3: (1, 1, 2), 4: (1, 1, 1, 1)},
        vmerge_zones=((0, 1, 8),),
    ),
}

_PLAIN_NUMBER = re.compile(r"-?\d+(?:\.\d+)?")
_PERCENT = re.compile(r"(-?\d+(?:\.\d+)?)%")


def typed_value(text, keep_text=False):
    """What Excel stores when a person types ``text``: (value, number format)."""
    if not text:
        return None, "General"
    if not keep_text and _PLAIN_NUMBER.fullmatch(text):
        return excel_number(Decimal(text)), "General"
    percent = _PERCENT.fullmatch(text)
    if not keep_text and percent:
        return excel_number(Decimal(percent.group(1)) / 100), "0.00%"
    return text, "General"


def excel_number(amount):
    """A Decimal as the int or float openpyxl writes (only at the moment of writing)."""
    return int(amount) if amount == amount.to_integral_value() and "." not in str(amount) else float(amount)


def default_cell_value(ref, text, keep_text):
    """Options.cell_value of the original: type as a person types.  ref = (table, row, cell)."""
    return typed_value(text, keep_text)


@dataclass(frozen=True)
class Options:
    """How blocks are written: first column, merges on or off, how a text becomes a value."""

    first_col: int = 1
    merge: bool = True
    cell_value: object = default_cell_value


_THIN = Side(style="thin")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_WRAP = Alignment(wrap_text=True, vertical="center")
_TITLE_FONT = Font(bold=True, size=14)


def merge_groups(rows, zones):
    """Yield (cell index, first row, last row) of each vertically merged Word cell."""
    for cell_i, first, last in zones:
        start = None
        for r in range(first, last + 1):
            if rows[r][cell_i]:
                if start is not None and r - 1 > start:
                    yield cell_i, start, r - 1
                start = r
        if start is not None and last > start:
            yield cell_i, start, last


class SheetWriter:
    """Writes blocks one under the other on one worksheet."""

    def __init__(self, ws, options):
        self.ws, self.options, self.row = ws, options, 1
        self.col_widths = {}

    def cell(self, row, col, value, number_format="General"):
        target = self.ws.cell(row=row, column=self.options.first_col + col)
        target.value = value
        if isinstance(value, str) and value.startswith("="):
            target.data_type = "s"  # typed text, never a formula
        target.number_format = number_format
        return target

    def merge(self, row1, col1, row2, col2):
        if self.options.merge and (row1, col1) != (row2, col2):
            base = self.options.first_col
            self.ws.merge_cells(start_row=row1, start_column=base + col1, end_row=row2, end_column=base + col2)

    def line(self, text, width, merged=False, align=None, font=None, boxed=False):
        """One text row: a caption, title or footer, or a Word row of one cell (boxed)."""
        if boxed:
            self.box(self.row, 0, width - 1)
        target = self.cell(self.row, 0, text or None)
        target.alignment = align or Alignment(vertical="center")
        if font:
            target.font = font
        if merged:
            self.merge(self.row, 0, self.row, width - 1)
        self.row += 1

    def use_widths(self, widths):
        for i, width in enumerate(widths):
            self.col_widths[i] = max(self.col_widths.get(i, 0), width)

    def grid(self, table_id, rows, layout):
        """A Word table's rows, one Word cell per Excel cell, then its merges."""
        top, placed = self.row, {}
        for r, cells in enumerate(rows):
            col = 0
            for c, (text, span) in enumerate(zip(cells, layout.spans_of(r, cells))):
                keep_text = (len(cells), c) in layout.text_cells
                value, number_format = self.options.cell_value((table_id, r, c), text, keep_text)
                self.cell(top + r, col, value, number_format)
                self.box(top + r, col, col + span - 1)
                self.merge(top + r, col, top + r, col + span - 1)
                placed[r, c] = (col, col + span - 1)
                col += span
            self.fit_height(top + r, cells, layout, r)
        for c, first, last in merge_groups(rows, layout.vmerge_zones):
            col1, col2 = placed[first, c]
            self.merge(top + first, col1, top + last, col2)
        self.row = top + len(rows)

    def box(self, row, col1, col2):
        for col in range(col1, col2 + 1):
            target = self.ws.cell(row=row, column=self.options.first_col + col)
            target.border, target.alignment = _BORDER, _WRAP

    def fit_height(self, row, cells, layout, row_index):
        """Row height for wrapped text, as Excel shows it after the clerk drags the row."""
        merged_down = {c for c, first, last in layout.vmerge_zones if first <= row_index <= last}
        lines, col = 1, 0
        for c, (text, span) in enumerate(zip(cells, layout.spans_of(row_index, cells))):
            width = sum(layout.widths[col:col + span])
            col += span
            if c not in merged_down:
                lines = max(lines, sum(math.ceil(_display_width(p) / width) or 1 for p in text.split("\n")))
        if lines > 1:
            self.ws.row_dimensions[row].height = min(15 * lines, 409)  # Excel's maximum

    def finish(self):
        for i, width in self.col_widths.items():
            self.ws.column_dimensions[get_column_letter(self.options.first_col + i)].width = width


def _display_width(text):
    """Width in Latin characters: a CJK character takes two."""
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)


_CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
_RIGHT = Alignment(horizontal="right", vertical="center")


def write_cover(sheet, block_id, tables):
    """The cover, the 绩效评价小组 list with the 组长 line, and the 附件4–6 statements."""
    cover, panel, layout = tables["cover"], tables["panel"], LAYOUTS["panel"]
    sheet.use_widths(layout.widths)
    sheet.line(cover["caption"], layout.width)
    sheet.line(cover["title"], layout.width, merged=True, align=_CENTER, font=_TITLE_FONT)
    sheet.line(cover["unit_line"], layout.width, merged=True)
    sheet.line(cover["date"], layout.width, merged=True, align=_CENTER)
    sheet.row += 1
    sheet.line(panel["title"], layout.width, merged=True, align=_CENTER, font=Font(bold=True), boxed=True)
    sheet.grid("panel", panel["rows"], layout)
    sheet.line(panel["leader"], layout.width, merged=True, boxed=True)
    sheet.line(panel["signing_date"], layout.width, merged=True, align=_RIGHT, boxed=True)
    sheet.row += 1
    for heading, statement in tables["statements"]["rows"]:
        sheet.line(heading, layout.width)
        sheet.line(statement, layout.width)


def write_table(sheet, block_id, tables):
    """附件1–3 or the 考核评分表: caption, title, the table, then its 说明/备注 and footer lines."""
    table, layout = tables[block_id], LAYOUTS[block_id]
    sheet.use_widths(layout.widths)
    sheet.line(table["caption"], layout.width)
    sheet.line(table["title"], layout.width, merged=True, align=_CENTER, font=_TITLE_FONT)
    sheet.grid(block_id, table["rows"], layout)
    for key in ("note", "footer"):
        if key in table:
            sheet.line(table[key], layout.width)  # one text cell, as typed


BLOCK_WRITERS = {"cover": write_cover}


def build_workbook(tables=seed_report.TABLES, plan=ORIGINAL_PLAN, options=Options()):
    """A workbook with the blocks of ``plan`` ((sheet name, block ids), …) on its sheets."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    for name, blocks in plan:
        sheet = SheetWriter(workbook.create_sheet(name), options)
        for i, block in enumerate(blocks):
            sheet.row += GAP_ROWS if i else 0
            BLOCK_WRITERS.get(block, write_table)(sheet, block, tables)
        sheet.finish()
    return workbook


def save_workbook(workbook, path):
    """Save with fixed dates (core properties and zip entries), so reruns give identical bytes."""
    workbook.properties.creator = workbook.properties.lastModifiedBy = "周利华"
    workbook.properties.created = workbook.properties.modified = FIXED_TIME
    buffer = io.BytesIO()
    ExcelWriter(workbook, zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED)).save()  # keeps `modified`
    with zipfile.ZipFile(buffer) as source, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=FIXED_TIME.timetuple()[:6])
            fixed.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(fixed, source.read(info.filename))


def write_original(path, tables=seed_report.TABLES):
    """The 原表 sample: the seed's tables typed by hand, one sheet per table."""
    save_workbook(build_workbook(copy.deepcopy(tables)), path)


def main():
    SAMPLES_DIR.mkdir(exist_ok=True)
    target = SAMPLES_DIR / ORIGINAL_NAME
    write_original(target)
    print(f"wrote {target}")
    from seed_fill import write_filled_template  # imported here: it needs the package installed

    filled = SAMPLES_DIR / FILLED_TEMPLATE_NAME
    write_filled_template(filled)
    print(f"wrote {filled}")


if __name__ == "__main__":
    main()
