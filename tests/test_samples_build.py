"""The committed 原表 sample equals a fresh build, and the hand-typed layouts hold the seed."""

from pathlib import Path

import openpyxl
import pytest

import handtyped

SAMPLE = Path(__file__).resolve().parent.parent / "samples" / "yueyang-2024-原表.xlsx"


@pytest.fixture(scope="module")
def sample():
    return openpyxl.load_workbook(SAMPLE)


def build(tmp_path, writer, *args):
    path = tmp_path / f"{writer.__name__}.xlsx"
    writer(path, *args)
    return openpyxl.load_workbook(path)


def cells_of(ws):
    """{coordinate: (value, number format)} of every cell that holds a value or a format."""
    return {
        cell.coordinate: (cell.value, cell.number_format)
        for row in ws.iter_rows()
        for cell in row
        if cell.value is not None or cell.number_format != "General"
    }


def row_with(ws, text, column=None):
    """The first row (as a tuple of cells) with a cell equal to ``text``."""
    for row in ws.iter_rows():
        if any(cell.value == text and (column is None or cell.column_letter == column) for cell in row):
            return row
    raise AssertionError(f"{text!r} not on {ws.title}")


def values(row):
    return [cell.value for cell in row if cell.value is not None]


def test_sample_equals_fresh_build(sample, tmp_path):
    fresh = build(tmp_path, handtyped.write_original)
    assert sample.sheetnames == fresh.sheetnames == ["封面", "附件1", "附件2", "附件3", "考核评分表"]
    for name in sample.sheetnames:
        assert cells_of(sample[name]) == cells_of(fresh[name]), f"{name}: rerun python scripts/make_samples.py"
        assert sorted(map(str, sample[name].merged_cells.ranges)) == sorted(map(str, fresh[name].merged_cells.ranges))


def test_department_sheet(sample):
    ws = sample["附件2"]
    total = row_with(ws, "总分")
    assert values(total) == ["总分", 100, 99.27]
    assert ws["H45"].value == 99.27
    assert row_with(ws, "其中：  一般公共预算：2128.84")
    header = row_with(ws, "绩 效 指 标")[0].row
    assert total[0].row - header - 1 == 31
    assert ws["H5"].value == 0.9265 and ws["H5"].number_format == "0.00%"
    assert ws["E14"].value == "100%" and ws["E35"].value == "2096.96"  # text columns stay text
    assert {"A13:A44", "B14:B35", "B36:B43", "C14:C25"} <= set(map(str, ws.merged_cells.ranges))


def test_project_sheet(sample):
    ws = sample["附件3"]
    total = row_with(ws, "总分")
    assert values(total) == ["总分", 100, 99.72]
    header = row_with(ws, "绩效指标")[0].row
    assert total[0].row - header - 1 == 13
    assert ws.cell(row=total[0].row + 2, column=1).value.startswith("填 表 人 ：")


def test_cover_and_basic_data(sample):
    cover = sample["封面"]
    assert cover["A22"].value == "2023  年   7月  3 日"
    assert "本单位无社会保险基金预算支出" in values(row_with(cover, "本单位无社会保险基金预算支出"))
    assert sample["附件1"]["F4"].value == 0.9545 and sample["附件1"]["F4"].number_format == "0.00%"
    assert sample["附件1"]["A28"].value.startswith("填表人：周利华    填报日期：2025.3.11")


def test_stacked_variant(tmp_path):
    wb = build(tmp_path, handtyped.write_stacked)
    assert wb.sheetnames == ["Sheet1"]
    ws = wb["Sheet1"]
    assert not ws.merged_cells.ranges
    assert all(cell.value is None for cell in ws["A"])
    assert sum(cell.value == "产出指标\n(50分)" for cell in ws["C"]) == 22  # 附件2: repeated
    assert sum(cell.value == "产出指标 (50分)" for cell in ws["C"]) == 1   # 附件3: blank below
    titles = [cell.row for cell in ws["B"] if cell.value in ("附件1", "附件2", "附件3")]
    assert len(titles) == 3 and all(ws.cell(row=r - 1, column=2).value is None for r in titles)


def test_text_variant_has_no_numbers(tmp_path):
    wb = build(tmp_path, handtyped.write_as_text)
    assert wb.sheetnames == ["基础数据", "整体自评", "项目自评-业务经费", "其他"]
    texts = set()
    for ws in wb:
        for row in ws.iter_rows():
            for cell in row:
                assert not isinstance(cell.value, (int, float)), f"{ws.title}!{cell.coordinate}"
                texts.add(cell.value)
    assert {"2,263.34", "2096.96万元", "２０９６．９６", "92.65%", "１１０", "9.26 ", "—", "/"} <= texts
    assert {"全年 预算数", "实际\n完成值", "偏差原因分析\n及改进措施"} <= texts


def test_with_edits(tmp_path):
    edits = {("department", ("总分", 2)): "99.26", ("department", ("10. 违法建设巡查率", 7)): "2"}
    ws = build(tmp_path, handtyped.write_with_edits, edits)["附件2"]
    assert ws["H45"].value == 99.26
    assert values(row_with(ws, "10. 违法建设巡查率"))[-1] == 2
    with pytest.raises(KeyError):
        handtyped.apply_edits(handtyped.seed_report.TABLES, {("department", ("没有这一行", 1)): "1"})
