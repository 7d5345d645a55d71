"""verify on the hand-typed seed sample and on differently laid-out copies of it."""

import json
from collections import Counter
from pathlib import Path

import pytest

import handtyped
from perfeval_xl.api import verify_file

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "samples" / "yueyang-2024-原表.xlsx"
SAMPLES = ("yueyang-2024-原表", "yueyang-2024-模板填报")


def located(result):
    return Counter((f.rule, f.sheet, f.cell) for f in result.findings)


@pytest.mark.parametrize("name", SAMPLES)
def test_sample_reports_exactly_the_pinned_findings(name):
    pinned = json.loads((ROOT / "tests" / "expected" / f"{name}.json").read_text(encoding="utf-8"))
    result = verify_file(ROOT / "samples" / f"{name}.xlsx")
    assert result.status == "checked"
    expected = Counter((rule, sheet, cell) for rule, sheet, cell, _why in pinned["findings"])
    assert located(result) == expected


def test_sample_messages_carry_both_numbers():
    messages = {f.rule + "@" + f.cell: f.message for f in verify_file(SAMPLE).findings}
    assert messages["PE201@H45"] == "总分 99.27 与各项得分合计 99.26 不符，差 0.01"
    assert "50" in messages["PE203@B14"] and "68" in messages["PE203@B14"]
    assert "2023-07-03" in messages["PE401@A22"] and "2024" in messages["PE401@A22"]
    assert "未取整" in messages["PE103@I5"]


def test_sample_consistent_values_stay_silent():
    cells = {(f.sheet, f.cell) for f in verify_file(SAMPLE).findings}
    # 控制率; 附件2 执行率 and the totals its splits are checked against (PE105/PE106 point there);
    # 附件3 执行率, 得分 and 总分; 公用经费 in all three columns (PE304 points there)
    silent = [("附件1", "F4"), ("附件2", "H5"), ("附件2", "E5"), ("附件2", "F5"),
              ("附件3", "H6"), ("附件3", "I6"), ("附件3", "H26"),
              ("附件1", "B18"), ("附件1", "D18"), ("附件1", "F18")]
    assert not cells & set(silent)


@pytest.mark.parametrize("write", [handtyped.write_stacked, handtyped.write_as_text],
                         ids=["stacked-in-one-sheet", "numbers-typed-as-text"])
def test_other_layouts_give_the_same_findings(tmp_path, write):
    path = tmp_path / "variant.xlsx"
    write(path)
    original = verify_file(SAMPLE)
    variant = verify_file(path)
    assert Counter((f.rule, f.message) for f in variant.findings) == \
        Counter((f.rule, f.message) for f in original.findings)


def test_stacked_layout_points_at_its_own_cells(tmp_path):
    path = tmp_path / "stacked.xlsx"
    handtyped.write_stacked(path)
    result = verify_file(path)
    total = next(f for f in result.findings if f.rule == "PE201")
    assert total.sheet == "Sheet1"
    from openpyxl import load_workbook
    assert load_workbook(path)["Sheet1"][total.cell].value in (99.27, "99.27")


def test_correcting_the_total_silences_pe201(tmp_path):
    path = tmp_path / "fixed.xlsx"
    handtyped.write_with_edits(path, {("department", ("总分", 2)): "99.26"})
    rules = Counter(f.rule for f in verify_file(path).findings)
    assert rules["PE201"] == 0 and rules["PE203"] == 5


def test_a_lower_score_without_reason_fires_pe207_at_its_row(tmp_path):
    path = tmp_path / "lower.xlsx"
    handtyped.write_with_edits(path, {("department", ("1.办理竣工验收备案", 7)): "2"})
    result = verify_file(path)
    missing = [f for f in result.findings if f.rule == "PE207"]
    assert [(f.sheet, f.cell) for f in missing] == [("附件2", "I14")]
    assert any(f.rule == "PE201" and f.actual == "99.27" and f.expected == "98.26" for f in result.findings)


def test_an_unreadable_number_is_a_finding_not_a_crash(tmp_path):
    path = tmp_path / "typo.xlsx"
    handtyped.write_with_edits(path, {("department", ("年度资金总额", 3)): "约2096.96"})
    result = verify_file(path)
    assert result.status == "checked"
    unreadable = [f for f in result.findings if f.rule == "PE501"]
    assert [(f.sheet, f.cell, f.actual) for f in unreadable] == [("附件2", "E5", "约2096.96")]
