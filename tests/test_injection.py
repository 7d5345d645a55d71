"""Formula injection: text typed in a workbook stays text in every output (RULES.md §6).

Cells starting with =, +, -, @, tab and CR go in as text; verify's text and JSON
reports and the annotated copy must carry them as inert text: no formula in the
copy, the exact text in JSON, one plain line per finding in the terminal report.
(CSV and xlsx batch summaries do not exist yet — issue 6 — and are not covered.)
"""

import json
import re
import unicodedata
import zipfile
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from perfeval_xl.api import FileResult, verify_file
from perfeval_xl.cli import main
from perfeval_xl.findings import Finding, Severity
from perfeval_xl.report.annotate_summary import FORMULA_LEADS
from perfeval_xl.report.json_report import render_json
from perfeval_xl.report.text import render_text

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "samples" / "yueyang-2024-原表.xlsx"
UNIT = "=cmd|' /C calc'!A0"
# (sheet, cell, text typed there); the reader strips leading white space and turns CR into LF
TYPED = (
    ("封面", "A2", f"2024年度{UNIT}整体支出绩效自评报告"),          # the unit, as the title names it
    ("附件2", "B3", UNIT),                                         # 部门名称
    ("附件2", "F5", "=1+1"),                                       # an amount that is no number
    ("附件2", "D29", "=4、智慧工地覆盖率"),                          # 三级指标 names
    ("附件2", "D35", "+控制在预算成本以内"),
    ("+附件3", "D13", "-1、开展安全教育"),
    ("+附件3", "D14", "@2、安全排查"),
    ("+附件3", "D20", "\t控制在预算成本内"),
    ("+附件3", "D15", "\r3、定期督查"),
    ("附件2", "I20", "=2+3 偏差原因"),                              # 偏差原因 on full scores
    ("附件2", "I21", "\t偏差\t原因"),
    ("附件2", "I22", "\r偏差\r原因\n第二行"),
    ("附件2", "I23", "@SUM(1,2)"),
    ("附件2", "I24", "+1"),
    ("附件2", "I25", "-1"),
    ("附件2", "A46", "填表人：@周利华     填报日期：2025.3.11      联系电话：138"),  # footer names
    ("+附件3", "A28", "填表人：=SUM(1,2)  填报日期：2025.3.11  联系电话：138"),
)
# what the findings must quote verbatim
QUOTED = ("“=1+1”", "“=2+3 偏差原因”", "“偏差\t原因”", "“偏差\r原因\n第二行”", "“@SUM(1,2)”", "“+1”", "“-1”",
          "“=4、智慧工地覆盖率”", "“+控制在预算成本以内”", "“-1、开展安全教育”", "“@2、安全排查”")


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    """The hand-typed sample with the texts of TYPED typed into it (and 附件3 renamed "+附件3")."""
    path = tmp_path_factory.mktemp("injection") / "hostile.xlsx"
    book = openpyxl.load_workbook(SAMPLE)
    book["附件3"].title = "+附件3"
    for sheet, ref, text in TYPED:
        cell = book[sheet][ref]
        cell.value = text.replace("\r", CR_STAND_IN)
        cell.data_type = "s"          # openpyxl would make "=…" a formula
    book.save(path)
    keep_carriage_returns(path)
    reloaded = openpyxl.load_workbook(path)
    assert all(reloaded[s][r].data_type == "s" and reloaded[s][r].value == t for s, r, t in TYPED)
    assert not formula_elements(path), "the input itself has no formula"
    return path


CR_STAND_IN = "\ue000"


def keep_carriage_returns(path):
    """Write CR as "&#13;": a raw CR in XML is read back as LF (XML end-of-line handling)."""
    with zipfile.ZipFile(path) as archive:
        parts = [(info, archive.read(info.filename)) for info in archive.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for info, data in parts:
            archive.writestr(info, data.replace(CR_STAND_IN.encode(), b"&#13;"))


def formula_elements(path):
    """Names of the worksheet parts of ``path`` that hold an <f> element."""
    with zipfile.ZipFile(path) as archive:
        return [name for name in archive.namelist() if name.startswith("xl/worksheets/")
                and re.search(rb"<(\w+:)?f[ >/]", archive.read(name))]


def test_the_hostile_texts_reach_the_findings(hostile):
    result = verify_file(hostile)
    assert result.status == "checked" and result.unit == "=cmd|'/Ccalc'!A0"
    messages = "\n".join(f.message for f in result.findings)
    for quoted in QUOTED:
        assert quoted in messages
    assert any(f.rule == "PE501" and f.actual == "=1+1" for f in result.findings)


def test_json_round_trips_the_exact_text(hostile):
    result = verify_file(hostile)
    output = CliRunner().invoke(main, ["verify", "--format", "json", str(hostile)]).output
    (entry,) = json.loads(output)["files"]
    assert entry["unit"] == result.unit
    assert entry["findings"] == [finding.as_dict() for finding in result.findings]
    assert json.loads(render_json([result]))["files"][0]["findings"] == entry["findings"]


FINDING_LINE = re.compile(r"^    \S+\s+(错误|警告|提示) PE\d{3} [a-z0-9-]+：")
OTHER_LINES = re.compile(r"^(|.+（.+）|  \[.+\]|           建议：.*|  小计：.*|  未发现问题。|共核查 .*)$")


def test_text_output_is_one_plain_line_per_item(hostile):
    result = verify_file(hostile)
    output = CliRunner().invoke(main, ["verify", str(hostile)]).output
    assert not [ch for ch in output if ch != "\n" and unicodedata.category(ch) == "Cc"]
    lines = output.splitlines()
    assert all(FINDING_LINE.match(line) or OTHER_LINES.match(line) for line in lines), lines
    assert sum(bool(FINDING_LINE.match(line)) for line in lines) == len(result.findings)
    assert "“偏差↵原因↵第二行”" in output and "“偏差 原因”" in output
    assert "“=2+3 偏差原因”" in output and "“@2、安全排查”" in output   # plain, not quoted away


def test_escape_sequences_and_bidi_controls_are_shown_not_obeyed():
    message = "原因“\x1b[2J\x1b]0;标题\x07\u202e假\r\n共核查 1 个文件：0 个错误”"
    finding = Finding(rule="PE606", name="reason-on-full-score", severity=Severity.INFO, sheet="附件2\x1b",
                      cell="I20", message=message)
    result = FileResult(path="a\nb.xlsx", status="checked", unit="单位\r", year=2024, findings=[finding])
    text = render_text([result])
    assert "\x1b" not in text and "\u202e" not in text and "\r" not in text
    assert "\\x1b[2J" in text and "\\u202e假↵共核查" in text
    assert len(text.splitlines()) == 6


@pytest.fixture(scope="module")
def annotated(hostile):
    copy = hostile.with_name("hostile.核查.xlsx")
    result = CliRunner().invoke(main, ["verify", str(hostile), "--annotate", str(copy)])
    assert result.exit_code == 1, result.output
    return copy


def test_the_annotated_copy_has_no_formula(annotated):
    assert formula_elements(annotated) == []
    book = openpyxl.load_workbook(annotated)
    formulas = [(ws.title, c.coordinate) for ws in book.worksheets for row in ws.iter_rows() for c in row
                if c.data_type == "f"]
    assert formulas == []


def test_the_summary_sheet_keeps_user_text_as_text(annotated, hostile):
    sheet = openpyxl.load_workbook(annotated)["核查结果"]
    texts = [c for row in sheet.iter_rows() for c in row if isinstance(c.value, str)]
    assert all(c.data_type == "s" for c in texts)
    leading = [c for c in texts if c.value.startswith(FORMULA_LEADS)]
    assert {c.value for c in leading} >= {"=cmd|'/Ccalc'!A0", "=1+1", "+附件3"}
    assert all(c.quotePrefix for c in leading), "Excel keeps them text when the cell is edited"
    joined = "\n".join(c.value for c in texts)
    for quoted in QUOTED:
        assert as_saved(quoted) in joined


def test_comments_carry_the_text_and_the_typed_cells_stay_text(annotated, hostile):
    book = openpyxl.load_workbook(annotated)
    notes = "\n".join(c.comment.text for ws in book.worksheets for row in ws.iter_rows() for c in row
                      if c.comment is not None and c.comment.author == "perfeval-xl")
    for quoted in ("“=2+3 偏差原因”", "“@SUM(1,2)”", "“-1、开展安全教育”", "“=1+1”"):
        assert quoted in notes
    for sheet, ref, text in TYPED:
        assert (book[sheet][ref].value, book[sheet][ref].data_type) == (as_saved(text), "s"), (sheet, ref)


def as_saved(text):
    """openpyxl writes CR raw, and XML reads it back as LF: the one change a saved copy makes."""
    return text.replace("\r", "\n")
