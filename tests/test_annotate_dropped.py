"""What openpyxl cannot keep is found before saving, reported, and really is missing after."""

import zipfile

import openpyxl
import pytest
import xlsxwriter
from openpyxl.drawing.image import PILImage

from perfeval_xl.findings import Severity
from perfeval_xl.report.annotate import AnnotationError, annotate
from perfeval_xl.report.annotate_dropped import DroppedFeature, detect_dropped, feature, merge_features
from test_annotate_support import finding, sha256, tiny_png

X14_VALIDATION = (
    '<extLst><ext uri="{CCE6A557-97BC-4b89-ADB6-D9C93CAAB3DF}" '
    'xmlns:x14="http://schemas.microsoft.com/office/spreadsheetml/2009/9/main">'
    '<x14:dataValidations count="0"/></ext></extLst>'
    '<ignoredErrors><ignoredError sqref="A1" numberStoredAsText="1"/></ignoredErrors>')
EXTRA_PARTS = {
    "xl/vbaProject.bin": b"not really vba",
    "customXml/item1.xml": b"<root/>",
    "xl/printerSettings/printerSettings1.bin": b"\x00\x01",
    "xl/someVendorPart.xml": b"<vendor/>",
}


def build_drawing_workbook(folder, suffix=".xlsx"):
    """附件2 with a chart, a picture, a text box, a sparkline and a data bar; 附件3 with x14 parts."""
    png = folder / "logo.png"
    png.write_bytes(tiny_png())
    plain = folder / "plain.xlsx"
    workbook = xlsxwriter.Workbook(str(plain))
    sheet = workbook.add_worksheet("附件2")
    sheet.write_column("A1", [9, 20, 30, 20, 20])
    chart = workbook.add_chart({"type": "column"})
    chart.add_series({"values": "='附件2'!$A$1:$A$5"})
    sheet.insert_chart("D2", chart)
    sheet.insert_image("D20", str(png))
    sheet.insert_textbox("K2", "说明文字")
    sheet.add_sparkline("B1", {"range": "'附件2'!A1:A5"})
    sheet.conditional_format("A1:A5", {"type": "data_bar", "data_bar_2010": True})
    other = workbook.add_worksheet("附件3")
    other.merge_range("A1:C1", "标题")
    other.write_comment("B1", "合并区域中的批注")
    other.write("A3", 1)
    workbook.close()
    source = folder / ("drawing" + suffix)
    _rewrite(plain, source)
    return source


def _rewrite(plain, source):
    """Copy the zip, adding the extra parts and the x14 extension list to 附件3's sheet XML."""
    with zipfile.ZipFile(plain) as old, zipfile.ZipFile(source, "w", zipfile.ZIP_DEFLATED) as new:
        for item in old.infolist():
            data = old.read(item.filename)
            if item.filename == "xl/worksheets/sheet2.xml":
                data = data.replace(b"</worksheet>", X14_VALIDATION.encode() + b"</worksheet>")
            new.writestr(item, data)
        for name, data in EXTRA_PARTS.items():
            new.writestr(name, data)


@pytest.fixture(scope="module")
def dropped_copy(tmp_path_factory):
    folder = tmp_path_factory.mktemp("dropped")
    source = build_drawing_workbook(folder)
    before = sha256(source)
    output = folder / "copy.xlsx"
    result = annotate(source, [finding("PE201", Severity.ERROR, "附件2", "A5", "合计不符")], output)
    return source, before, output, result


def keys(result):
    return {item.key: item for item in result.dropped}


def test_dropped_features_are_found(dropped_copy):
    found = keys(dropped_copy[3])
    expected = {"charts", "shapes", "sparklines", "x14_conditional_formats", "x14_validations",
                "ignored_errors", "vba", "custom_xml", "printer_settings", "other_parts",
                "merged_comments"}
    if not PILImage:
        expected.add("images")
    assert set(found) == expected
    assert found["charts"].sheets == ("附件2",) and found["charts"].partial
    assert found["x14_validations"].sheets == ("附件3",)
    assert found["merged_comments"].sheets == ("附件3",)
    assert found["vba"].parts == ("xl/vbaProject.bin",)
    assert found["other_parts"].parts == ("xl/someVendorPart.xml",)


def test_images_are_reported_exactly_when_openpyxl_drops_them(dropped_copy):
    _, _, output, result = dropped_copy
    with zipfile.ZipFile(output) as archive:
        media = [name for name in archive.namelist() if name.startswith("xl/media/")]
    assert ("images" in keys(result)) == (media == [])
    if not PILImage:
        assert keys(result)["images"].sheets == ("附件2",)


def test_reported_parts_are_really_missing_from_the_copy(dropped_copy):
    _, before, output, _ = dropped_copy
    with zipfile.ZipFile(output) as archive:
        names = set(archive.namelist())
        sheets = b"".join(archive.read(n) for n in names if n.startswith("xl/worksheets/sheet"))
    for part in EXTRA_PARTS:
        assert part not in names
    assert b"extLst" not in sheets and b"ignoredErrors" not in sheets
    assert any(name.startswith("xl/charts/chart") for name in names)   # re-created, hence "partial"
    assert sha256(dropped_copy[0]) == before


def test_dropped_features_are_listed_on_the_summary(dropped_copy):
    _, _, output, result = dropped_copy
    sheet = openpyxl.load_workbook(output)["核查结果"]
    lines = [row[1] for row in sheet.iter_rows(values_only=True) if row[0] == "未保留"]
    assert lines == [item.line_zh for item in result.dropped]
    assert "原文件中的图表（工作表：附件2）在核查副本中可能未完整保留，请以原文件为准。" in lines
    assert "原文件中的宏（VBA）在核查副本中未保留，请以原文件为准。" in lines
    if not PILImage:
        assert "原文件中的图片（工作表：附件2）在核查副本中未保留，请以原文件为准。" in lines


def test_reannotating_the_copy_still_reports_what_the_first_copy_lost(dropped_copy, tmp_path):
    _, _, output, first = dropped_copy
    again = annotate(output, [], tmp_path / "again.xlsx")
    assert {item.key for item in again.dropped} == {item.key for item in first.dropped}


def test_macros_are_kept_when_written_as_xlsm(tmp_path):
    source = build_drawing_workbook(tmp_path, suffix=".xlsm")
    kept = annotate(source, [], tmp_path / "copy.xlsm")
    assert "vba" not in keys(kept)
    with zipfile.ZipFile(tmp_path / "copy.xlsm") as archive:
        assert "xl/vbaProject.bin" in archive.namelist()
        assert b"macroEnabled" in archive.read("[Content_Types].xml")
    lost = annotate(source, [], tmp_path / "copy.xlsx")
    assert "vba" in keys(lost)


def test_line_and_merge_of_features():
    images = feature("images", sheets=["附件2"])
    assert images == DroppedFeature("images", "图片", False, ("附件2",), ())
    other = feature("other_parts", parts=["a.xml", "b.xml", "c.xml", "d.xml"])
    assert other.line_zh == "原文件中的其他内容（a.xml、b.xml、c.xml等）在核查副本中未保留，请以原文件为准。"
    merged = merge_features((images,), (feature("images", sheets=["附件3"]), other))
    assert [item.key for item in merged] == ["images", "other_parts"]
    assert merged[0].sheets == ("附件2", "附件3")


def test_pictures_count_as_kept_when_pillow_is_there(dropped_copy):
    with zipfile.ZipFile(dropped_copy[0]) as archive:
        with_pillow = {item.key for item in detect_dropped(archive, keep_vba=False, images_supported=True)}
        without = {item.key for item in detect_dropped(archive, keep_vba=False, images_supported=False)}
    assert "images" not in with_pillow and "images" in without
    assert without - with_pillow == {"images"}


def test_xml_entities_are_refused(tmp_path):
    plain = tmp_path / "plain.xlsx"
    workbook = xlsxwriter.Workbook(str(plain))
    workbook.add_worksheet("附件2").write("A1", 1)
    workbook.close()
    bomb = tmp_path / "bomb.xlsx"
    doctype = b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaa">]>'
    with zipfile.ZipFile(plain) as old, zipfile.ZipFile(bomb, "w") as new:
        for item in old.infolist():
            data = old.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = doctype + data.split(b"?>", 1)[1]
            new.writestr(item, data)
    with pytest.raises(AnnotationError, match="无法读取工作簿"):
        annotate(bomb, [], tmp_path / "out.xlsx")
    assert not (tmp_path / "out.xlsx").exists()
