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

import pytest

import seed_fill
from perfeval_xl.reader import read_workbook
from perfeval_xl.reader.cell_memo import CELLS, CellMemo
from perfeval_xl.reader.workbook import open_workbook
from perfeval_xl.reader.number_formats import MAC_EPOCH, WINDOWS_EPOCH
from perfeval_xl.reader.sheet_cells import SheetCells
from perfeval_xl.reader.sheet_scan import NotPlain, scan_rows
from perfeval_xl.reader.xlsx_styles import read_styles
from perfeval_xl.template import fill_template, generate_template
from xlsx_by_hand import cell, row, sheet_xml, styles_xml

STYLES = read_styles(ET.fromstring(styles_xml()))


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


def test_the_memo_forgets_everything_once_full():
    memo = CellMemo(limit=10)
    rows = "".join(row(n, cell(f"A{n}", n), cell(f"B{n}", n * 2)) for n in range(1, 9))
    read(rows, memo=memo)
    assert memo.size() > 10
    read(row(1, cell("A1", 1)), memo=memo)   # the next sheet starts afresh
    assert memo.size() <= 3


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
    CELLS.clear()
    first, second = (open_workbook(path) for path in two_fills)
    shared = [key for key, one in _cells(first).items() if _cells(second).get(key) is one]
    assert 0.5 * len(_cells(first)) < len(shared) < len(_cells(first))   # the numbers differ
    remembered = read_workbook(two_fills[1])
    CELLS.clear()
    assert _model(read_workbook(two_fills[1])) == _model(remembered)   # as read with nothing remembered


def _cells(book):
    return {(sheet.title, position): one for sheet in book.sheets for position, one in sheet.cells.items()}


def _model(workbook):
    return repr((workbook.cover, workbook.basic_data, workbook.department, workbook.projects, workbook.problems))
