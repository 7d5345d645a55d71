"""Template integrity (PE502, PE504–PE508): a filled template tampered with by openpyxl, then verified.

Each change is reported at its sheet and cell, none stops the run, and the
untampered template gives none of these findings.
"""

import shutil
from collections import Counter

import openpyxl
import pytest

import seed_fill
from perfeval_xl.api import verify_file
from perfeval_xl.findings import Severity
from perfeval_xl.report.annotate import annotate
from perfeval_xl.template import fill_template, generate_template, template_layout

INTEGRITY = {"PE502", "PE504", "PE505", "PE506", "PE507", "PE508"}
PROJECT = seed_fill.PROJECT_SHEET
LAYOUT = template_layout(seed_fill.OPTIONS)


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    folder = tmp_path_factory.mktemp("integrity")
    blank, filled = folder / "blank.xlsx", folder / "filled.xlsx"
    generate_template(blank, seed_fill.OPTIONS)
    fill_template(blank, filled, seed_fill.seed_fill_values())
    return blank, filled


def tampered(template, tmp_path, change):
    """A copy of the filled template after ``change(openpyxl workbook)``."""
    path = tmp_path / "tampered.xlsx"
    shutil.copy(template[1], path)
    book = openpyxl.load_workbook(path)
    change(book)
    book.save(path)
    return path


def integrity(findings):
    return [(f.rule, f.sheet, f.cell) for f in findings if f.rule in INTEGRITY]


def others(findings):
    return Counter((f.rule, f.sheet, f.cell) for f in findings if f.rule not in INTEGRITY)


def only(findings, code):
    [finding] = [f for f in findings if f.rule == code]
    return finding


@pytest.fixture(scope="module")
def untouched(template):
    return verify_file(template[1]).findings


def test_untouched_template_blank_and_filled_report_nothing(template, untouched):
    assert integrity(verify_file(template[0]).findings) == []
    assert integrity(untouched) == []


def test_protection_removed_is_pe504_and_checks_still_run(template, untouched, tmp_path):
    def unprotect(book):
        book["附件2"].protection.sheet = False

    findings = verify_file(tampered(template, tmp_path, unprotect)).findings
    assert integrity(findings) == [("PE504", "附件2", None)]
    assert only(findings, "PE504").severity is Severity.WARNING
    assert only(findings, "PE504").message == "工作表“附件2”的保护已被撤销"
    assert others(findings) == others(untouched)


def test_renamed_sheet_is_pe505_and_pe506_naming_each_other(template, untouched, tmp_path):
    def rename(book):
        book["附件5"].title = "附件五"

    findings = verify_file(tampered(template, tmp_path, rename)).findings
    assert Counter(integrity(findings)) == Counter([("PE505", None, None), ("PE506", "附件五", None)])
    assert only(findings, "PE505").message == "模板中的工作表“附件5”不见了（被删除或改名，可能已改名为“附件五”）"
    assert only(findings, "PE506").message == "工作表“附件五”不是模板中原有的工作表（可能由“附件5”改名而来）"
    assert others(findings) == others(untouched)  # the renamed 附件5 is still read by its title


def test_deleted_sheet_is_pe505(template, tmp_path):
    findings = verify_file(tampered(template, tmp_path, lambda book: book.remove(book["附件6"]))).findings
    assert integrity(findings) == [("PE505", None, None)]
    assert only(findings, "PE505").message == "模板中的工作表“附件6”不见了（被删除或改名）"


def test_added_sheet_is_pe506_info(template, untouched, tmp_path):
    findings = verify_file(tampered(template, tmp_path, lambda book: book.create_sheet("说明"))).findings
    assert integrity(findings) == [("PE506", "说明", None)]
    assert only(findings, "PE506").severity is Severity.INFO
    assert others(findings) == others(untouched)


def test_edited_formula_is_pe507_not_pe502(template, tmp_path):
    rate = LAYOUT.sheets[PROJECT].computed["funds.rate"]

    def edit(book):
        book[PROJECT][rate] = "=ROUND(D6/C6,2)"

    findings = verify_file(tampered(template, tmp_path, edit)).findings
    assert integrity(findings) == [("PE507", PROJECT, rate)]
    assert only(findings, "PE507").actual == "=ROUND(D6/C6,2)"
    assert only(findings, "PE507").expected == LAYOUT.sheets[PROJECT].formulas[rate]


def test_formula_respelled_without_changing_it_is_not_reported(template, tmp_path):
    rate = LAYOUT.sheets[PROJECT].computed["funds.rate"]

    def respell(book):
        # What a re-save may do: spaces, lower case, absolute references.
        formula = LAYOUT.sheets[PROJECT].formulas[rate]
        book[PROJECT][rate] = formula.replace("ROUND(D6/C6", "round( $D$6 / $C$6")

    assert integrity(verify_file(tampered(template, tmp_path, respell)).findings) == []


def test_constant_over_a_formula_stays_pe502(template, tmp_path):
    rate = LAYOUT.sheets[PROJECT].computed["funds.rate"]

    def overwrite(book):
        book[PROJECT][rate] = 0.9716

    assert integrity(verify_file(tampered(template, tmp_path, overwrite)).findings) == [("PE502", PROJECT, rate)]


def test_inserted_row_is_pe508_at_the_first_moved_label(template, tmp_path):
    row = int(LAYOUT.sheets["附件2"].computed["total.score"][1:])    # the 总分 row

    findings = verify_file(tampered(template, tmp_path, lambda book: book["附件2"].insert_rows(row))).findings
    assert integrity(findings) == [("PE508", "附件2", f"A{row + 1}")]
    assert only(findings, "PE508").message == (f"模板中的“总分”原在 A{row}，现在 A{row + 1}（下移 1 行）："
                                               "工作表中插入或删除了行（列）")


def test_deleted_indicator_row_is_pe508_and_no_formula_below_is_compared(template, tmp_path):
    first_indicator = int(LAYOUT.sheets[PROJECT].inputs["indicator.0.name"][1:])
    total_row = int(LAYOUT.sheets[PROJECT].computed["total.score"][1:])

    def delete(book):
        book[PROJECT].delete_rows(first_indicator + 5)

    findings = verify_file(tampered(template, tmp_path, delete)).findings
    # Each indicator's 校验 formula below the deleted row moved up: none is reported as edited.
    assert integrity(findings) == [("PE508", PROJECT, f"A{total_row - 1}")]
    assert f"原在 A{total_row}，现在 A{total_row - 1}（上移 1 行）" in only(findings, "PE508").message


def test_annotated_copy_of_a_template_is_not_a_changed_template(template, untouched, tmp_path):
    out = tmp_path / "annotated.xlsx"
    annotate(template[1], untouched, out)
    assert integrity(verify_file(out).findings) == []


def test_several_changes_are_all_reported(template, tmp_path):
    def many(book):
        book["附件1"].protection.sheet = False
        book.create_sheet("草稿")
        book.remove(book["考核评分表"])

    result = verify_file(tampered(template, tmp_path, many))
    assert result.status == "checked"
    assert Counter(integrity(result.findings)) == Counter([("PE504", "附件1", None), ("PE506", "草稿", None),
                                                           ("PE505", None, None)])
