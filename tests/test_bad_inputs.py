"""Broken, hostile and unusual files through `python -m perfeval_xl verify`: each gets one Chinese
line and an exit status (2: could not read), never a traceback or a hang, and is left unchanged."""

import os
import re
import shutil
import zipfile

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
import bad_inputs as bad
from click.testing import CliRunner

from perfeval_xl.api import verify_file
from perfeval_xl.cli import main
from perfeval_xl.reader import UnreadableWorkbook, read_workbook
from perfeval_xl.reader import limits, workbook as workbook_module
from perfeval_xl.reader.xls import FORMULAS_NOTE, stream_names

SAMPLE = bad.SAMPLE
IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0


def finding_keys(result):
    """Findings about the tables; PE510 reading notes about the file are compared on their own."""
    return [(f.rule, f.sheet, f.cell, f.message) for f in result.findings if f.rule != "PE510"]


def with_notes(count_line, notes):
    """The sample's count line, with one more 提示 per reading note (PE510) of this file."""
    infos = int(re.search(r"(\d+) 个提示", count_line).group(1))
    return count_line.replace(f"{infos} 个提示", f"{infos + len(notes)} 个提示")


def reading_notes(result):
    return [problem.text for problem in result.workbook.problems if problem.kind == "format-note"]


@pytest.fixture(scope="module")
def sample_run():
    """The sample's count line and findings, which every still-readable variant must give too."""
    return bad.verify(SAMPLE).stdout.splitlines()[-1], finding_keys(verify_file(SAMPLE))


def copy_sample(path):
    shutil.copyfile(SAMPLE, path)


UNREADABLE = [  # case, builder, file name, fragment of the one line the user reads
    ("path-does-not-exist", lambda path: None, "自评.xlsx", "文件不存在"),
    ("empty-file", bad.write_empty, "自评.xlsx", "文件为空"),
    ("text-not-a-zip", bad.write_csv_text, "自评.xlsx", "不是 Excel 工作簿（.xlsx）文件"),
    ("pdf-renamed", bad.write_pdf, "自评.xlsx", "是 PDF 文件"),
    ("html-exported-as-xls", bad.write_html_table, "导出.xls", "是网页（HTML）格式的文件"),
    ("zip-not-a-workbook", bad.write_zip_not_workbook, "自评.xlsx", "是压缩包（zip），但不是 Excel 工作簿"),
    ("docx-renamed-xlsx", bad.write_docx, "自评.xlsx", "是 Word 文档（.docx）"),
    ("doc-renamed-xls", bad.write_word_doc, "自评.xls", "是 Word 文档（.doc）"),
    ("truncated-xlsx", bad.write_truncated, "自评.xlsx", "不完整（可能在下载或复制时被截断）"),
    ("encrypted-xlsx", bad.write_encrypted_xlsx, "自评.xlsx", "文件已加密"),
    ("zip-with-password", bad.write_zip_encrypted, "自评.xlsx", "文件已加密"),
    ("xlsb", bad.write_xlsb, "自评.xlsb", "是 Excel 二进制工作簿（.xlsb）"),
    ("excel-2003-xml", bad.write_excel_2003_xml, "自评.xml", "是 Excel 2003 XML 表格"),
    ("ods", bad.write_ods, "自评.ods", "soffice --headless --convert-to xlsx"),
    ("et-xlrd-cannot-read", bad.write_unreadable_et, "自评.et", "请在 WPS 中“文件→另存为”"),
    ("billion-laughs", bad.write_billion_laughs, "自评.xlsx", "文件含有不安全的 XML 内容，已拒绝读取"),
    ("quadratic-blowup", bad.write_quadratic_blowup, "自评.xlsx", "文件含有不安全的 XML 内容，已拒绝读取"),
    ("zip-bomb-300-mb", bad.write_zip_bomb, "自评.xlsx", "解压后共 300 MB，超过读取上限 200 MB"),
    ("zip-bomb-by-ratio", bad.write_ratio_bomb, "自评.xlsx", "超过上限 100:1"),
    ("zip-directory-lies", bad.write_lying_sizes, "自评.xlsx", "文件已损坏"),
    ("million-rows", bad.write_million_rows, "自评.xlsx", "超过本工具的读取上限 100,000 行"),
    ("sheet-wide-merge", bad.write_sheet_wide_merge, "自评.xlsx", "合并单元格共覆盖超过 1,000,000 个单元格"),
]


@pytest.fixture(scope="module")
def unreadable_runs(tmp_path_factory):
    return bad.built_and_run(tmp_path_factory.mktemp("unreadable"), UNREADABLE)


@pytest.mark.parametrize("case, fragment", [pytest.param(case[0], case[3], id=case[0]) for case in UNREADABLE])
def test_unreadable_file_is_one_line_and_status_2(unreadable_runs, case, fragment):
    path, before, result = unreadable_runs[case]
    assert "Traceback" not in result.stdout + result.stderr
    assert result.returncode == 2
    (line,) = [line for line in result.stdout.splitlines() if fragment in line]
    assert line.startswith(f"{path}：无法读取 —— ")
    assert bad.digest(path) == before


READ_LIKE_THE_SAMPLE = [  # case, builder, file name, what the report must note about the reading
    ("xlsm-macros-not-run", bad.write_xlsm, "自评.xlsm", [limits.MACROS_NOTE]),
    ("all-sheets-hidden", bad.write_all_sheets_hidden, "自评.xlsx", []),   # a hidden sheet is still data
    ("wps-wrong-dimensions", bad.write_wrong_dimensions, "自评.xlsx", []),
    ("xlsx-saved-as-xls-name", copy_sample, "自评.xls", []),
]


@pytest.fixture(scope="module")
def read_runs(tmp_path_factory):
    return bad.built_and_run(tmp_path_factory.mktemp("read"), READ_LIKE_THE_SAMPLE)


@pytest.mark.parametrize("case, notes", [pytest.param(case[0], case[3], id=case[0]) for case in READ_LIKE_THE_SAMPLE])
def test_unusual_workbook_is_read_like_the_sample(read_runs, sample_run, case, notes):
    path, before, result = read_runs[case]
    assert "Traceback" not in result.stdout + result.stderr
    assert result.returncode == 1
    assert result.stdout.splitlines()[-1] == with_notes(sample_run[0], notes)
    checked = verify_file(path)
    assert finding_keys(checked) == sample_run[1]
    assert reading_notes(checked) == notes
    assert [f.message for f in checked.findings if f.rule == "PE510"] == [f"读取说明：{n}" for n in notes]
    assert bad.digest(path) == before


def test_wrong_dimensions_really_hide_the_tables_from_read_only_mode(tmp_path):
    """The fixture reproduces WPS's fault: read-only openpyxl sees A1 only; the reader's full load sees all."""
    import openpyxl

    path = tmp_path / "wps.xlsx"
    bad.write_wrong_dimensions(path)
    lazy = openpyxl.load_workbook(path, read_only=True)
    assert [len(list(ws.iter_rows())) for ws in lazy.worksheets] == [1] * len(lazy.worksheets)
    lazy.close()
    assert len(read_workbook(path).department.indicators) == 31


# ---- .xls and WPS .et, read with xlrd ------------------------------------------------------

@pytest.fixture(scope="module")
def sample_xls(tmp_path_factory):
    folder = tmp_path_factory.mktemp("xls")
    source = folder / "sample.xlsx"
    copy_sample(source)
    if shutil.which("soffice") is None:
        pytest.skip("LibreOffice (soffice) 未安装，无法生成 .xls 测试文件")
    converted = bad.convert_with_libreoffice(source, "xls", folder, folder / "profile")
    assert converted is not None, "LibreOffice did not write the .xls"
    return converted


@pytest.mark.parametrize("name", ["自评.xls", "自评.et"])
def test_xls_and_et_give_the_sample_findings(tmp_path, sample_run, sample_xls, name):
    path = tmp_path / name
    shutil.copyfile(sample_xls, path)
    result = bad.verify(path)
    assert result.returncode == 1
    assert result.stdout.splitlines()[-1] == with_notes(sample_run[0], [FORMULAS_NOTE])
    checked = verify_file(path)
    assert finding_keys(checked) == sample_run[1]
    assert reading_notes(checked) == [FORMULAS_NOTE]


def test_xls_merged_cells_and_values_match_the_xlsx(sample_xls):
    xls, xlsx = read_workbook(sample_xls), read_workbook(SAMPLE)
    assert xls.sheet_names == xlsx.sheet_names
    for old, new in zip(xls.department.indicators, xlsx.department.indicators, strict=True):  # merged 一级/二级
        assert (old.level1, old.level2, old.name, old.weight, old.score) == (
            new.level1, new.level2, new.name, new.weight, new.score)
    assert xls.cover.report_date.when == xlsx.cover.report_date.when  # a date cell stays a date


def test_ole2_builder_writes_a_real_compound_file():
    """The encrypted and Word fixtures are recognised from the OLE2 directory, not by a byte search."""
    import xlrd.compdoc

    data = bad.ole2_file({"EncryptionInfo": b"info", "EncryptedPackage": b"package"})
    with open(os.devnull, "w") as quiet:
        document = xlrd.compdoc.CompDoc(data, logfile=quiet)
    assert document.get_named_stream("EncryptedPackage").startswith(b"package")
    assert {"encryptioninfo", "encryptedpackage"} <= stream_names(data)


# ---- XML bombs: defusedxml in openpyxl, and the reader's own scan before it --------------

def test_xml_bombs_are_refused_by_defusedxml_too(tmp_path, monkeypatch):
    """openpyxl parses with defusedxml: without the reader's own scan the refusal still comes, as the same line."""
    import openpyxl
    import openpyxl.xml
    from defusedxml import DefusedXmlException

    assert openpyxl.xml.DEFUSEDXML, "openpyxl must parse with defusedxml (a declared dependency)"
    monkeypatch.setattr(workbook_module, "inspect_zip", lambda path: limits.Inspection())  # the reader's own scan off
    for builder in (bad.write_billion_laughs, bad.write_quadratic_blowup):
        path = tmp_path / f"{builder.__name__}.xlsx"
        builder(path)
        with pytest.raises(ValueError) as caught:   # openpyxl wraps defusedxml's error
            openpyxl.load_workbook(path)
        assert isinstance(caught.value.__cause__, DefusedXmlException)
        with pytest.raises(UnreadableWorkbook, match=limits.UNSAFE_XML):
            read_workbook(path)


def test_bomb_refused_even_with_defusedxml_switched_off(tmp_path):
    path = tmp_path / "bomb.xlsx"
    bad.write_billion_laughs(path)
    result = bad.verify(path, env={"OPENPYXL_DEFUSEDXML": "False"})
    assert result.returncode == 2 and limits.UNSAFE_XML in result.stdout


# ---- the limits, checked before loading -----------------------------------------------------

def test_rows_are_counted_across_chunk_boundaries(tmp_path, monkeypatch):
    path = tmp_path / "rows.xlsx"
    bad.write_million_rows(path, rows=1000)
    monkeypatch.setattr(limits, "_CHUNK", 7)   # every <row> split somewhere
    monkeypatch.setattr(limits, "MAX_ROWS", 1000 + 200)  # the sample's other sheets have < 200 rows
    limits.inspect_zip(path)
    monkeypatch.setattr(limits, "MAX_ROWS", 1000)
    with pytest.raises(limits.Refused, match="超过 1,000 行"):
        limits.inspect_zip(path)


@pytest.mark.parametrize("limit, value, fragment", [
    ("MAX_XML_PART_BYTES", 10_000, "超过单个部件"),
    ("MAX_PARTS", 5, "个部件，超过读取上限 5 个"),
    ("MAX_UNCOMPRESSED_BYTES", 50_000, "可能是“压缩炸弹”"),
])
def test_each_limit_refuses_with_its_number(monkeypatch, limit, value, fragment):
    assert limits.inspect_zip(SAMPLE).notes == ()  # no notes: not an .xlsm
    monkeypatch.setattr(limits, limit, value)
    with pytest.raises(limits.Refused, match=fragment):
        limits.inspect_zip(SAMPLE)


def test_readme_lists_the_limits():
    readme = (bad.ROOT / "README.md").read_text(encoding="utf-8")
    for number in ("200 MB", "100:1", "50 MB", "100,000"):
        assert number in readme


def test_zip_bomb_is_refused_before_inflating(tmp_path, monkeypatch):
    path = tmp_path / "bomb.xlsx"
    bad.write_zip_bomb(path)
    opened, real_open = [], zipfile.ZipFile.open

    def recording_open(self, name, *args, **kwargs):
        opened.append(getattr(name, "filename", name))
        return real_open(self, name, *args, **kwargs)

    monkeypatch.setattr(zipfile.ZipFile, "open", recording_open)
    with pytest.raises(UnreadableWorkbook, match="压缩炸弹"):
        read_workbook(path)
    assert "xl/media/image1.png" not in opened


# ---- unreadable paths, and outputs that must not be written ----------------------------------

@pytest.mark.skipif(IS_ROOT, reason="root reads any file whatever its mode; see the reader-level test below")
def test_no_read_permission(tmp_path):
    path = tmp_path / "自评.xlsx"
    copy_sample(path)
    path.chmod(0)
    result = bad.verify(path)
    assert result.returncode == 2 and "没有读取权限" in result.stdout


def test_no_read_permission_reported_as_root_too(tmp_path, monkeypatch):
    path = tmp_path / "自评.xlsx"
    copy_sample(path)
    real_access = os.access
    monkeypatch.setattr(os, "access", lambda p, mode: False if str(p) == str(path) else real_access(p, mode))
    result = verify_file(path)
    assert result.status == "unreadable" and result.error == f"没有读取权限：{path}"


def test_output_that_is_the_input_is_refused_even_with_force(tmp_path):
    path = tmp_path / "自评.xlsx"
    copy_sample(path)
    before = bad.digest(path)
    for extra in ((), ("--force",)):
        result = bad.verify(path, "--annotate", path, *extra)
        assert result.returncode == 2
        assert result.stderr.startswith("错误：") and len(result.stderr.strip().splitlines()) == 1
        assert bad.digest(path) == before
    assert "输出文件不能与输入文件相同" in result.stderr


def test_output_folder_missing(tmp_path):
    path = tmp_path / "自评.xlsx"
    copy_sample(path)
    result = bad.verify(path, "--annotate", tmp_path / "没有的文件夹" / "out.xlsx")
    assert result.returncode == 2 and "输出目录不存在" in result.stderr


@pytest.mark.skipif(IS_ROOT, reason="root writes into any folder whatever its mode; see the in-process test below")
def test_output_folder_not_writable(tmp_path):
    folder = tmp_path / "只读"
    folder.mkdir()
    path = folder / "自评.xlsx"
    copy_sample(path)
    folder.chmod(0o555)
    result = bad.verify(path, "--annotate")
    folder.chmod(0o755)
    assert result.returncode == 2 and "输出目录不可写" in result.stderr


def test_output_folder_not_writable_reported_as_root_too(tmp_path, monkeypatch):
    path = tmp_path / "自评.xlsx"
    copy_sample(path)
    real_access = os.access
    monkeypatch.setattr(os, "access",
                        lambda p, mode: False if mode == os.W_OK and str(p) == str(tmp_path) else real_access(p, mode))
    result = CliRunner().invoke(main, ["verify", str(path), "--annotate"])
    assert result.exit_code == 2 and "输出目录不可写" in result.output
    assert not (tmp_path / "自评.核查.xlsx").exists()


PIECES = ["<row>", "<row r=\"1\">", "<row\n", "<row/>", "<rowBreaks>", "<x:row r=\"2\">", "<rows>", "</row>",
          '<mergeCell ref="A1:B2"/>', '<x:mergeCell ref="$C$3:$D$9"/>', '<mergeCell ref="E5"/>',
          "<mergeCells>", "<!DOCTYPE", "<!ENTITY", "<c r=\"A1\"/>", "文字", " "]


@settings(max_examples=300, deadline=None, derandomize=True, database=None)
@given(st.lists(st.sampled_from(PIECES), max_size=30))
def test_the_size_checks_shortcut_counts_what_the_patterns_count(pieces):
    from perfeval_xl.reader import limits

    buffer = "".join(pieces).encode()
    rows = sum(1 for _ in limits._ROW_START.finditer(buffer))
    area = sum(limits._area(match.groups()) for match in limits._MERGE.finditer(buffer))
    dtd = b"<!DOCTYPE" in buffer or b"<!ENTITY" in buffer
    assert limits._counts(buffer, 0) == (dtd, rows, area)
