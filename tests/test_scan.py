"""The label searches (reader/scan.py) on a small hand-made sheet: a row's joined labels answer
exactly what its cells would."""

import pytest

from perfeval_xl.a1 import address
from perfeval_xl.reader.grid import RawCell, build_grid
from perfeval_xl.reader.locate import Segment
from perfeval_xl.reader.scan import find_cell, find_header_row, label_starts, row_begins_with

ROWS = {
    1: ["附件2", ""],
    2: [],
    3: ["一级指标", "二级指标", "三级指标", "分值", "得分"],
    5: ["产出", "指标"],                  # "产出指标" is in no single cell of this row
    6: ["填表人：周利华", "联系电话"],
}


def _segment():
    cells = {}
    for row, texts in ROWS.items():
        for column, text in enumerate(texts, start=1):
            cells[(row, column)] = RawCell.made("表", address(row, column), row, column, text, False, "General", column)
    grid = build_grid("表", cells, ())
    return Segment("department", grid, 1, grid.max_row, None)


def test_a_header_row_needs_every_needle_in_its_own_cells():
    segment = _segment()
    assert find_header_row(segment, ("三级指标", "分值", "得分")) == 3
    assert find_header_row(segment, ("产出指标",)) is None          # not across two cells
    assert find_header_row(segment, ("三级 指标",)) is None         # a label holds no white space
    assert find_header_row(segment, ()) == 1                        # nothing asked: the first row
    assert find_header_row(segment, ("",)) == 1                     # "" is in any label, in no empty row
    assert find_header_row(segment, ("",), rows=[2, 3]) == 3


def test_find_cell_gives_the_first_cell_holding_the_needle():
    segment = _segment()
    assert find_cell(segment, "填表人").coord == "A6"
    assert find_cell(segment, "电话").coord == "B6"
    assert find_cell(segment, "指标", exact=True).coord == "B5"
    assert find_cell(segment, "产出指标") is None
    assert find_cell(segment, "联系 电话") is None
    assert find_cell(segment, "").coord == "A1"
    assert find_cell(segment, "", exact=True) is None              # an empty cell holds nothing to find


def test_a_row_begins_with_a_prefix_when_one_of_its_labels_does():
    grid = _segment().grid
    assert row_begins_with(grid, 6, label_starts("合计", "填表人"))
    assert row_begins_with(grid, 6, label_starts("联系"))           # the second label
    assert not row_begins_with(grid, 6, label_starts("周利华"))     # inside a label, not at its start
    assert row_begins_with(grid, 5, label_starts("产出"))
    assert not row_begins_with(grid, 5, label_starts("出指"))       # not across two labels
    assert not row_begins_with(grid, 2, label_starts("附件"))       # an empty row
    with pytest.raises(ValueError):
        label_starts("填表 人")
