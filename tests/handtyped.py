"""Hand-typed workbooks of the seed report in several layouts, for reader tests.

Every function builds from scripts/seed_report.py with the writer of
scripts/make_samples.py, is deterministic and returns nothing:

- ``write_original``: the 原表 sample — sheets 封面, 附件1, 附件2, 附件3, 考核评分表.
- ``write_stacked``: cover, 附件1, 附件2, 附件3 one under the other on "Sheet1",
  2 blank rows apart, from column B, no merged cells; the 一级/二级 cells are
  repeated on every indicator row of 附件2 and left blank below the first in 附件3.
- ``write_as_text``: one table per sheet (基础数据, 整体自评, 项目自评-业务经费, and
  其他 with the cover and the 考核评分表), every number typed as text in varied
  ways ("2,263.34", "2096.96万元", "２０９６．９６", "9.26 "), headers with extra
  spaces or line breaks, and "—", "一", "/" in empty number cells.
- ``write_with_edits``: the original with some cell texts changed.

Edit keys: ``edits`` maps ``(table, key)`` to the new text, where ``table`` is a
key of seed_report.TABLES ("cover", "panel", "statements", "basic_data",
"department", "project", "review") and ``key`` is either a field name of that
table ("title", "caption", "note", "footer", "leader", "signing_date", "date",
"unit_line") or ``(row, cell)``: ``cell`` is the Word cell's index in the row
and ``row`` is the row's index in ``rows`` or a text — the first row with a cell
equal to that text, spaces at the ends ignored.  The new text is typed as the
original would type it ("99.26" becomes a number).  Examples:

    {("department", ("总分", 2)): "99.26"}               # 附件2 总分
    {("department", ("10. 违法建设巡查率", 7)): "2"}      # one indicator's 得分
    {("department", ("年度资金总额", 7)): "9.27"}         # 预算执行 得分
    {("project", "footer"): "填表人：周利华  填报日期：2025.3.11"}

A cell below the first of a vertically merged cell (一级/二级 columns) is lost
in the merge; edit the first row of the group instead.
"""

import copy
from decimal import Decimal
from itertools import cycle

import make_samples
import seed_report

STACKED_PLAN = (("Sheet1", ("cover", "basic_data", "department", "project")),)
TEXT_PLAN = (
    ("基础数据", ("basic_data",)),
    ("整体自评", ("department",)),
    ("项目自评-业务经费", ("project",)),
    ("其他", ("cover", "review")),
)
LEVEL_CELLS = (1, 2)  # 一级指标, 二级指标


def write_original(path):
    """The 原表 sample, as samples/yueyang-2024-原表.xlsx."""
    make_samples.write_original(path)


def write_stacked(path):
    """All tables on one sheet from column B, unmerged, 附件2 levels repeated."""
    tables = copy.deepcopy(seed_report.TABLES)
    repeat_levels(tables["department"]["rows"], make_samples.LAYOUTS["department"])
    options = make_samples.Options(first_col=2, merge=False)
    make_samples.save_workbook(make_samples.build_workbook(tables, STACKED_PLAN, options), path)


def write_as_text(path):
    """Tables with every number typed as text, odd headers and dash-filled blanks."""
    tables = apply_edits(seed_report.TABLES, TEXT_HEADER_EDITS)
    mark_empty_numbers(tables)
    options = make_samples.Options(cell_value=number_as_text)
    make_samples.save_workbook(make_samples.build_workbook(tables, TEXT_PLAN, options), path)


def write_with_edits(path, edits):
    """The original with ``edits`` ({(table, key): new text}, see the module doc) applied."""
    make_samples.write_original(path, apply_edits(seed_report.TABLES, edits))


def apply_edits(tables, edits):
    """A copy of ``tables`` with the edits applied."""
    tables = copy.deepcopy(tables)
    for (table_id, key), text in edits.items():
        table = tables[table_id]
        if isinstance(key, str):
            if key not in table:
                raise KeyError(f"{table_id} has no {key!r}")
            table[key] = text
        else:
            row, cell = key
            table["rows"][find_row(table["rows"], row)][cell] = text
    return tables


def find_row(rows, row):
    """Index of ``row``: an index already, or the first row with a cell equal to that text."""
    if isinstance(row, int):
        return row
    for index, cells in enumerate(rows):
        if any(cell.strip() == row.strip() for cell in cells):
            return index
    raise KeyError(f"no row with a cell {row!r}")


def repeat_levels(rows, layout):
    """Repeat each 一级/二级 text on every row of its group, as an unmerged sheet has it."""
    for cell, first, last in make_samples.merge_groups(rows, layout.vmerge_zones):
        if cell in LEVEL_CELLS:
            for r in range(first + 1, last + 1):
                rows[r][cell] = rows[first][cell]


# ---- the text variant ------------------------------------------------------

TEXT_HEADER_EDITS = {
    ("basic_data", (0, 2)): "2024年 实际在职人数",
    ("department", (1, 3)): "全年 预算数",
    ("department", (10, 4)): "年度 指标值",
    ("department", (10, 5)): "实际\n完成值",
    ("department", (10, 8)): "偏差原因分析\n及改进措施",
    ("project", (9, 5)): "实际\n完成值",
}

# (table, rows, cells) whose blank cells are number cells a clerk fills with a dash.
EMPTY_NUMBER_CELLS = (
    ("basic_data", range(9, 15), range(1, 4)),   # 项目支出 … 市级专项 rows
    ("basic_data", range(22, 23), range(1, 7)),  # 楼堂馆所: no project
    ("project", range(4, 7), range(2, 8)),       # 当年财政拨款, 上年结转资金, 其他资金
)
EMPTY_MARKERS = ("—", "一", "/")


def mark_empty_numbers(tables):
    """Fill the blank number cells with "—", "一", "/" in turn."""
    markers = cycle(EMPTY_MARKERS)
    for table_id, rows, cells in EMPTY_NUMBER_CELLS:
        table_rows = tables[table_id]["rows"]
        for r in rows:
            for c in cells:
                if not table_rows[r][c]:
                    table_rows[r][c] = next(markers)


# How one number is typed; cells not listed take NUMBER_STYLES[(row + cell) % 4].
NUMBER_STYLES = ("plain", "trailing_space", "full_width", "thousands")
STYLE_OF_CELL = {
    ("basic_data", 1, 1): "full_width",       # 编制数 "１１０"
    ("basic_data", 20, 3): "full_width",      # 基本支出调整 决算 "２０９６．９６"
    ("department", 2, 3): "thousands",        # 全年预算数 "2,263.34"
    ("department", 2, 4): "wan",              # 全年执行数 "2096.96万元"
    ("department", 2, 6): "plain",            # 执行率 "92.65%"
    ("department", 2, 7): "trailing_space",   # 得分 "9.26 "
}
_FULL_WIDTH = str.maketrans("0123456789.,%", "０１２３４５６７８９．，％")


def number_as_text(ref, text, keep_text):
    """Options.cell_value of the text variant: a number stays the text, typed some way."""
    value, number_format = make_samples.typed_value(text, keep_text)
    if not isinstance(value, (int, float)):
        return value, number_format
    table_id, row, cell = ref
    style = STYLE_OF_CELL.get(ref, NUMBER_STYLES[(row + cell) % len(NUMBER_STYLES)])
    return render_number(text, style), "@"


def render_number(text, style):
    """``text`` (a number as the seed gives it) typed in ``style``."""
    if style == "trailing_space":
        return text + " "
    if style == "full_width":
        return text.translate(_FULL_WIDTH)
    if style == "thousands" and not text.endswith("%"):
        return f"{Decimal(text):,}"
    if style == "wan":
        return text + "万元"
    return text
