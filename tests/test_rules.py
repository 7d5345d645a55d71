"""The rule catalogue: registry, framework, every rule case, and the seed's own mistakes."""

import re
from collections import Counter
from decimal import Decimal

import pytest
from hypothesis import given, strategies as st

from perfeval_xl import rules
from perfeval_xl.decimal_math import round_half_up
from perfeval_xl.findings import Severity
from perfeval_xl.model import Value
from perfeval_xl.profile import DEFAULT_PROFILE, Profile
from perfeval_xl.rules import RULES, catalogue, check, get_rule, rule_page
from perfeval_xl.rules.base import CODE_PATTERN, NAME_PATTERN, SECTIONS, Rule
from rule_cases import CASES
from rule_cases_build import A2, A3, clean_workbook, department, edit, project, seed_workbook

# --- the registry ---------------------------------------------------------------------


def test_codes_are_unique_and_well_formed():
    codes = [entry.code for entry in RULES]
    assert len(codes) == len(set(codes))
    assert all(CODE_PATTERN.match(code) for code in codes)
    assert codes == sorted(codes)


def test_names_are_unique_kebab_case():
    names = [entry.name for entry in RULES]
    assert len(names) == len(set(names))
    assert all(NAME_PATTERN.match(name) for name in names), names


@pytest.mark.parametrize("entry", RULES, ids=lambda entry: entry.code)
def test_rule_is_documented(entry):
    sections = entry.sections()
    assert list(sections) == list(SECTIONS)
    assert all(sections.values())
    assert entry.message and entry.hint and isinstance(entry.severity, Severity)
    assert re.search(r"[\u4e00-\u9fff]", entry.message) and re.search(r"[\u4e00-\u9fff]", entry.hint)


def test_every_rule_object_is_registered_once():
    """Every Rule declared in any module of perfeval_xl.rules is in RULES, and only once."""
    import importlib
    import pkgutil

    modules = [importlib.import_module(f"perfeval_xl.rules.{info.name}")
               for info in pkgutil.iter_modules(rules.__path__)]
    declared = {value for module in modules for value in vars(module).values() if isinstance(value, Rule)}
    assert declared == set(RULES)
    assert len(RULES) == len(set(RULES))


def test_every_rule_has_a_failing_and_a_passing_case():
    covered = {(case.rule, case.outcome) for case in CASES}
    missing = [(entry.code, outcome) for entry in RULES for outcome in ("fail", "pass")
               if (entry.code, outcome) not in covered]
    assert not missing
    assert len({case.id for case in CASES}) == len(CASES)


def test_catalogue_and_rule_page():
    assert catalogue() == list(RULES)
    page = rule_page(get_rule("pe201"))
    assert page.startswith("PE201 total-differs-from-sum（错误）")
    assert all(heading in page for heading in SECTIONS)
    assert "总分 {actual} 与各项得分合计 {expected} 不符" in page


# --- the rule cases -------------------------------------------------------------------


def located(finding):
    return (finding.rule, f"{finding.sheet}!{finding.cell}" if finding.cell else None)


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.id)
def test_rule_case(case):
    findings = check(case.build(), case.profile)
    about = {case.rule} | {code for code, _ in case.expected}
    compared = [f for f in findings if f.severity is not Severity.INFO or f.rule in about]
    assert Counter(map(located, compared)) == Counter(case.expected)
    if case.outcome == "pass":
        assert case.rule not in {code for code, _ in case.expected}
    for finding in findings:
        if finding.rule != "PE900":  # PE900 quotes the Python error, which may say None
            assert "{" not in finding.message and "None" not in finding.message, finding.message
        assert "{" not in finding.hint


def test_clean_workbook_gives_only_the_convention_note():
    findings = check(clean_workbook())
    assert [(f.rule, f.sheet, f.cell) for f in findings] == [("PE103", "附件2", "H5")]


# --- the seed's 附件2 and 附件3 (RULES.md §4) -------------------------------------------


def department_workbook(table):
    return edit(("department", table), ("projects", []), ("cover", None), ("basic_data", None))()


def test_seed_total_differs_from_the_sum_of_scores():
    findings = check(department_workbook(department(seed=True)))
    [total] = [f for f in findings if f.rule == "PE201"]
    assert (total.sheet, total.cell) == ("附件2", "H45")
    assert "99.27" in total.message and "99.26" in total.message and "0.01" in total.message
    assert total.message == "总分 99.27 与各项得分合计 99.26 不符，差 0.01"
    assert (total.actual, total.expected) == ("99.27", "99.26")


def test_seed_score_9_26_is_the_unrounded_convention():
    [note] = [f for f in check(department_workbook(department(seed=True))) if f.rule == "PE103"]
    assert note.severity is Severity.INFO and "未取整的执行率" in note.message
    assert note.message == "预算执行得分 9.26 按未取整的执行率计算（10 × 92.6489% ≈ 9.26489 → 9.26）"


def test_score_9_27_is_the_rate_first_convention():
    table = department(seed=True)
    table.funds.score = A2.num("9.27", "H5")
    findings = check(department_workbook(table))
    [note] = [f for f in findings if f.rule == "PE103"]
    assert "先取两位小数的执行率" in note.message and "9.265" in note.message
    assert not [f for f in findings if f.rule in ("PE102", "PE201")]


def test_seed_headings_50_30_10_over_68_20_2():
    findings = check(department_workbook(department(seed=True)))
    headings = [f for f in findings if f.rule == "PE203"]
    assert [f.message for f in headings] == [
        "产出指标 标注 50 分，其三级指标分值合计 68 分",
        "效益指标 标注 30 分，其三级指标分值合计 20 分",
        "满意度指标 标注 10 分，其三级指标分值合计 2 分",
    ]
    [split] = [f for f in findings if f.rule == "PE204"]
    assert "10/68/20/2 与规程 10/50/30/10 不同" in split.message
    assert (split.cell, split.severity) == ("B14", Severity.WARNING)
    assert not [f for f in findings if f.rule == "PE202"]


def test_seed_project_9_72_with_rate_97_16_is_right():
    findings = check(edit(("projects", [project(seed=True)]))())
    assert not [f for f in findings if f.sheet == "附件3" and f.rule in ("PE101", "PE102", "PE103")]


def test_seed_workbook_expected_findings():
    findings = check(seed_workbook())
    assert Counter(f.rule for f in findings) == {
        "PE103": 1, "PE201": 1, "PE203": 5, "PE204": 2, "PE401": 1, "PE403": 5}
    [signed] = [f for f in findings if f.rule == "PE401"]
    assert signed.message == "评价组组长签字日期 2023-07-03 早于被评价年度（2024年）结束"
    assert (signed.sheet, signed.cell) == ("封面", "B31")


# --- the framework --------------------------------------------------------------------


def test_a_crashing_rule_becomes_pe900_and_the_run_goes_on():
    workbook = clean_workbook()
    workbook.department.funds.splits = [None]
    workbook.department.total_score = A2.num("99.27", "H20")
    findings = check(workbook)
    crashed = [f for f in findings if f.rule == "PE900"]
    assert [f.severity for f in crashed] == [Severity.ERROR, Severity.ERROR]
    assert "PE105" in crashed[0].message and "income-split-differs-from-budget" in crashed[0].message
    assert "PE106" in crashed[1].message
    assert any(f.rule == "PE201" for f in findings)


def test_profile_overrides_a_severity():
    profile = Profile(severity_overrides={"PE201": "warning", "PE900": "info"})
    workbook = edit(("department.total_score", A2.num("99.27", "H20")))()
    [total] = [f for f in check(workbook, profile) if f.rule == "PE201"]
    assert total.severity is Severity.WARNING
    assert get_rule("PE201").severity is Severity.ERROR


def test_default_profile():
    assert DEFAULT_PROFILE.name == "yueyang"
    assert dict(DEFAULT_PROFILE.weights) == {"预算执行": 10, "产出指标": 50, "效益指标": 30, "满意度指标": 10}
    assert DEFAULT_PROFILE.total == Decimal(100) and DEFAULT_PROFILE.tolerance == 0


def test_findings_carry_plain_decimals_and_related_cells():
    workbook = edit(("department.funds.rate", A2.rate("92.64", "G5")))()
    [rate] = [f for f in check(workbook) if f.rule == "PE101"]
    assert (rate.actual, rate.expected) == ("92.64", "92.65")
    assert rate.message == "执行率 92.64% 与 全年执行数 2096.96 ÷ 全年预算数 2263.34 = 92.65% 不符"
    assert rate.related == (("附件2", "E5"), ("附件2", "D5"))


def test_check_accepts_a_selection_of_rules():
    workbook = edit(("department.total_score", A2.num("99.27", "H20")))()
    assert [f.rule for f in check(workbook, rules=(get_rule("PE201"),))] == ["PE201"]


# --- properties: a number computed the documented way is never flagged ------------------

amounts = st.decimals(min_value=Decimal("0.01"), max_value=Decimal("99999.99"), places=2)


def funds_workbook(budget, spent, rate, score):
    workbook = clean_workbook()
    funds = workbook.projects[0].funds
    funds.budget, funds.spent = A3.num(str(budget), "D6"), A3.num(str(spent), "E6")
    funds.rate, funds.score = A3.rate(str(rate), "G6"), A3.num(str(score), "H6")
    funds.splits = []
    workbook.projects[0].total_score = Value()
    return workbook


@given(budget=amounts, spent=amounts, convention=st.sampled_from(["unrounded", "rate_first"]))
def test_computed_rate_and_score_pass(budget, spent, convention):
    rate = round_half_up(spent * 100 / budget, 2)
    share = min(Decimal(1), spent / budget if convention == "unrounded" else rate / 100)
    score = round_half_up(10 * share, 2)
    findings = check(funds_workbook(budget, spent, rate, score), rules=(get_rule("PE101"), get_rule("PE102")))
    assert findings == []


@given(budget=amounts, spent=amounts)
def test_a_rate_one_hundredth_off_fails(budget, spent):
    rate = round_half_up(spent * 100 / budget, 2) + Decimal("0.01")
    findings = check(funds_workbook(budget, spent, rate, Decimal("0.00")), rules=(get_rule("PE101"),))
    assert [f.rule for f in findings] == ["PE101"]
