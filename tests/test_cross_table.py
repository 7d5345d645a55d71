"""Family 7 跨表一致: project matching, the amounts it compares, and what the samples report."""

from decimal import Decimal
from pathlib import Path

import pytest

import seed_fill
from perfeval_xl.api import verify_file
from perfeval_xl.model import Value
from perfeval_xl.rules import check
from perfeval_xl.rules.cross_table import dated_tables, match_projects, money_ceiling, project_key
from perfeval_xl.template import fill_template, generate_template, template_layout
import rule_cases  # noqa: F401 - rule_cases_cross is loaded through it (they import each other)
from rule_cases_build import A1, A3, A4, clean_workbook, edit, expense_row, fund_table_none, project, seed_workbook
from rule_cases_cross import second_project

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ("yueyang-2024-原表", "yueyang-2024-模板填报")
FAMILY_7 = tuple(f"PE70{n}" for n in range(1, 10))


def family_7(findings):
    return [f for f in findings if f.rule in FAMILY_7]


# --- matching -------------------------------------------------------------------------


@pytest.mark.parametrize("text, key", [
    ("1、业务工作经费", "业务工作经费"), ("（一）业务工作经费", "业务工作经费"), ("二、 专项 经费", "专项经费"),
    ("附件3-业务工作经费", "业务工作经费"), ("其中：1.培训费", "培训费"), ("", ""),
])
def test_project_key_strips_numbering_and_sheet_prefix(text, key):
    assert project_key(text) == key


def rows_and_tables(rows, tables):
    """A workbook whose 附件1 lists ``rows`` (label, 预算数, 决算数) and whose 附件3 are ``tables``."""
    workbook = clean_workbook()
    workbook.basic_data.projects = [expense_row("project", 13 + i, ("0", budget, actual))
                                    for i, (_, budget, actual) in enumerate(rows)]
    for i, (label, _, _) in enumerate(rows):
        workbook.basic_data.projects[i].label = A1.text(label, f"A{13 + i}")
    workbook.projects = tables
    return workbook


def named(name, sheet=None):
    table = second_project(name) if sheet else project()
    table.name = Value(text=name, sheet=table.sheet, cell="B3")
    return table


def matched(workbook):
    pairs, rows, tables = match_projects(workbook)
    return ([(row.label.text, table.name.text) for row, table in pairs],
            [row.label.text for row in rows], [table.name.text for table in tables])


def test_seed_row_and_table_pair_as_the_only_ones_left():
    workbook = seed_workbook()
    assert matched(workbook) == ([("project", "建设质量安全监督事务管理经费")], [], [])
    assert family_7(check(workbook)) == []


def test_names_match_exactly_before_by_containment():
    workbook = rows_and_tables([("1、专项经费", "10", "9"), ("2、专项经费（一般）", "38", "36.92")],
                               [named("专项经费（一般）"), named("专项经费", sheet=True)])
    assert matched(workbook) == ([("1、专项经费", "专项经费"), ("2、专项经费（一般）", "专项经费（一般）")], [], [])


def test_a_name_containing_two_is_left_to_the_amounts():
    workbook = rows_and_tables([("经费", "10", "9"), ("其他", "38", "36.92")],
                               [named("业务经费"), named("专项经费", sheet=True)])
    assert matched(workbook) == ([("经费", "专项经费"), ("其他", "业务经费")], [], [])


def test_unmatched_rows_and_tables_are_reported_once_each():
    workbook = rows_and_tables([("1、业务工作经费", "38", "36.92"), ("2、培训经费", "5", "4"), ("3、会议经费", "3", "2")],
                               [named("业务工作经费"), named("专项经费", sheet=True)])
    assert matched(workbook) == ([("1、业务工作经费", "业务工作经费")], ["2、培训经费", "3、会议经费"], ["专项经费"])
    findings = family_7(check(workbook))
    assert [(f.rule, f.sheet, f.cell) for f in findings] == [
        ("PE701", "附件1", "A14"), ("PE701", "附件1", "A15"), ("PE702", "附件3-2", "B3"), ("PE705", "附件2", "E8")]
    assert findings[0].message == ("附件1 的项目“2、培训经费”（附件1!A14，本年预算数 5，本年决算数 4）"
                                   "没有对应的附件3 项目支出绩效自评表")
    assert findings[2].related == (("附件1", "A2"),)


def test_the_one_row_and_the_one_table_left_pair_whatever_their_names():
    workbook = rows_and_tables([("1、业务工作经费", "38", "36.92"), ("2、培训经费", "10", "8")],
                               [named("业务工作经费"), named("专项经费", sheet=True)])
    assert matched(workbook) == ([("1、业务工作经费", "业务工作经费"), ("2、培训经费", "专项经费")], [], [])
    assert [(f.rule, f.cell, f.related) for f in family_7(check(workbook))] == [
        ("PE703", "D14", (("附件3-2", "E6"),)), ("PE705", "E8", (("附件3", "E6"), ("附件3-2", "E6")))]


def test_equal_amounts_pair_first_so_the_other_pair_is_reported_as_differing():
    # 项目A 38/36.92 agrees with 表甲; 项目B's 决算数 8 is 1 off 表乙's 9: one PE703, not PE701 + PE702
    workbook = rows_and_tables([("1、项目A", "38", "36.92"), ("2、项目B", "10", "8")],
                               [named("表乙", sheet=True), named("表甲")])
    assert matched(workbook) == ([("1、项目A", "表甲"), ("2、项目B", "表乙")], [], [])
    assert [f.rule for f in family_7(check(workbook)) if f.rule in ("PE701", "PE702", "PE703")] == ["PE703"]


def test_no_附件3_at_all_is_left_to_pe503():
    workbook = edit(("projects", []))()
    assert [f.rule for f in family_7(check(workbook))] == []


# --- amounts ----------------------------------------------------------------------------


def test_project_amounts_name_both_cells_and_both_numbers():
    workbook = edit(("basic_data.projects.0.actual", A1.num("35.92", "D13")))()
    [finding] = family_7(check(workbook))
    assert (finding.rule, finding.sheet, finding.cell, finding.related) == ("PE703", "附件1", "D13", (("附件3", "E6"),))
    assert finding.message == ("附件1 项目“project”本年决算数 35.92（附件1!D13）与附件3（建设质量安全监督事务管理经费） "
                               "全年执行数 36.92（附件3!E6）不符，差 1")
    assert (finding.actual, finding.expected) == ("35.92", "36.92")


def test_budget_adjustment_names_both_cells():
    workbook = edit(("basic_data.rows.budget_adjustment.budget", A1.num("2236.34", "C22")))()
    [finding] = family_7(check(workbook))
    assert (finding.rule, finding.cell, finding.related) == ("PE704", "C22", (("附件2", "D5"),))
    assert "2236.34（附件1!C22）" in finding.message and "2263.34（附件2!D5）" in finding.message


@pytest.mark.parametrize("text, amount", [
    ("2096.96", Decimal("2096.96")), ("38万", Decimal(38)), ("38万元", Decimal(38)), ("≤38万元", Decimal(38)),
    ("不超过40万", Decimal(40)), ("38万元以内", Decimal(38)), ("５０００元", Decimal("0.5")), ("2,096.96", Decimal("2096.96")),
    ("100%", None), ("8次/年", None), ("控制在预算成本以内", None), ("", None),
])
def test_money_ceiling(text, amount):
    assert money_ceiling(A3.text(text, "E20")) == amount


def test_cost_target_formula_or_budget_formula_is_not_compared():
    workbook = edit(("projects.0.headings.0.indicators.0.level2", "成本指标"),
                    ("projects.0.headings.0.indicators.0.target", A3.text("40万", "E14")),
                    ("projects.0.funds.budget", A3.formula("D6")))()
    assert [f for f in check(workbook) if f.rule == "PE708"] == []


# --- years ------------------------------------------------------------------------------


def test_years_come_from_titles_and_the_majority_wins():
    workbook = edit(("department.year", 2023), ("department.title", A3.text("2023年度部门整体支出绩效自评表", "A2")),
                    ("fund_tables", {"gov_fund": _fund_table_titled("2024年度政府性基金预算支出情况表")}))()
    assert [year for _, year, _ in dated_tables(workbook)] == [2024, 2024, 2023, 2024, 2024]
    [finding] = [f for f in check(workbook) if f.rule == "PE709"]
    assert finding.message == "附件2的年度 2023（附件3!A2）与本报告的年度 2024（封面!A1）不一致"


def test_template_year_wins_over_the_majority():
    workbook = edit(("template_options", {"year": "2025"}))()
    assert {f.sheet for f in check(workbook) if f.rule == "PE709"} == {"封面", "附件1", "附件2", "附件3"}


def _fund_table_titled(title):
    table = fund_table_none()
    table.title = A4.text(title, "A2")
    return table


# --- the samples and a filled template --------------------------------------------------


@pytest.mark.parametrize("name", SAMPLES)
def test_samples_are_consistent_across_tables(name):
    """RULES.md §4: 38/36.92 in 附件1 and 附件3, 2263.34/2096.96 in 附件1 and 附件2, 36.92 = Σ 附件3."""
    assert family_7(verify_file(ROOT / "samples" / f"{name}.xlsx").findings) == []


@pytest.fixture(scope="module")
def blank(tmp_path_factory):
    path = tmp_path_factory.mktemp("cross") / "blank.xlsx"
    generate_template(path, seed_fill.OPTIONS)
    return path


def test_blank_template_reports_nothing_cross_table(blank):
    assert family_7(verify_file(blank).findings) == []


def test_filled_template_with_附件3_spent_off_reports_both_sides(blank, tmp_path):
    values = seed_fill.seed_fill_values()
    values[seed_fill.PROJECT_SHEET] |= {"funds.spent": Decimal("35.92"),
                                        "split.source.当年财政拨款.spent": Decimal("35.92")}
    values["附件4"] = {"fund.none": "是", "fund.0.name": "城市基础设施配套费", "fund.0.budget": Decimal(120)}
    path = tmp_path / "filled.xlsx"
    fill_template(blank, path, values)
    layout = template_layout(seed_fill.OPTIONS)
    sheet = layout.sheets[seed_fill.PROJECT_SHEET]
    found = {(f.rule, f.sheet, f.cell): f.related for f in family_7(verify_file(path).findings)}
    assert found == {
        ("PE703", "附件1", layout.sheets["附件1"].inputs["basic.project.0.actual"]):
            ((seed_fill.PROJECT_SHEET, sheet.inputs["funds.spent"]),),
        ("PE705", "附件2", layout.sheets["附件2"].inputs["split.spending.项目支出"]):
            ((seed_fill.PROJECT_SHEET, sheet.inputs["funds.spent"]),),
        ("PE706", "附件4", layout.sheets["附件4"].inputs["fund.none"]):
            (("附件4", layout.sheets["附件4"].inputs["fund.0.budget"]),),
    }
