"""Rule cases as data: each builds a small Workbook and names every finding it must give.

``expected`` lists (code, "sheet!cell") of all error and warning findings, and of
the info findings whose code the case is about; ``pytest -k PE201`` runs one rule.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from perfeval_xl.model import EMPTY, ReadProblem
from perfeval_xl.profile import Profile, load_profile
from rule_cases_build import (
    A1, A2, A3, COVER, building, department, edit, footer, fund_table, fund_table_none,
)

D_IND0 = "department.headings.0.indicators.0"   # 附件2 first 三级指标, row 14
P_FUNDS = "projects.0.funds"                      # 附件3 funds row 6
ROWS = "basic_data.rows"


@dataclass(frozen=True)
class RuleCase:
    rule: str
    outcome: str        # "fail": the rule fires; "pass": it must not
    label: str
    build: object       # () -> Workbook
    expected: tuple = ()
    profile: Profile | None = field(default=None, compare=False)

    @property
    def id(self):
        return f"{self.rule}-{self.outcome}-{self.label}"


def fail(rule, label, build, *expected, profile=None):
    return RuleCase(rule, "fail", label, build, tuple(expected), profile)


def ok(rule, label, build, *expected, profile=None):
    return RuleCase(rule, "pass", label, build, tuple(expected), profile)


CLEAN = edit()
NO_DEPARTMENT = edit(("department", None))
BUILDING = "basic_data.buildings"

CASES = (
    # --- 1 资金与执行 -------------------------------------------------------------
    fail("PE101", "92.64-for-2096.96-of-2263.34", edit(("department.funds.rate", A2.rate("92.64", "G5"))),
         ("PE101", "附件2!G5")),
    fail("PE101", "project-97.15", edit((f"{P_FUNDS}.rate", A3.rate("97.15", "G6"))), ("PE101", "附件3!G6")),
    ok("PE101", "seed-92.65-and-97.16", CLEAN),
    ok("PE101", "formula-rate-not-compared", edit(("department.funds.rate", A2.formula("G5")))),
    fail("PE102", "9.30-matches-neither", edit(("department.funds.score", A2.num("9.30", "H5")),
                                               ("department.total_score", A2.num("99.30", "H20"))),
         ("PE102", "附件2!H5")),
    fail("PE102", "integer-10-is-not-9.72", edit((f"{P_FUNDS}.score", A3.num("10", "H6")),
                                                 ("projects.0.total_score", A3.num("100", "H27"))),
         ("PE102", "附件3!H6")),
    ok("PE102", "9.26-unrounded", CLEAN, ("PE103", "附件2!H5")),
    ok("PE102", "9.27-rate-first", edit(("department.funds.score", A2.num("9.27", "H5")),
                                        ("department.total_score", A2.num("99.27", "H20"))),
       ("PE103", "附件2!H5")),
    ok("PE102", "over-budget-capped-at-10", edit(
        (f"{P_FUNDS}.spent", A3.num("40", "E6")), (f"{P_FUNDS}.splits.0.amounts.spent", A3.num("40", "E7")),
        (f"{P_FUNDS}.rate", A3.rate("105.26", "G6")), (f"{P_FUNDS}.score", A3.num("10", "H6")),
        ("projects.0.total_score", A3.num("100", "H27")))),
    ok("PE102", "formula-score-not-compared", edit(("department.funds.score", A2.formula("H5")),
                                                   ("department.total_score", A2.formula("H20")))),
    fail("PE103", "9.26-unrounded", CLEAN, ("PE103", "附件2!H5")),
    fail("PE103", "9.27-rate-first", edit(("department.funds.score", A2.num("9.27", "H5")),
                                          ("department.total_score", A2.num("99.27", "H20"))),
         ("PE103", "附件2!H5")),
    ok("PE103", "9.72-both-conventions", NO_DEPARTMENT),
    fail("PE104", "budget-blank-rate-97.16", edit((f"{P_FUNDS}.budget", A3.blank("D6")),
                                                  (f"{P_FUNDS}.splits.0.amounts.budget", A3.blank("D7"))),
         ("PE104", "附件3!D6")),
    fail("PE104", "fund-row-budget-0", edit(("fund_tables", {"gov_fund": fund_table(budget="0")})),
         ("PE104", "附件4!C5")),
    ok("PE104", "budget-38", CLEAN),
    fail("PE105", "budget-2263.43", edit(("department.funds.budget", A2.num("2263.43", "D5"))),
         ("PE105", "附件2!D5")),
    fail("PE105", "zero-total-over-parts", edit(("department.funds.budget", A2.num("0", "D5"))),
         ("PE104", "附件2!D5"), ("PE105", "附件2!D5")),
    ok("PE105", "2128.84+134.50=2263.34", CLEAN, ("PE103", "附件2!H5")),
    ok("PE105", "no-part-given", edit(("department.funds.splits.0.amounts.budget", A2.blank("C7")),
                                      ("department.funds.splits.3.amounts.budget", A2.blank("C10")))),
    fail("PE106", "project-spending-38", edit(("department.funds.splits.5.amounts.spent", A2.num("38", "E8"))),
         ("PE106", "附件2!E5")),
    ok("PE106", "2060.04+36.92=2096.96", CLEAN),
    fail("PE107", "spent-35.92", edit((f"{P_FUNDS}.splits.0.amounts.spent", A3.num("35.92", "E7"))),
         ("PE107", "附件3!E6")),
    ok("PE107", "40/38/36.92", CLEAN),
    fail("PE108", "85.00-for-96-of-120", edit(("fund_tables", {"gov_fund": fund_table(rate="85.00")})),
         ("PE108", "附件4!F5")),
    ok("PE108", "80.00", edit(("fund_tables", {"gov_fund": fund_table()}))),
    # --- 2 指标与得分 -------------------------------------------------------------
    fail("PE201", "99.27-over-99.26", edit(("department.total_score", A2.num("99.27", "H20"))),
         ("PE201", "附件2!H20")),
    ok("PE201", "99.26", CLEAN),
    ok("PE201", "formula-total-not-compared", edit(("department.total_score", A2.formula("H20")))),
    fail("PE202", "declared-98", edit(("department.total_weight", A2.num("98", "G20"))), ("PE202", "附件2!G20")),
    fail("PE202", "weights-add-to-98", edit((f"{D_IND0}.weight", A2.num("18", "G14")),
                                            (f"{D_IND0}.score", A2.num("18", "H14")),
                                            (f"{D_IND0}.deviation_reason", A2.text("调整", "I14")),
                                            ("department.total_score", A2.num("97.26", "H20"))),
         ("PE202", "附件2!G20"), ("PE203", "附件2!B14"), ("PE204", "附件2!B14")),
    fail("PE202", "profile-total-90", CLEAN, ("PE202", "附件2!G20"), ("PE202", "附件3!G27"),
         profile=Profile(total=Decimal(90))),
    ok("PE202", "100", CLEAN),
    fail("PE203", "产出-40-over-50", edit(("department.headings.0.declared_weight", A2.num("40", "B14"))),
         ("PE203", "附件2!B14")),
    ok("PE203", "50/30/10", CLEAN),
    ok("PE203", "heading-without-weight", edit(("department.headings.0.declared_weight", A2.blank("B14")))),
    fail("PE204", "10/68/20/2", edit(("department", department(seed=True)),
                                     *((f"department.headings.{index}.declared_weight", A2.num(text, f"B{row}"))
                                       for index, text, row in ((0, "68", 14), (1, "20", 36), (2, "2", 44))),
                                     ("department.total_score", A2.num("99.26", "H45"))),
         ("PE204", "附件2!B14")),
    fail("PE204", "profile-20/40/40", CLEAN, ("PE204", "附件2!F5"), ("PE204", "附件3!F6"),
         profile=Profile(weights={"预算执行": 20, "产出指标": 40, "效益指标": 40})),
    ok("PE204", "10/50/30/10", CLEAN),
    ok("PE204", "hubei-20/40/30+10-as-one-group", edit(
        ("department.funds.weight", A2.num("20", "F5")), ("department.funds.score", A2.num("18.53", "H5")),
        (f"{D_IND0}.weight", A2.num("10", "G14")), (f"{D_IND0}.score", A2.num("10", "H14")),
        ("department.headings.0.declared_weight", A2.num("40", "B14")),
        ("department.total_score", A2.num("98.53", "H20")),
        (f"{P_FUNDS}.weight", A3.num("20", "F6")), (f"{P_FUNDS}.score", A3.num("19.43", "H6")),
        *((f"projects.0.headings.0.indicators.{index}.{column}", A3.num("3", f"{letter}{row}"))
          for index, row in ((6, 20), (7, 21)) for column, letter in (("weight", "G"), ("score", "H"))),
        ("projects.0.headings.0.declared_weight", A3.num("40", "B14")),
        ("projects.0.total_score", A3.num("99.43", "H27"))),
       profile=load_profile("hubei")),
    fail("PE205", "21-of-20", edit((f"{D_IND0}.score", A2.num("21", "H14")),
                                   ("department.total_score", A2.num("100.26", "H20"))),
         ("PE205", "附件2!H14")),
    fail("PE205", "funds-11-of-10", edit(("department.funds.score", A2.num("11", "H5")),
                                         ("department.total_score", A2.num("101", "H20"))),
         ("PE102", "附件2!H5"), ("PE205", "附件2!H5")),
    ok("PE205", "full-marks", CLEAN),
    fail("PE206", "score-minus-20", edit((f"{D_IND0}.score", A2.num("-20", "H14")),
                                         (f"{D_IND0}.deviation_reason", A2.text("未完成", "I14")),
                                         ("department.total_score", A2.num("59.26", "H20"))),
         ("PE206", "附件2!H14")),
    ok("PE206", "score-0-with-reason", edit((f"{D_IND0}.score", A2.num("0", "H14")),
                                            (f"{D_IND0}.deviation_reason", A2.text("未完成", "I14")),
                                            ("department.total_score", A2.num("79.26", "H20")))),
    fail("PE207", "18-of-20-no-reason", edit((f"{D_IND0}.score", A2.num("18", "H14")),
                                             ("department.total_score", A2.num("97.26", "H20"))),
         ("PE207", "附件2!I14")),
    fail("PE207", "no-reason-column", edit((f"{D_IND0}.score", A2.num("18", "H14")),
                                           (f"{D_IND0}.deviation_reason", EMPTY),
                                           ("department.total_score", A2.num("97.26", "H20"))),
         ("PE207", "附件2!H14")),
    ok("PE207", "18-of-20-with-reason", edit((f"{D_IND0}.score", A2.num("18", "H14")),
                                             (f"{D_IND0}.deviation_reason", A2.text("部分未完成", "I14")),
                                             ("department.total_score", A2.num("97.26", "H20")))),
    fail("PE208", "score-blank", edit((f"{D_IND0}.score", A2.blank("H14")),
                                      ("department.total_score", A2.num("79.26", "H20"))),
         ("PE208", "附件2!H14")),
    ok("PE208", "all-scored", CLEAN),
    fail("PE209", "92.65-below-95-no-reason", CLEAN, ("PE209", "附件2!G5"),
         profile=Profile(reason_below_execution_rate=95)),
    fail("PE209", "formula-rate-recomputed", edit(("department.funds.rate", A2.formula("G5"))),
         ("PE209", "附件2!G5"), profile=Profile(reason_below_execution_rate=95)),
    fail("PE209", "reason-not-about-funds", edit((f"{D_IND0}.deviation_reason", A2.text("宣传次数未达标", "I14"))),
         ("PE209", "附件2!G5"), profile=Profile(reason_below_execution_rate=95)),
    ok("PE209", "reason-mentions-funds", edit((f"{D_IND0}.deviation_reason", A2.text("部分资金结转至下年", "I14"))),
       profile=Profile(reason_below_execution_rate=95)),
    ok("PE209", "default-profile-no-threshold", CLEAN),
    ok("PE209", "hubei-92.65-and-97.16-not-below-90", CLEAN, ("PE204", "附件2!F5"), ("PE204", "附件3!F6"),
       profile=load_profile("hubei")),
    # --- 3 基础数据 ---------------------------------------------------------------
    fail("PE301", "95.46-for-105-of-110", edit(("basic_data.staff_control_rate", A1.rate("95.46", "D4"))),
         ("PE301", "附件1!D4")),
    ok("PE301", "95.45", CLEAN),
    ok("PE301", "establishment-0", edit(("basic_data.establishment", A1.num("0", "B4")))),
    fail("PE302", "4.53-for-4.35", edit((f"{ROWS}.car_running.actual", A1.num("3.20", "D9")),
                                        (f"{ROWS}.official_cars.actual", A1.num("3.20", "D7")),
                                        (f"{ROWS}.reception.actual", A1.num("1.15", "D11")),
                                        (f"{ROWS}.three_public.actual", A1.num("4.53", "D6"))),
         ("PE302", "附件1!D6")),
    ok("PE302", "3.20+0+1.15=4.35", edit((f"{ROWS}.car_running.actual", A1.num("3.20", "D9")),
                                         (f"{ROWS}.official_cars.actual", A1.num("3.20", "D7")),
                                         (f"{ROWS}.reception.actual", A1.num("1.15", "D11")),
                                         (f"{ROWS}.three_public.actual", A1.num("4.35", "D6")))),
    fail("PE303", "3.00-for-0+2.50", edit((f"{ROWS}.car_running.budget", A1.num("2.50", "C9")),
                                          (f"{ROWS}.official_cars.budget", A1.num("3.00", "C7")),
                                          (f"{ROWS}.three_public.budget", A1.num("3.00", "C6"))),
         ("PE303", "附件1!C7")),
    ok("PE303", "seed-zeros", CLEAN),
    fail("PE304", "49.93-over-45.52", edit((f"{ROWS}.public_funds.actual", A1.num("45.52", "D17"))),
         ("PE304", "附件1!D17")),
    fail("PE304", "single-part-over-parent", edit((f"{ROWS}.public_funds.actual", A1.num("20.00", "D17")),
                                                  (f"{ROWS}.office.actual", A1.formula("D18"))),
         ("PE304", "附件1!D19")),
    ok("PE304", "27.75+21.89+0.29-within-155.52", CLEAN),
    fail("PE305", "95.38-for-1150-of-1200", edit((BUILDING, [building(size_rate="95.38")])),
         ("PE305", "附件1!C26")),
    ok("PE305", "95.83", edit((BUILDING, [building()]))),
    fail("PE306", "90.50-for-760-of-800", edit((BUILDING, [building(investment_rate="90.50")])),
         ("PE306", "附件1!F26")),
    ok("PE306", "95.00", edit((BUILDING, [building()]))),
    fail("PE307", "approved-size-blank", edit((BUILDING, [building(approved=None, size_rate="100")])),
         ("PE307", "附件1!C26")),
    ok("PE307", "no-rate-without-base", edit((BUILDING, [building(approved=None, size_rate=None)]))),
    # --- 4 日期与必填项 -------------------------------------------------------------
    fail("PE401", "leader-signed-2023-07-03", edit(("cover.leader_signed_on", COVER.day("2023-07-03", "B31"))),
         ("PE401", "封面!B31")),
    fail("PE401", "filled-on-2024-12-31", edit(("department.footer.filled_on", A2.day("2024-12-31", "D22"))),
         ("PE401", "附件2!D22")),
    ok("PE401", "filled-on-2025-01-01", edit(("department.footer.filled_on", A2.day("2025-01-01", "D22")))),
    fail("PE402", "filled-on-2025-03-25", edit(("department.footer.filled_on", A2.day("2025-03-25", "D22"))),
         ("PE402", "附件2!D22")),
    ok("PE402", "filled-on-report-date", edit(("department.footer.filled_on", A2.day("2025-03-18", "D22")))),
    fail("PE403", "seed-project-5-blanks", edit(("projects.0.implementer", A3.blank("D4")),
                                                ("projects.0.footer", footer(A3, 29, filled=False))),
         *(("PE403", f"附件3!{cell}") for cell in ("D4", "B29", "D29", "F29", "H29"))),
    fail("PE403", "footer-phone-without-cell", edit(("department.footer.phone", EMPTY)), ("PE403", "附件2!A2")),
    fail("PE403", "cover-unit-blank", edit(("cover.unit", COVER.blank("B3"))), ("PE403", "封面!B3")),
    ok("PE403", "all-filled", CLEAN),
    ok("PE403", "fund-table-none-without-footer", edit(("fund_tables", {"gov_fund": fund_table_none()}))),
    fail("PE404", "filled-on-2025年3月", edit(("department.footer.filled_on", A2.text("2025年3月", "D22"))),
         ("PE404", "附件2!D22")),
    ok("PE404", "dates-readable", CLEAN),
    # --- 5 读取与模板 -------------------------------------------------------------
    fail("PE501", "abc-for-spent", edit(("problems", [ReadProblem("unreadable-number", "附件2", "E5", "abc",
                                                                  "全年执行数（万元）")])),
         ("PE501", "附件2!E5")),
    ok("PE501", "formula-replaced-is-not-unreadable", edit(
        ("problems", [ReadProblem("formula-replaced", "附件2", "G5", "92.65", "=ROUND(E5/D5*100,2)")])),
       ("PE502", "附件2!G5")),
    fail("PE502", "rate-typed-over-formula", edit(
        ("problems", [ReadProblem("formula-replaced", "附件2", "G5", "92.65", "=ROUND(E5/D5*100,2)")])),
         ("PE502", "附件2!G5")),
    ok("PE502", "no-problems", CLEAN),
    fail("PE503", "basic-data-missing", edit(("basic_data", None),
                                             ("problems", [ReadProblem("table-missing", None, None, "basic_data")])),
         ("PE503", None)),
    ok("PE503", "all-tables", CLEAN),
    fail("PE510", "xls-formulas-not-checked", edit(("problems", [ReadProblem(
        "format-note", None, None, "本文件是旧版 .xls 格式，只能读到数值，其中的公式无法核查")])), ("PE510", None)),
    ok("PE510", "xlsx-has-no-note", CLEAN),
    fail("PE900", "split-item-is-none", edit(("department.funds.splits", [None])), ("PE900", None), ("PE900", None)),
    ok("PE900", "nothing-crashes", CLEAN),
)

# Families kept in their own modules (issue 3); imported last because they use fail/ok above.
from rule_cases_achievement import CASES as ACHIEVEMENT_CASES  # noqa: E402

CASES += ACHIEVEMENT_CASES

from rule_cases_review import CASES as REVIEW_CASES  # noqa: E402

CASES += REVIEW_CASES

from rule_cases_cross import CASES as CROSS_CASES, with_cross_table_findings  # noqa: E402

CASES = with_cross_table_findings(CASES) + CROSS_CASES

from rule_cases_cached import CASES as CACHED_CASES  # noqa: E402

CASES += CACHED_CASES
