"""The annotated copy: everything of the source kept, 核查结果 first, problem cells marked."""

import json
import os
import shutil
import subprocess
import uuid
import zipfile

import openpyxl
import pytest

from perfeval_xl.atomic import OutputError
from perfeval_xl.findings import Severity
from perfeval_xl.report.annotate import AnnotationError, annotate, remove_annotation
from perfeval_xl.report.annotate_cells import AUTHOR, FILL_COLOURS, SEPARATOR
from perfeval_xl.report.annotate_record import RECORD_SHEET
from perfeval_xl.report.annotate_summary import HEADERS
from test_annotate_support import (build_rich_workbook, cell_contents, cell_marks, finding,
                                   plain_marks, rich_findings, sha256, total_finding)

INPUT_SHEETS = ["附件2", "附件3", "隐藏", "参数"]


@pytest.fixture(scope="module")
def annotated(tmp_path_factory):
    """(source path, its hash before, output path, result) for the rich workbook."""
    folder = tmp_path_factory.mktemp("annotated")
    source, output = folder / "自评表.xlsx", folder / "自评表-核查.xlsx"
    build_rich_workbook(source)
    before = sha256(source)
    result = annotate(source, rich_findings(), output, unit="岳阳市建设工程质量安全监督站", year=2024)
    return source, before, output, result


def load_both(annotated, **options):
    source, _, output, _ = annotated
    return openpyxl.load_workbook(source, **options), openpyxl.load_workbook(output, **options)


def summary_rows(sheet):
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def header_row(sheet):
    return next(row[0].row for row in sheet.iter_rows() if row[0].value == "序号")


def test_input_is_not_written(annotated):
    source, before, output, _ = annotated
    assert sha256(source) == before
    assert output.exists() and output != source


def test_every_cell_value_and_formula_is_kept(annotated):
    original, copy = load_both(annotated)
    for title in INPUT_SHEETS:
        assert cell_contents(copy[title]) == cell_contents(original[title]), title
    assert copy["附件2"]["I45"].value == "=SUM(H40:H44)"
    assert copy["附件2"]["B3"].data_type == "s" and copy["附件2"]["B3"].value == "=不是公式"


def test_rich_text_is_kept(annotated):
    original, copy = load_both(annotated, rich_text=True)
    assert copy["附件2"]["B4"].value == original["附件2"]["B4"].value
    assert str(copy["附件2"]["B4"].value) == "普通加粗"


def test_structure_merges_validations_formats_names_are_kept(annotated):
    original, copy = load_both(annotated)
    before, after = original["附件2"], copy["附件2"]
    assert sorted(map(str, after.merged_cells.ranges)) == ["A1:J1", "A3:A5"]
    assert [str(v.sqref) for v in after.data_validations.dataValidation] == ["C5:C10", "D5:D10 E5"]
    assert [v.formula1 for v in after.data_validations.dataValidation] == ['"优,良,中,差"', "0"]
    assert ({str(r.sqref): [rule.type for rule in r.rules] for r in after.conditional_formatting}
            == {"H40:H45": ["cellIs"], "I40:I45": ["colorScale"]})
    assert copy.defined_names["总分"].attr_text == "'附件2'!$H$45"
    assert copy["附件3"].defined_names["本表名称"].attr_text == "'附件3'!$B$2"
    assert after.column_dimensions["G"].width == before.column_dimensions["G"].width == 40
    assert after.row_dimensions[2].height == 30
    assert after.freeze_panes == "B3"
    assert after["J3"].hyperlink.target == "https://example.com/zh"
    assert [copy[t].sheet_state for t in INPUT_SHEETS] == ["visible", "visible", "hidden", "veryHidden"]


def test_sheet_scoped_name_still_points_at_its_sheet(annotated):
    # 核查结果 is inserted at index 0, so localSheetId must move with 附件3.
    _, _, output, _ = annotated
    with zipfile.ZipFile(output) as archive:
        workbook_xml = archive.read("xl/workbook.xml").decode("utf-8")
    copy = openpyxl.load_workbook(output)
    local_id = copy.sheetnames.index("附件3")
    assert f'localSheetId="{local_id}">\'附件3\'!$B$2' in workbook_xml


def test_protection_and_print_settings_are_kept(annotated):
    original, copy = load_both(annotated)
    protected = copy["附件3"].protection
    assert protected.sheet is True
    assert protected.password == original["附件3"].protection.password is not None
    assert copy.security.lockStructure is True
    assert copy.security.workbookPassword == original.security.workbookPassword
    before, after = original["附件2"], copy["附件2"]
    assert after.page_setup.paperSize == before.page_setup.paperSize == 9
    assert after.page_setup.orientation == "landscape"
    assert after.page_setup.fitToWidth == 1 and after.sheet_properties.pageSetUpPr.fitToPage
    assert after.print_area == before.print_area
    assert after.print_title_rows == before.print_title_rows == "$1:$2"
    assert after.page_margins.left == 0.5
    assert after.oddHeader.center.text == "部门整体支出绩效自评表"


def test_summary_sheet_is_first_and_active(annotated):
    _, copy = load_both(annotated)
    assert copy.sheetnames == ["核查结果"] + INPUT_SHEETS + [RECORD_SHEET]
    assert copy.active.title == "核查结果"
    assert [s.title for s in copy.worksheets if s.sheet_view.tabSelected] == ["核查结果"]
    assert copy[RECORD_SHEET].sheet_state == "veryHidden"


def test_summary_facts_and_counts(annotated):
    _, copy = load_both(annotated)
    rows = {row[0]: row[1] for row in summary_rows(copy["核查结果"])[1:7]}
    assert rows == {"文件": "自评表.xlsx", "单位": "岳阳市建设工程质量安全监督站", "年度": "2024",
                    "错误": 2, "警告": 3, "提示": 2}


def test_summary_table_rows_sorted_by_sheet_then_severity(annotated):
    _, copy = load_both(annotated)
    sheet = copy["核查结果"]
    top = header_row(sheet)
    rows = summary_rows(sheet)[top - 1:]
    assert tuple(rows[0]) == HEADERS
    assert [(row[0], row[1], row[2], row[4], row[5]) for row in rows[1:]] == [
        (1, "错误", "PE201", "附件2", "H45"),
        (2, "警告", "PE301", "附件2", "C1"),
        (3, "提示", "PE105", "附件2", "H44"),
        (4, "提示", "PE203", "附件2", "H45"),
        (5, "警告", "PE401", "附件3", "B2"),
        (6, "错误", "PE501", None, None),
        (7, "警告", "PE502", "附件9", "A1"),
    ]
    total = rows[1]
    assert total[6:] == ["总分 99.27 与各项得分合计 99.26 不符，差 0.01", "核对各项得分后修改总分",
                         "99.27", "99.26"]
    assert total[3] == "total-differs-from-sum"


def test_summary_links_filter_freeze_and_page(annotated):
    _, copy = load_both(annotated)
    sheet = copy["核查结果"]
    top = header_row(sheet)
    links = {sheet.cell(row=row, column=6).value: sheet.cell(row=row, column=6).hyperlink
             for row in range(top + 1, top + 8)}
    assert links["C1"].location == "'附件2'!A1"          # C1 is inside the merged A1:J1
    assert links["H45"].location == "'附件2'!H45"
    assert links["B2"].location == "'附件3'!B2"
    assert links[None] is None and links["A1"] is None     # no sheet / 附件9 does not exist
    assert sheet.auto_filter.ref == f"A{top}:J{top + 7}"
    assert sheet.freeze_panes == f"A{top + 1}"
    assert sheet.page_setup.paperSize == 9 and sheet.page_setup.orientation == "landscape"
    assert sheet.page_setup.fitToWidth == 1 and sheet.page_setup.fitToHeight == 0
    assert sheet.sheet_properties.pageSetUpPr.fitToPage is True
    assert sheet.column_dimensions["G"].width == 48
    assert sheet.cell(row=top + 1, column=7).alignment.wrap_text is True
    # heights are set for the wrapped text, since spreadsheet apps do not re-fit them on open
    assert all(sheet.row_dimensions[r].height and sheet.row_dimensions[r].height >= 15
               for r in range(top + 1, top + 8))


def test_cells_get_fill_by_worst_severity_and_comment(annotated):
    _, copy = load_both(annotated)
    sheet = copy["附件2"]
    assert sheet["H45"].fill.fgColor.rgb == FILL_COLOURS[Severity.ERROR] == "FFFFC7CE"
    assert sheet["A1"].fill.fgColor.rgb == FILL_COLOURS[Severity.WARNING] == "FFFFEB9C"
    assert sheet["H44"].fill.fgColor.rgb == FILL_COLOURS[Severity.INFO] == "FFDDEBF7"
    assert sheet["C1"].comment is None                     # merged: the top-left carries it
    assert sheet["A1"].comment.author == AUTHOR
    assert sheet["A1"].comment.text == "[PE301 警告] 标题中的年度与报告年度不符\n建议：改为 2024 年度"
    assert sheet["H44"].comment.text == "[PE105 提示] 满意度指标得分为 20"


def test_existing_comment_kept_and_ours_appended(annotated):
    _, copy = load_both(annotated)
    sheet = copy["附件2"]
    assert sheet["H45"].comment.author == "张三"
    assert sheet["H45"].comment.text == (
        "请核对合计\n" + SEPARATOR + "\n"
        "[PE201 错误] 总分 99.27 与各项得分合计 99.26 不符，差 0.01\n建议：核对各项得分后修改总分\n"
        "[PE203 提示] 得分按四舍五入后的执行率计算\n建议：可忽略")
    assert sheet["B2"].comment.text == "原有批注：请填写" and sheet["B2"].comment.author == "李四"


def test_only_annotated_cells_change(annotated):
    original, copy = load_both(annotated)
    for title in INPUT_SHEETS:
        before, after = cell_marks(original[title]), cell_marks(copy[title])
        changed = {key for key in after if after[key] != before.get(key, after[key])}
        new = set(after) - set(before)
        expected = {"附件2": {"A1", "H44", "H45"}, "附件3": {"B2"}}.get(title, set())
        assert changed | new <= expected and changed == expected & set(before), title


def test_result_reports_what_was_written(annotated):
    _, _, output, result = annotated
    assert result.output == output and result.summary_sheet == "核查结果"
    assert set(result.annotated_cells) == {("附件2", "A1"), ("附件2", "H44"), ("附件2", "H45"),
                                          ("附件3", "B2")}
    assert result.summary_only == 2 and result.dropped == () and not result.replaced_previous


def test_user_text_stays_text(annotated):
    _, copy = load_both(annotated)
    sheet = copy["核查结果"]
    row = header_row(sheet) + 5
    message, hint = sheet.cell(row=row, column=7), sheet.cell(row=row, column=8)
    assert message.value == '=HYPERLINK("http://x","y")' and message.data_type == "s"
    assert hint.value == "@提示" and hint.data_type == "s"
    assert [sheet.cell(row=row, column=c).value for c in (9, 10)] == ["+1", "-1"]
    assert message.quotePrefix
    _, _, output, _ = annotated
    with zipfile.ZipFile(output) as archive:
        assert b"<f>" not in archive.read("xl/worksheets/sheet1.xml")


def test_injection_in_comment_is_plain_text(annotated):
    _, copy = load_both(annotated)
    assert copy["附件3"]["B2"].comment.text.startswith('[PE401 警告] =HYPERLINK("http://x","y")')


def test_reannotation_replaces_instead_of_stacking(tmp_path):
    source = tmp_path / "自评表.xlsx"
    build_rich_workbook(source)
    second = [total_finding(), finding("PE105", Severity.WARNING, "附件2", "B2", "另一条意见")]
    (tmp_path / "once").mkdir(), (tmp_path / "twice").mkdir()
    first_copy = tmp_path / "first.xlsx"
    annotate(source, rich_findings(), first_copy)
    shutil.copy(first_copy, tmp_path / "twice" / "自评表.xlsx")
    twice = annotate(tmp_path / "twice" / "自评表.xlsx", second, tmp_path / "twice" / "out.xlsx")
    once = annotate(source, second, tmp_path / "once" / "out.xlsx")
    a = openpyxl.load_workbook(tmp_path / "twice" / "out.xlsx")
    b = openpyxl.load_workbook(tmp_path / "once" / "out.xlsx")
    assert a.sheetnames == b.sheetnames == ["核查结果"] + INPUT_SHEETS + [RECORD_SHEET]
    for title in a.sheetnames:
        assert plain_marks(a[title]) == plain_marks(b[title]), title
        assert cell_contents(a[title]) == cell_contents(b[title]), title
    assert twice.replaced_previous and not once.replaced_previous
    assert a["附件2"]["A1"].comment is None and a["附件2"]["H44"].fill.fgColor.rgb == "FFBFBFBF"


def test_remove_annotation_gives_back_the_original_marks(annotated, tmp_path):
    _, _, output, _ = annotated
    cleaned = tmp_path / "clean.xlsx"
    result = remove_annotation(output, cleaned)
    original, _ = load_both(annotated)
    back = openpyxl.load_workbook(cleaned)
    assert back.sheetnames == INPUT_SHEETS and result.restored_cells == 4
    for title in INPUT_SHEETS:
        assert plain_marks(back[title]) == plain_marks(original[title]), title
        assert cell_contents(back[title]) == cell_contents(original[title]), title
    assert back.active.title == "附件2"


def test_remove_annotation_refuses_an_unannotated_file(annotated, tmp_path):
    source = annotated[0]
    with pytest.raises(AnnotationError, match="不是 perfeval-xl 生成的核查副本"):
        remove_annotation(source, tmp_path / "x.xlsx")


def test_output_that_is_the_input_is_refused(annotated):
    source, before, _, _ = annotated
    with pytest.raises(OutputError, match="输出文件不能与输入文件相同"):
        annotate(source, rich_findings(), source)
    link = source.parent / "link.xlsx"
    if not link.exists():
        os.link(source, link)
    with pytest.raises(OutputError, match="输出文件不能与输入文件相同"):
        annotate(source, rich_findings(), link)
    assert sha256(source) == before


def test_bad_paths_and_formats_are_refused(annotated, tmp_path):
    source = annotated[0]
    with pytest.raises(OutputError, match="扩展名应为 .xlsx"):
        annotate(source, [], tmp_path / "out.xlsm")
    with pytest.raises(OutputError, match="输出目录不存在"):
        annotate(source, [], tmp_path / "missing" / "out.xlsx")
    old = tmp_path / "old.xls"
    old.write_bytes(b"\xd0\xcf\x11\xe0")
    with pytest.raises(AnnotationError, match="另存为 .xlsx"):
        annotate(old, [], tmp_path / "out.xlsx")
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"not a zip")
    with pytest.raises(AnnotationError, match="无法读取工作簿"):
        annotate(broken, [], tmp_path / "out.xlsx")
    assert not (tmp_path / "out.xlsx").exists()


def test_no_findings_still_writes_a_summary(annotated, tmp_path):
    result = annotate(annotated[0], [], tmp_path / "clean.xlsx", checked_at="2025-03-20 10:00")
    sheet = openpyxl.load_workbook(tmp_path / "clean.xlsx")["核查结果"]
    values = [value for row in sheet.iter_rows(values_only=True) for value in row]
    assert "未发现问题。" in values and "2025-03-20 10:00" in values
    assert result.annotated_cells == () and result.summary_only == 0


def test_corrupt_record_is_dropped_with_a_note(annotated, tmp_path):
    wb = openpyxl.load_workbook(annotated[2])
    wb[RECORD_SHEET]["A2"].value = "{broken"
    wb[RECORD_SHEET]["A2"].data_type = "s"
    tampered = tmp_path / "tampered.xlsx"
    wb.save(tampered)
    result = annotate(tampered, [total_finding()], tmp_path / "out.xlsx")
    assert result.notes and "未能自动清除" in result.notes[0]
    assert result.summary_sheet == "核查结果2"            # the old 核查结果 is not ours to delete


def test_foreign_sheet_with_the_record_name_is_never_removed(tmp_path):
    wb = openpyxl.Workbook()
    wb.create_sheet(RECORD_SHEET)["A1"] = "用户自己的数据"
    source = tmp_path / "user.xlsx"
    wb.save(source)
    with pytest.raises(AnnotationError, match="请重命名该工作表"):
        annotate(source, [], tmp_path / "out.xlsx")


def test_record_is_json_of_the_changes(annotated):
    _, copy = load_both(annotated)
    text = "".join(row[0] for row in copy[RECORD_SHEET].iter_rows(min_row=2, values_only=True))
    record = json.loads(text)
    assert record["summary_sheet"] == "核查结果" and record["active"] == "附件2"
    by_cell = {(c["sheet"], c["cell"]): c for c in record["changes"]}
    assert by_cell[("附件2", "H45")]["comment"]["text"] == "请核对合计"
    assert "FFBFBFBF" in by_cell[("附件2", "H44")]["fill"]


def test_copy_opens_in_libreoffice(annotated, tmp_path):
    soffice = shutil.which("soffice")
    if soffice is None:
        pytest.skip("LibreOffice (soffice) 未安装，无法检查副本能否打开")
    profile = f"file:///tmp/perfeval-annotate-{uuid.uuid4().hex}"
    try:
        completed = subprocess.run(
            [soffice, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf",
             "--outdir", str(tmp_path), str(annotated[2])],
            capture_output=True, timeout=120, check=False)
    finally:
        shutil.rmtree(profile[len("file://"):], ignore_errors=True)
    pdf = tmp_path / (annotated[2].stem + ".pdf")
    assert completed.returncode == 0, completed.stderr
    assert pdf.exists() and pdf.stat().st_size > 0
