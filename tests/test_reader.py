"""The reader on the hand-typed sample: every value it reads, with its cell."""

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from perfeval_xl.reader import UnreadableWorkbook, read_workbook

SAMPLE = Path(__file__).resolve().parent.parent / "samples" / "yueyang-2024-原表.xlsx"


@pytest.fixture(scope="module")
def seed():
    return read_workbook(SAMPLE)


def where(value):
    return (value.sheet, value.cell)


def test_unit_year_and_cover(seed):
    assert seed.unit == "岳阳市建设工程质量安全监督站"
    assert seed.year == 2024
    assert seed.cover.report_date.when == date(2025, 3, 18)
    assert seed.cover.leader.text == "廖亚辉"
    assert seed.cover.leader_signed_on.when == date(2023, 7, 3)
    assert [m.name.text for m in seed.cover.panel][:3] == ["廖亚辉", "邓志文", "张强"]
    assert len(seed.cover.panel) == 9


def test_department_funds(seed):
    funds = seed.department.funds
    assert (funds.initial_budget.number, funds.budget.number, funds.spent.number) == (
        Decimal("1924.24"), Decimal("2263.34"), Decimal("2096.96"))
    assert funds.weight.number == 10
    assert funds.rate.number == Decimal("92.65") and funds.rate.decimals == 2
    assert funds.score.number == Decimal("9.26")
    assert where(funds.score) == ("附件2", "I5")


def test_department_split_typed_inside_label_cells(seed):
    splits = {(s.group, s.label): s.amounts["amount"] for s in seed.department.funds.splits}
    assert splits[("income", "一般公共预算")].number == Decimal("2128.84")
    assert splits[("income", "其他资金")].number == Decimal("134.50")
    assert splits[("income", "政府性基金")].number is None
    assert splits[("spending", "基本支出")].number == Decimal("2060.04")
    assert splits[("spending", "项目支出")].number == Decimal("36.92")
    # a blank part typed as "政府性基金拨款：" points at its own cell, not a neighbour's
    assert where(splits[("income", "政府性基金")]) == ("附件2", "B8")


def test_department_headings_and_indicators(seed):
    headings = {h.name: h for h in seed.department.headings}
    assert list(headings) == ["产出指标", "效益指标", "满意度指标"]
    declared = {name: h.declared_weight.number for name, h in headings.items()}
    assert declared == {"产出指标": 50, "效益指标": 30, "满意度指标": 10}
    sums = {name: sum(i.weight.number for i in h.indicators) for name, h in headings.items()}
    assert sums == {"产出指标": 68, "效益指标": 20, "满意度指标": 2}
    assert len(seed.department.indicators) == 31
    first = seed.department.indicators[0]
    assert first.level2 == "数量指标" and first.name.text == "1.办理竣工验收备案"
    cost = next(i for i in seed.department.indicators if i.level2 == "成本指标")
    assert cost.target.text == "2096.96" and cost.actual.text == "100%"
    assert seed.department.total_score.number == Decimal("99.27")
    assert where(seed.department.total_score) == ("附件2", "H45")


def test_project_table(seed):
    (project,) = seed.projects
    assert project.name.text == "建设质量安全监督事务管理经费"
    assert project.authority.text == "岳阳市住房城乡建设局"
    assert project.implementer.blank and project.implementer.cell
    assert (project.funds.budget.number, project.funds.spent.number) == (38, Decimal("36.92"))
    assert project.funds.rate.number == Decimal("97.16")
    sources = {s.label: s.amounts for s in project.funds.splits}
    assert sources["当年财政拨款"]["spent"].number == Decimal("36.92")
    assert sources["上年结转资金"]["initial_budget"].number == 0
    assert [len(h.indicators) for h in project.headings] == [8, 4, 1]
    assert project.total_score.number == Decimal("99.72")
    assert project.footer.found and project.footer.filled_by.blank


def test_basic_data(seed):
    basic = seed.basic_data
    assert (basic.establishment.number, basic.staff.number) == (110, 105)
    assert basic.staff_control_rate.number == Decimal("95.45")
    assert basic.rows["public_funds"].actual.number == Decimal("155.52")
    assert basic.rows["office"].actual.number == Decimal("27.75")
    assert basic.rows["procurement"].previous_actual.number is None  # typed "一"
    assert basic.rows["budget_adjustment"].budget.number == Decimal("2263.34")
    assert [(p.label.text, p.budget.number, p.actual.number) for p in basic.projects] == [
        ("1、业务工作经费", 38, Decimal("36.92"))]
    assert basic.buildings == []
    assert basic.footer.filled_on.when == date(2025, 3, 11)


def test_fund_tables_declared_none(seed):
    assert set(seed.fund_tables) == {"gov_fund", "state_capital", "social_insurance"}
    assert seed.fund_tables["gov_fund"].none_declared.text == "本单位无政府性基金预算支出"


def test_sample_reads_without_problems(seed):
    assert seed.problems == []


@pytest.mark.parametrize("content, message", [
    (b"", "文件为空"),
    (b"hello, not a workbook", "不是 Excel 工作簿"),
    (b"PK\x03\x04broken zip", "不是 Excel 工作簿"),
])
def test_unreadable_files_give_one_chinese_line(tmp_path, content, message):
    path = tmp_path / "bad.xlsx"
    path.write_bytes(content)
    with pytest.raises(UnreadableWorkbook) as caught:
        read_workbook(path)
    assert message in str(caught.value)
    assert "\n" not in str(caught.value)


def test_missing_file_and_directory(tmp_path):
    with pytest.raises(UnreadableWorkbook, match="文件不存在"):
        read_workbook(tmp_path / "none.xlsx")
    with pytest.raises(UnreadableWorkbook, match="文件夹"):
        read_workbook(tmp_path)


@pytest.mark.parametrize("fields", [
    {},
    {"text": "96%", "sheet": "附件2", "cell": "F20"},
    {"text": "2096.96", "number": Decimal("2096.96"), "sheet": "附件2", "cell": "B5", "decimals": 2},
    {"text": "=B5/A5", "sheet": "附件3", "cell": "F5", "is_formula": True},
    {"text": "约50", "unreadable": True, "when": date(2025, 3, 18)},
])
def test_value_made_is_the_constructors_value(fields):
    from perfeval_xl.model import Value

    made, built = Value.made(**fields), Value(**fields)
    assert made == built and hash(made) == hash(built) and repr(made) == repr(built)
    assert made.blank == built.blank
