"""verify --annotate on both bundled samples: the copy opens, and the input's cells are all still there."""

import hashlib
import shutil
import subprocess
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from perfeval_xl.cli import main

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ("yueyang-2024-原表.xlsx", "yueyang-2024-模板填报.xlsx")


def cells(path):
    """Every non-empty cell of every sheet: (sheet, coordinate) → (value, data type)."""
    book = openpyxl.load_workbook(path)
    return {(ws.title, c.coordinate): (c.value, c.data_type)
            for ws in book.worksheets for row in ws.iter_rows() for c in row if c.value is not None}


@pytest.fixture(scope="module", params=SAMPLES)
def annotated(request, tmp_path_factory):
    folder = tmp_path_factory.mktemp("annotated")
    source = folder / request.param
    shutil.copy(ROOT / "samples" / request.param, source)
    before = hashlib.sha256(source.read_bytes()).hexdigest()
    result = CliRunner().invoke(main, ["verify", str(source), "--annotate"])
    assert result.exit_code == 1, result.output  # both samples carry the seed's errors
    assert hashlib.sha256(source.read_bytes()).hexdigest() == before, "the input must never be written"
    return source, folder / (source.stem + ".核查.xlsx")


def test_every_input_cell_value_and_formula_is_unchanged(annotated):
    source, copy = annotated
    original, annotated_cells = cells(source), cells(copy)
    assert {key: annotated_cells.get(key) for key in original} == original
    added_sheets = {sheet for sheet, _ in annotated_cells} - {sheet for sheet, _ in original}
    # the summary, and the very hidden record that lets a second run replace this annotation
    assert added_sheets == {"核查结果", "_perfeval_annotation"}
    assert openpyxl.load_workbook(copy)["_perfeval_annotation"].sheet_state == "veryHidden"


def test_findings_are_marked_at_their_cells(annotated):
    source, copy = annotated
    book = openpyxl.load_workbook(copy)
    assert book.sheetnames[0] == "核查结果"
    sheet_name = "附件2"
    marked = [c for row in book[sheet_name].iter_rows() for c in row
              if c.comment is not None and c.comment.author == "perfeval-xl"]
    assert marked, "附件2 has findings, so it has perfeval-xl comments"
    assert all(c.fill.fgColor.rgb.endswith(("FFC7CE", "FFEB9C", "DDEBF7")) for c in marked)
    assert any("PE203" in c.comment.text for c in marked)


def test_annotated_copy_opens_in_libreoffice(annotated, tmp_path):
    soffice = shutil.which("soffice")
    if soffice is None:
        pytest.skip("LibreOffice (soffice) 未安装，无法检查批注副本能否打开")
    _, copy = annotated
    profile = (tmp_path / "profile").as_uri()
    result = subprocess.run([soffice, f"-env:UserInstallation={profile}", "--headless",
                             "--convert-to", "pdf", "--outdir", str(tmp_path), str(copy)],
                            capture_output=True, timeout=180)
    pdf = tmp_path / (copy.stem + ".pdf")
    assert result.returncode == 0 and pdf.exists() and pdf.stat().st_size > 1000


def test_verifying_the_annotated_copy_gives_the_same_findings(annotated):
    """Units send the annotated copy back: its 核查结果 sheet must not be read as their tables."""
    from perfeval_xl.api import verify_file

    source, copy = annotated
    def located(path):
        return sorted((f.rule, f.sheet, f.cell, f.message) for f in verify_file(path).findings)
    assert located(copy) == located(source)


def test_review_sheet_gets_the_computable_prescore(annotated, tmp_path):
    source, copy = annotated
    sheet = openpyxl.load_workbook(copy)["考核评分表"]
    notes = [c.comment.text for row in sheet.iter_rows() for c in row
             if c.comment is not None and c.comment.author == "perfeval-xl"]
    assert any("附件完整性 7/7 分" in text for text in notes)
    assert any("权重符合规程 0/5 分" in text for text in notes)
    # annotating the copy again replaces these notes instead of stacking a second set
    again = tmp_path / "again.xlsx"
    result = CliRunner().invoke(main, ["verify", str(copy), "--annotate", str(again)])
    assert result.exit_code == 1, result.output
    renotes = [c.comment.text for row in openpyxl.load_workbook(again)["考核评分表"].iter_rows() for c in row
               if c.comment is not None and c.comment.author == "perfeval-xl"]
    assert renotes == notes
