"""The cells a batch has already read are given again, never something else.

reader/cell_memo.py lets the scanner give a row or cell it has seen in an earlier
file what it made there.  These tests hold that to three things: a remembered
reading equals a fresh one (what a cell makes depends on the shared strings, the
number formats and the date epoch, and each of those changes it here); the files
of a batch really share their template's cells; and the memo stays small.
"""

import xml.etree.ElementTree as ET
from datetime import datetime
from decimal import Decimal
from pathlib import Path

import pytest

import seed_fill
from perfeval_xl.batch import Task, check_file
from perfeval_xl.kept import Kept
from perfeval_xl.reader import fast_xlsx, grid, read_workbook
from perfeval_xl.reader.cell_memo import CELLS, CellMemo
from perfeval_xl.reader.grid import RawCell
from perfeval_xl.reader.workbook import open_workbook
from perfeval_xl.reader.number_formats import MAC_EPOCH, WINDOWS_EPOCH
from perfeval_xl.reader.sheet_cells import SheetCells
from perfeval_xl.reader.sheet_scan import NotPlain, scan_rows
from perfeval_xl.reader.xlsx_styles import read_styles
from perfeval_xl.template import fill_template, generate_template
from xlsx_by_hand import cell, row, sheet_xml, styles_xml

STYLES = read_styles(ET.fromstring(styles_xml()))
BENCHMARKS = Path(__file__).resolve().parent.parent / "benchmarks"


def read(rows, strings=(), styles=STYLES, epoch=WINDOWS_EPOCH, memo=None, title="表"):
    """{position: (raw, is_formula, number format)} and the formula results of a sheet of ``rows``."""
    body = sheet_xml(rows).split("<sheetData>")[1].split("</sheetData>")[0]
    sheet = SheetCells(title, list(strings), styles, epoch)
    scan_rows(body, sheet, memo)
    return {position: (c.raw, c.is_formula, c.number_format) for position, c in sheet.cells.items()}, sheet.cached


def test_a_shared_string_row_is_read_with_its_own_file_strings():
    # Excel numbers shared strings per file: index 0 is 预算 in one file and 执行率 in the next.
    memo = CellMemo()
    rows = row(1, cell("A1", 0, t="s"), cell("B1", 1, t="s"))
    first, _ = read(rows, ["预算", "执行率"], memo=memo)
    size = memo.size()
    assert read(rows, ["预算", "执行率"], memo=memo)[0] == first and memo.size() == size   # met again
    second, _ = read(rows, ["执行率", "预算"], memo=memo)
    assert first[(1, 1)][0] == "预算" and second[(1, 1)][0] == "执行率"
    assert second == read(rows, ["执行率", "预算"])[0]   # the same as without a memo


def test_number_formats_and_the_date_epoch_change_what_a_cell_is():
    memo = CellMemo()
    rows = row(1, cell("A1", 45371, s="1"))          # style 1: a date format
    as_date, _ = read(rows, memo=memo)
    as_1904, _ = read(rows, epoch=MAC_EPOCH, memo=memo)
    general = read_styles(ET.fromstring(styles_xml(formats=(0, 0))))
    as_number, _ = read(rows, styles=general, memo=memo)
    assert as_date[(1, 1)][0] == datetime(2024, 3, 20)
    assert as_1904[(1, 1)][0] == datetime(2028, 3, 21)
    assert as_number[(1, 1)][0] == 45371 and as_number[(1, 1)][2] == "General"


def test_a_formula_cell_keeps_its_own_result():
    memo = CellMemo()
    formula = "<f>SUM(B1:C1)</f>"
    first = read(row(1, cell("A1", 3, formula=formula)), memo=memo)
    second = read(row(1, cell("A1", 4, formula=formula)), memo=memo)
    assert first == ({(1, 1): ("=SUM(B1:C1)", True, "General")}, {(1, 1): 3})
    assert second == ({(1, 1): ("=SUM(B1:C1)", True, "General")}, {(1, 1): 4})


def test_a_shared_formula_is_moved_in_every_file():
    # Its dependents depend on the group's master, read earlier: never remembered.
    memo = CellMemo()
    master = '<f t="shared" ref="A1:A2" si="0">B1*2</f>'
    rows = row(1, cell("A1", 2, formula=master)) + row(2, cell("A2", 4, formula='<f t="shared" si="0"/>'))
    other = row(1, cell("A1", 2, formula='<f t="shared" ref="A1:A2" si="0">C1*3</f>')) + \
        row(2, cell("A2", 4, formula='<f t="shared" si="0"/>'))
    read(rows, memo=memo)
    cells, _ = read(other, memo=memo)
    assert cells[(2, 1)][0] == "=C2*3"


def test_a_cell_given_twice_is_found_even_when_its_rows_are_remembered():
    memo = CellMemo()
    read(row(1, cell("A1", 1)) + row(2, cell("A2", 2)), memo=memo)
    with pytest.raises(NotPlain):
        read(row(1, cell("A1", 1)) + row(2, cell("A1", 1)), memo=memo)


def test_the_memo_never_holds_more_than_its_limit():
    memo = CellMemo(limit=10)
    small = row(1, cell("A1", 1), cell("B1", 2))              # one row and two cells to remember
    read(small, memo=memo)
    assert memo.size() == 3
    read(small.replace('"1"', '"2"').replace("A1", "A2").replace("B1", "B2"), title="乙", memo=memo)
    assert memo.size() == 6
    read(row(3, *(cell(f"{c}3", 3) for c in "ABCD")), title="丙", memo=memo)   # 5 more: no room, start afresh
    assert memo.size() == 5
    big = "".join(row(n, cell(f"A{n}", n), cell(f"B{n}", n * 2)) for n in range(1, 9))   # 24 > 10
    cells, _ = read(big, title="丁", memo=memo)
    assert len(cells) == 16 and memo.size() == 5   # read in full, nothing of it remembered


def test_what_is_met_again_outlives_what_was_met_once():
    # A batch's template rows and cells are met in every file; a file's own numbers once.
    memo = CellMemo(limit=10)
    template = row(1, cell("A1", "标题", t="str"), cell("B1", 2))
    read(template, memo=memo)
    read(template, memo=memo)    # the row met again (its two cells were not looked up: met once)
    read(row(2, *(cell(f"{c}2", 7) for c in "ABCD")), title="乙", memo=memo)   # 5 met once
    assert memo.size() == 8
    read(row(3, *(cell(f"{c}3", 8) for c in "ABC")), title="丙", memo=memo)    # 4 more: the 7 met once go
    assert memo.size() == 1 + 4
    assert read(template, memo=memo) == read(template)


def test_a_body_is_plain_rows_and_nothing_else():
    memo = CellMemo()
    one = row(1, cell("A1", 1))
    assert read(one + '<row r="2"/><row r="3" ht="20"/>\n', memo=memo)[0] == {(1, 1): (1, False, "General")}
    assert read(one + " \n", memo=memo)[0] == {(1, 1): (1, False, "General")}
    for body in (one + "<x/>", '<row r="1"/></row>', one + "</row>", one + '<row r="2">', "<c r=\"A1\"/>"):
        with pytest.raises(NotPlain):
            read(body, memo=memo)


def test_nothing_is_fed_before_a_later_row_turns_out_not_plain():
    memo = CellMemo()
    remembered = row(1, cell("A1", 1))
    read(remembered, memo=memo)
    sheet = SheetCells("表", [], STYLES, WINDOWS_EPOCH)
    with pytest.raises(NotPlain):
        scan_rows(remembered + row(2, cell("A2", 2)) + '<row r="3"><d/></row>', sheet, memo)
    assert sheet.cells == {} and sheet.cached == {}


@pytest.fixture(scope="module")
def two_fills(tmp_path_factory):
    """Two copies of one template filled in, the second with other numbers, as a batch has them."""
    folder = tmp_path_factory.mktemp("memo")
    template = folder / "模板.xlsx"
    generate_template(template, seed_fill.OPTIONS)
    first = seed_fill.seed_fill_values()
    second = {sheet: {key: value + 1 if isinstance(value, Decimal) else value for key, value in items.items()}
              for sheet, items in first.items()}
    paths = [folder / "单位一.xlsx", folder / "单位二.xlsx"]
    for path, values in zip(paths, (first, second)):
        fill_template(template, path, values)
    return paths


def test_the_files_of_a_batch_share_their_template_cells(two_fills):
    _forget()
    first, second = (open_workbook(path) for path in two_fills)
    shared = [key for key, one in _cells(first).items() if _cells(second).get(key) is one]
    assert 0.5 * len(_cells(first)) < len(shared) < len(_cells(first))   # the numbers differ
    remembered = read_workbook(two_fills[1])
    _forget()
    assert _model(read_workbook(two_fills[1])) == _model(remembered)   # as read with nothing remembered


def _cells(book):
    return {(sheet.title, position): one for sheet in book.sheets for position, one in sheet.cells.items()}


def _model(workbook):
    return repr((workbook.cover, workbook.basic_data, workbook.department, workbook.projects, workbook.problems))


def test_a_batch_reports_what_each_file_alone_and_openpyxl_report(tmp_path, monkeypatch):
    # The benchmark's files (one template, random fills, planted mistakes), checked one after another in
    # one process as a batch worker does (in both orders), each again with nothing remembered, and each
    # read by openpyxl.
    monkeypatch.syspath_prepend(str(BENCHMARKS))
    from make_workbooks import make_workbooks

    make_workbooks(tmp_path, 12, seed=5, jobs=1, progress=False)
    files = sorted(tmp_path.glob("*.xlsx"))
    _forget()
    in_batch = [_findings(check_file(path, Task())) for path in files]
    backwards = [_findings(check_file(path, Task())) for path in reversed(files)][::-1]
    alone = []
    for path in files:
        _forget()
        alone.append(_findings(check_file(path, Task())))
    by_openpyxl = [_findings(check_file(path, Task(reader="full"))) for path in files]
    assert in_batch == backwards == alone == by_openpyxl
    assert sum(map(len, alone)) > 12   # the files do have findings to compare


def _forget():
    """Empty every cache the reader keeps from one file to the next."""
    CELLS.clear()
    fast_xlsx._FRAMES.clear()
    fast_xlsx._STYLES.clear()
    grid._EMPTY_CELLS.clear()
    grid._MERGED_TOP_LEFTS.clear()


def _findings(result):
    assert result.status == "checked"
    return [(f.rule, f.sheet, f.cell, f.message, f.actual, f.expected) for f in result.findings]


def test_a_shared_merged_cell_is_told_how_far_each_range_reaches():
    # One remembered top-left cell, merged across four columns in one file and two in another.
    cell = RawCell.made("表", "A1", 1, 1, "标题", False, "General", 1)
    wide = grid.build_grid("表", {(1, 1): cell}, ((1, 1, 1, 4),))
    narrow = grid.build_grid("表", {(1, 1): cell}, ((1, 1, 2, 2),))
    assert wide.cell(1, 4).last_column == 4 and narrow.cell(2, 2).last_column == 2 and cell.last_column == 1
    assert wide.cell(1, 1) is grid.build_grid("表", {(1, 1): cell}, ((1, 1, 1, 4),)).cell(1, 1)


def test_a_kept_part_has_a_size_limit_and_a_count_limit():
    kept = Kept(2, largest=4)
    assert kept.keep(b"12345", "too big") == "too big" and b"12345" not in kept
    kept.keep(b"1", "a")
    kept.keep(b"12", "b")
    assert kept == {b"1": "a", b"12": "b"}
    kept.keep(b"123", "c")          # full: forgotten whole first
    assert kept == {b"123": "c"}


def test_what_is_kept_for_an_object_is_given_for_that_object_only():
    kept, owner, other = Kept(4), [1], [1]
    assert kept.of(owner, lambda: "made", "x") == "made"
    assert kept.of(owner, lambda: "again", "x") == "made"      # the same object: kept
    assert kept.of(owner, lambda: "other x", "y") == "other x"
    kept[(id(other), "x")] = (owner, "made")                  # as if another object had taken owner's id
    assert kept.of(other, lambda: "its own", "x") == "its own"
