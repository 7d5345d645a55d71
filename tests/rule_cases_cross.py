"""Rule cases of the template-integrity rules (PE504–PE508) and family 7 跨表一致 (PE701–PE709).

Imported at the end of rule_cases.py, which adds these to CASES: import that module, not this one.
The clean workbook's 附件1 project row 13 is labelled "project" (38 / 36.92) and its only 附件3 is
"建设质量安全监督事务管理经费" (38 / 36.92): they pair as the one row and the one table left.
"""

from dataclasses import fields, is_dataclass, replace

from perfeval_xl.model import FundTable, ReadProblem, Value
from rule_cases import D_IND0, ROWS, fail, ok
from rule_cases_build import (
    A1, A2, A3, A4, Sheet, edit, expense_row, footer, fund_table, fund_table_none, funds, project, split,
)

A3B = Sheet("附件3-2")
PROJECT_ROW = "basic_data.projects.0"
P_IND0 = "projects.0.headings.0.indicators.0"     # 附件3 first 三级指标, row 14


def on_sheet(thing, sheet):
    """``thing`` with every located Value moved to ``sheet`` (a second 附件3 copied from the first)."""
    if isinstance(thing, Value):
        return replace(thing, sheet=sheet) if thing.sheet else thing
    if isinstance(thing, list):
        return [on_sheet(item, sheet) for item in thing]
    if isinstance(thing, dict):
        return {key: on_sheet(item, sheet) for key, item in thing.items()}
    if is_dataclass(thing):
        for field in fields(thing):
            setattr(thing, field.name, on_sheet(getattr(thing, field.name), sheet))
    return thing


def second_project(name="专项经费"):
    """A consistent second 附件3 on sheet "附件3-2": 10 / 10 / 9, 执行率 90.00 %, 得分 9, 总分 99."""
    table = on_sheet(project(), A3B.name)
    table.sheet = A3B.name
    table.name = A3B.text(name, "B3")
    table.funds = funds(A3B, 6, ("10", "10", "9", "10", "90.00", "9"))
    table.funds.splits = [split(A3B, "source", "当年财政拨款", 7,
                                {"initial_budget": ("C", "10"), "budget": ("D", "10"), "spent": ("E", "9")})]
    table.total_score = A3B.num("99", table.total_score.cell)
    return table


def two_projects(first="1、建设质量安全监督事务管理经费", second="2、专项经费", second_amounts=("8", "10", "9")):
    """附件1 with two project rows (13, 14) and two 附件3; 附件2 项目支出 and 基本支出 moved to 45.92 / 2051.04."""
    return (
        ("basic_data.projects", [expense_row("project", 13, ("41.64", "38", "36.92")),
                                 expense_row("project", 14, second_amounts)]),
        (f"{PROJECT_ROW}.label", A1.text(first, "A13")), ("basic_data.projects.1.label", A1.text(second, "A14")),
        ("projects", [project(), second_project()]),
        ("department.funds.splits.4.amounts.spent", A2.num("2051.04", "E7")),
        ("department.funds.splits.5.amounts.spent", A2.num("45.92", "E8")),
    )


def fund_switch(text):
    """附件4 with its one row filled and the "本单位无此类支出" switch at B2 set to ``text``."""
    table = fund_table()
    table.none_declared = A4.text(text, "B2")
    return {"gov_fund": table}


EMPTY_FUND = {"gov_fund": FundTable("gov_fund", A4.name, title=A4.text("2024年度政府性基金预算支出情况表", "A2"),
                                    none_declared=A4.blank("B2"), footer=footer(A4, 8))}


def problem(kind, sheet, cell, text="", detail=""):
    return edit(("problems", [ReadProblem(kind, sheet, cell, text, detail)]))


# Cases of other families whose edit also breaks an equality between tables: family 7 reports that too.
ALSO_FOUND = {
    "PE102-pass-over-budget-capped-at-10": (("PE703", "附件1!D13"), ("PE705", "附件2!E8")),  # 附件3 spent 40
    "PE105-fail-budget-2263.43": (("PE704", "附件1!C22"),),      # 附件2 全年预算数 no longer 附件1's
    "PE105-fail-zero-total-over-parts": (("PE704", "附件1!C22"),),
    "PE106-fail-project-spending-38": (("PE705", "附件2!E8"),),  # 项目支出 38 against 附件3's 36.92
}


def with_cross_table_findings(cases):
    """``cases`` with the family-7 findings their edits cause added to what they expect."""
    return tuple(replace(case, expected=case.expected + ALSO_FOUND.get(case.id, ())) for case in cases)


CLEAN = edit()
RATE_FORMULA = '=IF(AND(ISNUMBER(C5),C5>0,ISNUMBER(D5)),ROUND(D5/C5,4),"")'

CASES = (
    # --- 5 读取与模板 — template integrity -------------------------------------------------
    fail("PE504", "附件2-unprotected", problem("sheet-unprotected", "附件2", None), ("PE504", None)),
    ok("PE504", "protected", CLEAN),
    fail("PE505", "附件5-renamed", problem("sheet-missing", None, None, "附件5", "，可能已改名为“附件五”"),
         ("PE505", None)),
    ok("PE505", "all-sheets", CLEAN),
    fail("PE506", "说明-added", problem("sheet-added", "说明", None, "说明"), ("PE506", None)),
    ok("PE506", "no-sheet-added", CLEAN),
    fail("PE507", "rate-rounded-to-2", problem("formula-edited", "附件2", "F5", "=ROUND(D5/C5,2)", RATE_FORMULA),
         ("PE507", "附件2!F5")),
    ok("PE507", "replaced-by-constant-is-pe502", problem("formula-replaced", "附件2", "F5", "0.9265", RATE_FORMULA),
       ("PE502", "附件2!F5")),
    fail("PE508", "总分-down-1", problem("rows-moved", "附件2", "A62", "总分", "原在 A61，现在 A62（下移 1 行）"),
         ("PE508", "附件2!A62")),
    ok("PE508", "labels-in-place", CLEAN),
    # --- 7 跨表一致 ----------------------------------------------------------------------
    fail("PE701", "second-row-without-附件3", edit(("basic_data.projects", [
        expense_row("project", 13, ("41.64", "38", "36.92")), expense_row("project", 14, ("8", "10", "9"))]),
        ("basic_data.projects.1.label", A1.text("2、专项经费", "A14"))), ("PE701", "附件1!A14")),
    ok("PE701", "seed-one-row-one-table", CLEAN),
    ok("PE701", "two-rows-two-tables-by-name", edit(*two_projects())),
    ok("PE701", "paired-by-amounts", edit(*two_projects(first="1、监督经费", second="2、其他"))),
    fail("PE702", "second-附件3-without-row", edit(("projects", [project(), second_project()])),
         ("PE702", "附件3-2!B3"), ("PE705", "附件2!E8")),
    ok("PE702", "names-contain-each-other", edit(*two_projects(second="2、专项经费（一般）"))),
    fail("PE703", "actual-35.92-against-36.92", edit((f"{PROJECT_ROW}.actual", A1.num("35.92", "D13"))),
         ("PE703", "附件1!D13")),
    fail("PE703", "budget-40-against-38", edit((f"{PROJECT_ROW}.budget", A1.num("40", "C13"))),
         ("PE703", "附件1!C13")),
    fail("PE703", "second-project-9.5-against-9", edit(*two_projects(second_amounts=("8", "10", "9.5"))),
         ("PE703", "附件1!D14")),
    ok("PE703", "seed-38/36.92", CLEAN),
    ok("PE703", "formula-not-compared", edit((f"{PROJECT_ROW}.actual", A1.formula("D13")))),
    fail("PE704", "actual-2069.96", edit((f"{ROWS}.budget_adjustment.actual", A1.num("2069.96", "D22"))),
         ("PE704", "附件1!D22")),
    ok("PE704", "2263.34/2096.96", CLEAN),
    ok("PE704", "blank-not-compared", edit((f"{ROWS}.budget_adjustment.budget", A1.blank("C22")))),
    fail("PE705", "项目支出-38", edit(("department.funds.splits.4.amounts.spent", A2.num("2058.96", "E7")),
                                    ("department.funds.splits.5.amounts.spent", A2.num("38", "E8"))),
         ("PE705", "附件2!E8")),
    ok("PE705", "36.92", CLEAN),
    ok("PE705", "two-projects-45.92", edit(*two_projects())),
    fail("PE706", "是-with-120", edit(("fund_tables", fund_switch("是"))), ("PE706", "附件4!B2")),
    ok("PE706", "否-with-120", edit(("fund_tables", fund_switch("否")))),
    ok("PE706", "statement-without-rows", edit(("fund_tables", {"gov_fund": fund_table_none()}))),
    fail("PE707", "empty-switch-blank", edit(("fund_tables", EMPTY_FUND)), ("PE707", "附件4!B2")),
    ok("PE707", "empty-declared-none", edit(("fund_tables", {"gov_fund": fund_table_none()}))),
    ok("PE707", "blank-report-not-checked", edit(("fund_tables", EMPTY_FUND), ("basic_data", None),
                                                 ("department.funds.budget", A2.blank("D5")),
                                                 ("department.funds.spent", A2.blank("E5")),
                                                 ("department.funds.splits", []))),
    fail("PE708", "cost-2300-over-2263.34", edit((f"{D_IND0}.level2", "成本指标"),
                                                 (f"{D_IND0}.target", A2.text("2300", "E14")),
                                                 (f"{D_IND0}.actual", A2.text("2096.96", "F14"))),
         ("PE708", "附件2!E14")),
    fail("PE708", "project-40万-over-38", edit((f"{P_IND0}.level2", "成本指标"),
                                               (f"{P_IND0}.target", A3.text("40万", "E14")),
                                               (f"{P_IND0}.actual", A3.text("36.92万", "F14"))),
         ("PE708", "附件3!E14")),
    ok("PE708", "cost-2096.96-within-2263.34", edit((f"{D_IND0}.level2", "成本指标"),
                                                    (f"{D_IND0}.target", A2.text("2096.96", "E14")),
                                                    (f"{D_IND0}.actual", A2.text("2096.96", "F14")))),
    ok("PE708", "38万-within-38-and-yuan", edit((f"{P_IND0}.level2", "成本指标"),
                                               (f"{P_IND0}.target", A3.text("≤380000元", "E14")),
                                               (f"{P_IND0}.actual", A3.text("369200元", "F14")))),
    fail("PE709", "附件3-titled-2023", edit(("projects.0.year", 2023),
                                           ("projects.0.title", A3.text("2023年度项目支出绩效自评表", "A2"))),
         ("PE709", "附件3!A2")),
    fail("PE709", "附件4-titled-2023", edit(("fund_tables", {"gov_fund": fund_table_none()}),
                                           ("fund_tables.gov_fund.title", A4.text("2023年度政府性基金预算支出情况表", "A2"))),
         ("PE709", "附件4!A2")),
    ok("PE709", "all-2024", CLEAN),
)
