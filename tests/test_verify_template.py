"""A generated template filled by a script: consistent numbers pass, one wrong input fires its rule."""

import datetime
from decimal import Decimal

import openpyxl
import pytest
from click.testing import CliRunner

import seed_fill
from perfeval_xl.api import verify_file
from perfeval_xl.cli import main
from perfeval_xl.template import fill_template, generate_template, template_layout

DEPARTMENT, PROJECT = "附件2", seed_fill.PROJECT_SHEET
LAYOUT = template_layout(seed_fill.OPTIONS)


def consistent_values():
    """The seed's data with its mistakes put right: headings match their indicators, dates in order."""
    values = seed_fill.seed_fill_values()
    values[DEPARTMENT] |= {"level1_weight.产出指标": 68, "level1_weight.效益指标": 20, "level1_weight.满意度指标": 2}
    values[PROJECT] |= {"level1_weight.产出指标": 52, "level1_weight.效益指标": 30, "level1_weight.满意度指标": 8,
                        "header.implementer": "岳阳市建设工程质量安全监督站",
                        "footer.filled_by": "周利华", "footer.filled_on": datetime.date(2025, 3, 11),
                        "footer.phone": "13873013810", "footer.head_signature": "廖亚辉"}
    values["封面"]["cover.leader_signed_on"] = datetime.date(2025, 3, 15)
    # completions in their targets' units (the seed's "100%" against "8次/年" cannot be scored)
    values[DEPARTMENT] |= {"indicator.15.actual": "12%", "indicator.21.actual": "2096.96"}
    values[PROJECT] |= {"indicator.0.actual": "10.5万", "indicator.1.actual": "8次/年",
                        "indicator.7.actual": "36.92万"}
    return values


@pytest.fixture(scope="module")
def blank(tmp_path_factory):
    path = tmp_path_factory.mktemp("template") / "blank.xlsx"
    generate_template(path, seed_fill.OPTIONS)
    return path


def filled(blank, tmp_path, **changes):
    values = consistent_values()
    for sheet, items in changes.items():
        values[sheet.replace("_", "-")] |= items
    path = tmp_path / "filled.xlsx"
    fill_template(blank, path, values)
    return path


def cell_of(sheet, key):
    layout = LAYOUT.sheets[sheet]
    return layout.inputs.get(key) or layout.computed[key]


def test_consistent_fill_exits_0(blank, tmp_path):
    path = filled(blank, tmp_path)
    result = CliRunner().invoke(main, ["verify", str(path)])
    assert result.exit_code == 0, result.output
    findings = verify_file(path).findings
    assert {f.rule for f in findings} == {"PE204"}  # 10/68/20/2 is allowed, with a warning
    assert CliRunner().invoke(main, ["verify", "--strict", str(path)]).exit_code == 1


def test_income_part_off_by_a_cent_fires_pe105(blank, tmp_path):
    path = filled(blank, tmp_path, **{DEPARTMENT: {"split.income.其他资金": Decimal("134.51")}})
    result = CliRunner().invoke(main, ["verify", str(path)])
    assert result.exit_code == 1
    errors = [f for f in verify_file(path).findings if f.severity.value == "error"]
    assert [(f.rule, f.sheet, f.cell, f.actual, f.expected) for f in errors] == [
        ("PE105", DEPARTMENT, cell_of(DEPARTMENT, "funds.budget"), "2263.34", "2263.35")]


def test_lower_score_without_reason_fires_pe207_at_its_reason_cell(blank, tmp_path):
    path = filled(blank, tmp_path, **{DEPARTMENT: {"indicator.3.score": 2}})
    errors = [f for f in verify_file(path).findings if f.severity.value == "error"]
    assert [(f.rule, f.cell) for f in errors] == [
        ("PE207", cell_of(DEPARTMENT, "indicator.3.deviation_reason"))]


def test_constant_typed_over_a_formula_is_reported_and_checked(blank, tmp_path):
    path = filled(blank, tmp_path)
    book = openpyxl.load_workbook(path)
    rate_cell = cell_of(PROJECT, "funds.rate")
    book[PROJECT][rate_cell] = 0.93          # 36.92 / 38 is 97.16 %, not 93 %
    book[PROJECT][rate_cell].number_format = "0.00%"
    book.save(path)
    at_cell = {f.rule for f in verify_file(path).findings if f.cell == rate_cell and f.sheet == PROJECT}
    assert at_cell == {"PE502", "PE101"}


def test_blank_template_has_no_errors(blank):
    result = verify_file(blank)
    assert result.status == "checked"
    assert result.summary["errors"] == 0
    assert {f.rule for f in result.findings} <= {"PE403"}


def test_a_number_typed_with_an_equals_sign_counts_as_a_typed_constant(blank, tmp_path):
    path = filled(blank, tmp_path)
    book = openpyxl.load_workbook(path)
    score_cell = cell_of(DEPARTMENT, "funds.score")
    book[DEPARTMENT][score_cell] = "=9.99"      # a formula with no reference: a typed 9.99
    book.save(path)
    at_cell = [(f.rule, f.actual) for f in verify_file(path).findings
               if f.sheet == DEPARTMENT and f.cell == score_cell]
    assert sorted(at_cell) == [("PE102", "9.99"), ("PE502", "=9.99")]


def test_template_saved_as_xls_is_not_reported_as_tampered(blank, tmp_path):
    """An .xls keeps results, not formulas or protection: the template's formulas and protection are
    not compared there (PE502/PE504 would fire on every formula), and nothing else changes."""
    from bad_inputs import convert_with_libreoffice
    from libreoffice import require_soffice

    require_soffice()
    converted = convert_with_libreoffice(filled(blank, tmp_path), "xls", tmp_path, tmp_path / ".profile")
    assert converted is not None
    result = verify_file(converted)
    assert result.status == "checked" and result.workbook.reader == "xlrd"
    rules = {finding.rule for finding in result.findings}
    assert not rules & {"PE502", "PE504", "PE506", "PE507", "PE509"}
    assert "PE510" in rules   # the note that an .xls's formulas were not checked
