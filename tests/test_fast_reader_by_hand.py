"""The fast reader against openpyxl on workbooks written XML by hand.

For what no writer the other tests use makes: rich text, phonetic runs, dates in
both epochs, Chinese number formats, rows and cells without numbers, hyperlinks,
the parts around the sheets, duplicated parts, fixed and random sheets; and the
files openpyxl reads otherwise, which the fast reader must decline, each with its
reason (DECLINED).  The comparisons are tests/test_fast_reader.py's.
"""

import zipfile

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from perfeval_xl.api import verify_file
from perfeval_xl.reader.fast_xlsx import read_fast
from perfeval_xl.reader.limits import inspect_zip
from test_fast_reader import GENERATED, assert_declines, assert_same, compare_when_openpyxl_reads
from xlsx_by_hand import (DOC_RELS, MAIN_NS, PACKAGE_RELS, SPREADSHEETML, cell, row, sheet_xml, strings_xml,
                          styles_xml, xml_workbook)

RANDOM_SHEETS = 60          # random sheets written XML by hand
pytestmark = pytest.mark.filterwarnings("ignore::UserWarning")   # openpyxl's notes on what it drops

# Shared strings a spreadsheet application writes: plain, rich runs, phonetic guides, escapes.
STRINGS = (
    "<si><t>预算执行率</t></si>",
    '<si><t xml:space="preserve">  前后空格  </t></si>',
    "<si><r><rPr><b/><sz val=\"11\"/></rPr><t>一级</t></r><r><t>指标</t></r></si>",
    "<si><t>漢字</t><rPh sb=\"0\" eb=\"2\"><t>かんじ</t></rPh><phoneticPr fontId=\"0\" type=\"noConversion\"/></si>",
    "<si><t>_x005F_x000D_ 与 _x000D_</t></si>",
    "<si><t/></si>",
    "<si/>",
    "<si><r><t>前</t></r><r><rPr><i/></rPr><t/></r><r><t>后</t></r></si>",
    "<si><t>第一</t><r><t>第二</t></r></si>",
    "<si><r><t>一</t><t>二</t></r></si>",
    "<si><t>first</t><t>second</t></si>",
    "<si><t>行一\n行二</t></si>",
)


def every_kind_of_cell():
    """Rows holding every value type, style and spelling of a cell the fast reader must mirror."""
    return "".join((
        row(1, cell("A1", 42), cell("B1", "3.5"), cell("C1", "1E3"), cell("D1", "-0"), cell("E1", "1e309"),
            cell("F1", "0.1", s=2), cell("G1", "0.9265", s=3), cell("H1", "2096.96", s=8), cell("I1", "5", s=9)),
        row(2, *(cell(f"{column}2", serial, s=1) for column, serial in
                 zip("ABCDEFG", ("0", "0.5", "1", "59", "60", "61", "45000.75")))),
        row(3, cell("A3", "45371", s=4), cell("B3", "45371", s=7), cell("C3", "45371", s=6), cell("D3", "45371", s=13),
            cell("E3", "1.5", s=5), cell("F3", "0.75", s=10), cell("G3", "0.5", s=11), cell("H3", "3", s=12),
            cell("I3", "7", s=14), cell("J3", "-1", s=1), cell("K3", "3000000", s=1)),
        row(4, *(cell(f"{column}4", n, t="s") for column, n in zip("ABCDEFGHIJKL", range(12)))),
        row(5, cell("A5", "1", t="b"), cell("B5", "0", t="b"), cell("C5", "#DIV/0!", t="e"),
            cell("D5", "直接文字", t="str"), cell("E5", t="inlineStr", inner="<is><t>内联</t></is>"),
            cell("F5", t="inlineStr", inner="<is><r><t>富</t></r><r><rPr><b/></rPr><t>文本</t></r></is>"),
            cell("G5", t="inlineStr"), cell("H5", t="n"), cell("I5", "", t="n"), cell("J5", "5", t="s")),
        row(6, cell("A6", "4", formula="<f>SUM(A1:A2)</f>"), cell("B6", "是", t="str", formula='<f>IF(A1&gt;0,"是","否")</f>'),
            cell("C6", "#DIV/0!", t="e", formula="<f>1/0</f>"), cell("D6", "1", t="b", formula="<f>TRUE()</f>"),
            cell("E6", formula="<f>A1*2</f>"), cell("F6", "0", formula="<f/>"),
            cell("G6", "3", formula='<f t="array" ref="G6:G6">SUM(A1:C1*1)</f>'),
            cell("H6", "7", formula='<f t="shared" ref="H6" si="0">A1+1</f>'),
            cell("I6", "45371", s=1, formula="<f>DATE(2024,3,20)</f>"), cell("J6", "2", formula='<f t="normal">1+1</f>')),
        row(7, cell(None, "1"), cell(None, "2"), cell("E7", "5"), cell(None, "6")),
        row(None, cell(None, "row 8", t="str")),
        row("10.0", cell("A10", "ten", t="str")),
        row(11, cell("A11", "first", t="str"), cell("A11", "second", t="str"), cell("B11", "1"), cell("B11")),
        row(12, cell("a12", "lower case", t="str"), cell("C12", "3", s="0")),
    ))


# Not here: a cell far right or far down.  read_full builds every cell of the sheet's bounding box
# (A1 and XFD200 take it 18 s).
MERGES = ('<mergeCells count="4"><mergeCell ref="A1:B1"/><mergeCell ref="A7:B8"/><mergeCell ref="D20:E21"/>'
          '<mergeCell ref="H1"/></mergeCells>')


def test_every_kind_of_cell(tmp_path):
    protection = '<sheetProtection sheet="1" objects="1" password="CC1A"/>'
    path = xml_workbook(tmp_path / "cells.xlsx", [
        ("数据", sheet_xml(every_kind_of_cell(), MERGES + protection)),
        ("Sheet 2's", sheet_xml(every_kind_of_cell())),
        ("_perfeval", sheet_xml(row(1, cell("A1", "formula results compared: a template's hidden sheet", t="str")),
                                '<sheetProtection sheet="true"/>')),
    ], strings=STRINGS)
    assert_same(path)


@pytest.mark.parametrize("last", ["D4", "Z1000"])   # 8 positions listed once per frame; 24,974 looked for among the cells
def test_what_was_typed_inside_a_merged_range_is_dropped(tmp_path, last):
    cells = row(2, cell("B2", "1"), cell("C2", "2")), row(3, cell("C3", "3")), row(5, cell("AA5", "4"))
    path = xml_workbook(tmp_path / "merged.xlsx", [("表", sheet_xml("".join(cells),
                                                                    f'<mergeCells><mergeCell ref="B2:{last}"/></mergeCells>'))])
    assert_same(path)
    assert sorted(read_fast(path).sheets[0].cells) == [(2, 2), (5, 27)]


def test_cells_that_name_another_row_than_their_own(tmp_path):
    # A5 and A6 come in one <row>, B5 in the next: row 5 of the grid is A5 and B5, as openpyxl has it
    # (not B5 alone, which the row that names only row 5 would give).
    cells = row(None, cell("A5", "产出指标", t="str"), cell("A6", "2")), row(7, cell("B5", "3"))
    path = xml_workbook(tmp_path / "rows.xlsx", [("表", sheet_xml("".join(cells)))])
    assert_same(path)
    grid = read_fast(path).sheets[0].grid()
    assert [cell.coord for cell in grid.row_cells(5)] == ["A5", "B5"] and grid.row_text(5) == "\n产出指标\n3"


@pytest.mark.parametrize("date1904", ['="1"', '="true"', '="0"', '="false"', ""])
def test_either_date_epoch(tmp_path, date1904):
    dates = row(1, *(cell(f"{column}1", serial, s=style) for column, serial, style in
                     zip("ABCDEF", ("0", "0.5", "60", "45000.75", "1.5", "-1"), (1, 1, 1, 4, 5, 1))))
    path = xml_workbook(tmp_path / "epoch.xlsx", [("日期", sheet_xml(dates))],
                        workbook_pr=date1904 and f" date1904{date1904}")
    assert_same(path)


@pytest.mark.parametrize("protection", ['sheet="1"', 'sheet="0"', 'sheet="false"', 'sheet="f"', 'sheet=""',
                                        'sheet="yes"', 'objects="1"', None])
def test_sheet_protection(tmp_path, protection):
    after = "" if protection is None else f"<sheetProtection {protection}/>"
    path = xml_workbook(tmp_path / "protection.xlsx", [("表", sheet_xml(row(1, cell("A1", "1")), after))])
    assert_same(path)


def test_number_formats_of_differential_styles_are_not_cell_formats(tmp_path):
    """A <dxf> (conditional format) has its own <numFmt>s; only <numFmts> names the cells' formats."""
    dxfs = ('<dxfs count="2"><dxf><numFmt numFmtId="176" formatCode="0.000%"/></dxf>'
            '<dxf><numFmt numFmtId="181" formatCode="yyyy-mm-dd"/></dxf></dxfs>')
    path = xml_workbook(tmp_path / "dxf.xlsx", [("表", sheet_xml(row(1, cell("A1", "45371", s=4))))],
                        styles=styles_xml(dxfs=dxfs))
    assert_same(path)


def test_the_parts_around_the_sheets_as_openpyxl_finds_them(tmp_path):
    """Absolute and relative targets, sheets in another order than their parts, the last <workbookPr>,
    elements in another namespace that openpyxl still finds by local name, an empty <sheets> list."""
    foreign = "urn:example:other"
    changes = {
        "xl/_rels/workbook.xml.rels": (
            f'<Relationships xmlns="{PACKAGE_RELS}">'
            f'<Relationship Id="rId1" Type="{DOC_RELS}/worksheet" Target="/xl/worksheets/sheet2.xml"/>'
            f'<Relationship Id="rId2" Type="{DOC_RELS}/worksheet" Target="./worksheets/../worksheets/sheet1.xml"/>'
            f'<Relationship Id="rId3" Type="{DOC_RELS}/hyperlink" Target="https://example.com" TargetMode="External"/>'
            f'<Relationship Id="rId90" Type="{DOC_RELS}/styles" Target="styles.xml"/>'
            f'<Relationship Id="rId91" Type="{DOC_RELS}/sharedStrings" Target="sharedStrings.xml"/></Relationships>'),
        "xl/workbook.xml": (
            f'<workbook xmlns="{MAIN_NS}" xmlns:r="{DOC_RELS}" xmlns:o="{foreign}"><workbookPr date1904="1"/>'
            '<o:workbookPr date1904="0"/><o:sheets><sheet name="第二" sheetId="2" r:id="rId1"/>'
            '<sheet name="第一" sheetId="1" r:id="rId2" state="hidden"/></o:sheets></workbook>'),
    }
    body = row(1, cell("A1", "45000.5", s=1), cell("B1", "0", t="s"))
    path = xml_workbook(tmp_path / "parts.xlsx", [("x", sheet_xml(body)), ("y", sheet_xml(body))],
                        strings=[f'<si><o:t xmlns:o="{foreign}">外来命名空间</o:t></si>'], changes=changes)
    assert_same(path)
    empty = {"xl/workbook.xml": f'<workbook xmlns="{MAIN_NS}"><sheets/></workbook>'}
    assert_same(xml_workbook(tmp_path / "no-sheets.xlsx", [("x", sheet_xml(body))], changes=empty))


def test_styles_as_openpyxl_finds_them(tmp_path):
    """The last <numFmts> and <cellXfs> count; a custom format may reuse a built-in number or code."""
    custom = '<numFmts count="2"><numFmt numFmtId="176" formatCode="0.0"/><numFmt numFmtId="14" formatCode="yyyy/m/d"/></numFmts>'
    styles = styles_xml(custom={176: "0.000"}).replace("<fonts", custom + "<fonts")
    styles = styles.replace("</styleSheet>", '<cellXfs count="3"><xf numFmtId="176"/><xf numFmtId="14"/><xf/></cellXfs>'
                                             "</styleSheet>")
    body = row(1, cell("A1", "1.25", s=0), cell("B1", "45000", s=1), cell("C1", "7", s=2))
    assert_same(xml_workbook(tmp_path / "styles.xlsx", [("表", sheet_xml(body))], styles=styles))


def test_hyperlinks_on_cells_that_hold_something(tmp_path):
    """openpyxl leaves a linked cell that holds a value (or a result) as it is; a merged range's
    inside is skipped, and a link on it goes to the range's top-left cell."""
    rels = (f'<Relationships xmlns="{PACKAGE_RELS}"><Relationship Id="rId1" Type="{DOC_RELS}/hyperlink" '
            'Target="https://example.com/绩效" TargetMode="External"/></Relationships>')
    links = ('<mergeCells><mergeCell ref="A3:B4"/></mergeCells><hyperlinks><hyperlink ref="A1" r:id="rId1"/>'
             '<hyperlink ref="B1:C1" location="\'表\'!A1"/><hyperlink ref="B4" location="A9"/>'
             '<hyperlink ref="A3:B4" location="A9"/></hyperlinks>')
    body = row(1, cell("A1", "网站", t="str"), cell("B1", "2", formula="<f>1+1</f>"), cell("C1", "0")) + row(
        3, cell("A3", "合并", t="str"), cell("B3", "1"))
    path = xml_workbook(tmp_path / "links.xlsx", [("表", sheet_xml(body, links))],
                        changes={"xl/worksheets/_rels/sheet1.xml.rels": rels})
    assert_same(path)


def _declining(sheets=None, strings=("<si><t>文字</t></si>",), **options):
    """A builder of a hand-written workbook the fast reader must decline."""
    body = row(1, cell("A1", "1"), cell("B1", "0", t="s") if strings else "")
    return lambda path: xml_workbook(path, sheets or [("表", sheet_xml(body))], strings=strings, **options)


def test_a_sheet_without_its_part_is_left_out(tmp_path):
    body = sheet_xml(row(1, cell("A1", "1")))
    path = xml_workbook(tmp_path / "missing.xlsx", [("表一", body), ("表/二", body), ("表三", body)],
                        changes={"xl/worksheets/sheet2.xml": None})
    assert_same(path)


def test_of_two_parts_of_one_name_the_last_is_read(tmp_path):
    """zipfile and openpyxl read the last; inspect_zip's inflated parts must not give the fast reader the first."""
    path = xml_workbook(tmp_path / "twice.xlsx", [("表", sheet_xml(row(1, cell("A1", "0", t="s"))))],
                        strings=["<si><t>前一个</t></si>"])
    with zipfile.ZipFile(path, "a") as archive, pytest.warns(UserWarning, match="Duplicate name"):
        archive.writestr("xl/sharedStrings.xml", strings_xml(["<si><t>后一个</t></si>"]))
    assert_same(path)
    first = {"xl/sharedStrings.xml": strings_xml(["<si><t>前一个</t></si>"]).encode()}
    assert read_fast(path, first).sheets[0].cells[(1, 1)].raw == "后一个"
    # The same with the names the size checks listed: the zip is opened again for that part only.
    with zipfile.ZipFile(path) as archive:
        names = tuple(archive.namelist())
    assert names.count("xl/sharedStrings.xml") == 2
    assert read_fast(path, first, names).sheets[0].cells[(1, 1)].raw == "后一个"


def test_parts_the_size_checks_did_not_keep_are_read_from_the_zip(tmp_path):
    path = xml_workbook(tmp_path / "kept.xlsx", [("表", sheet_xml(row(1, cell("A1", "0", t="s"))))],
                        strings=["<si><t>共享</t></si>"])
    inspection = inspect_zip(path)
    assert "xl/sharedStrings.xml" in inspection.parts and len(inspection.names) > 5
    kept = dict(inspection.parts)
    del kept["xl/sharedStrings.xml"]
    assert read_fast(path, kept, inspection.names).sheets[0].cells[(1, 1)].raw == "共享"


def _shared(ref, text=None, si="0", value="1"):
    """A cell of shared formula group ``si``: the master when ``text`` is given (with ref="…")."""
    if text is None:
        return cell(ref, value, formula=f'<f t="shared" si="{si}"/>')
    return cell(ref, value, formula=f'<f t="shared" ref="{ref}:{ref}" si="{si}">{text}</f>')


def test_shared_formulas_are_moved_as_openpyxl_moves_them(tmp_path):
    """What Excel writes for a formula copied down or across: the master's formula, moved to each cell."""
    rate = "IF(AND(ISNUMBER(C5),C5&gt;0,ISNUMBER(D5)),ROUND(D5/C5,4),&quot;&quot;)"
    body = "".join((
        row(5, cell("C5", "100"), cell("D5", "90"), _shared("F5", rate), _shared("H5", "SUM($C5:D$5)+'附件2'!B5", "1")),
        row(6, cell("C6", "50"), cell("D6", "50"), _shared("F6"), _shared("H6", si="1")),
        row(7, _shared("F7", "C7*2"),   # a later cell's own text: openpyxl moves the master's all the same
            _shared("G7", si="1"), _shared("I7", si="2"), _shared("J7", "A1", si="3", value="")),
        row(8, _shared("F8"), _shared("I8", "B8+1", si="2"), _shared("J8", si="3")),   # si="2": a cell before its master
        row(9, _shared("G9"), cell("B9", "2", formula='<f t="shared" ref="B9:B10" si="4"></f>'),
            _shared("C9", si="4")),
    ))
    path = xml_workbook(tmp_path / "共享公式.xlsx", [("表", sheet_xml(body)), ("附件2", sheet_xml(""))])
    assert_same(path)
    cells = read_fast(path).sheets[0].cells
    assert cells[(6, 6)].raw == '=IF(AND(ISNUMBER(C6),C6>0,ISNUMBER(D6)),ROUND(D6/C6,4),"")'
    assert cells[(7, 6)].raw == '=IF(AND(ISNUMBER(C7),C7>0,ISNUMBER(D7)),ROUND(D7/C7,4),"")'
    assert cells[(6, 8)].raw == "=SUM($C6:D$5)+'附件2'!B6"
    assert cells[(7, 7)].raw == "=SUM($C7:C$5)+'附件2'!A7"
    assert cells[(7, 9)].raw == "=" and cells[(8, 9)].raw == "=B8+1"


def test_a_shared_formula_moved_off_the_sheet_is_unreadable_both_ways(tmp_path):
    body = row(1, _shared("B1", "A1+1")) + row(2, _shared("A2"))   # A1 moved one column left: off the sheet
    path = xml_workbook(tmp_path / "越界.xlsx", [("表", sheet_xml(body))])
    auto, full = verify_file(path), verify_file(path, reader="full")
    assert auto.status == full.status == "unreadable" and auto.error == full.error


DECLINED = {
    "iso-date-cell": (_declining([("表", sheet_xml(row(1, cell("A1", "2024-03-20T08:00:00", t="d"))))]),
                      "cell type t='d'"),
    "unknown-cell-type": (_declining([("表", sheet_xml(row(1, cell("A1", "x", t="zz"))))]), "cell type"),
    "data-table-formula": (_declining([("表", sheet_xml(row(1, cell(
        "A1", "1", formula='<f t="dataTable" ref="A1:A2" dt2D="0" dtr="0" r1="B1"/>'))))]), "dataTable formula"),
    "overlapping-merges": (_declining([("表", sheet_xml(row(1, cell("A1", "1"), cell("B1", "2")), (
        '<mergeCells><mergeCell ref="A1:B2"/><mergeCell ref="B2:C3"/></mergeCells>')))]), "overlapping"),
    "two-merge-lists": (_declining([("表", sheet_xml(row(1, cell("A1", "1")), (
        '<mergeCells><mergeCell ref="A1:B2"/></mergeCells><mergeCells><mergeCell ref="D1:E2"/></mergeCells>')))]),
        "two <mergeCells>"),
    "same-name-in-another-case": (_declining([("Data", sheet_xml("")), ("DATA", sheet_xml(""))]), "renames"),
    "macro-sheet": (_declining(changes={"xl/_rels/workbook.xml.rels": (
        f'<Relationships xmlns="{PACKAGE_RELS}"><Relationship Id="rId1" Type="{DOC_RELS}/xlMacrosheet" '
        'Target="worksheets/sheet1.xml"/></Relationships>')}), "not a worksheet part"),
    "sheet-without-relationship-id": (_declining(changes={"xl/workbook.xml": (
        f'<workbook xmlns="{MAIN_NS}"><sheets><sheet name="表" sheetId="1"/></sheets></workbook>')}),
        "not a worksheet part"),
    "no-styles-part": (_declining(changes={"xl/styles.xml": None}), "no styles part"),
    "no-cell-styles": (_declining(styles=styles_xml(formats=())), "no cell styles"),
    "undefined-custom-format": (_declining(styles=styles_xml(formats=(0, 164, 176))), "neither built in"),
    "row-number-zero": (_declining([("表", sheet_xml(row(0, cell(None, "1")) + row(None, cell(None, "2"))))]),
                        "row number '0'"),
    "row-number-with-leading-zero": (_declining([("表", sheet_xml(row(1, cell("A01", "1"))))]), "单元格地址"),
    "column-past-xfd": (_declining([("表", sheet_xml(row(1, cell("XFE1", "1"))))]), "列字母"),
    "element-in-a-row": (_declining([("表", sheet_xml(row(1, cell("A1", "1"), "<extLst/>", cell(None, "2"))))]),
                         "inside a row"),
    "doctype-without-entities": (_declining([("表", '<?xml version="1.0"?><!DOCTYPE worksheet>' + sheet_xml(
        row(1, cell("A1", "1")))[38:])]), "DTD"),
    "workbook-part-by-default-type": (_declining(strings=(), changes={"[Content_Types].xml": (
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" '
        f'ContentType="{SPREADSHEETML}sheet.main+xml"/></Types>')}), "no workbook part"),
    "relationship-with-a-lower-case-type": (_declining(changes={"xl/_rels/workbook.xml.rels": (
        f'<Relationships xmlns="{PACKAGE_RELS}"><Relationship Id="rId1" Type="{DOC_RELS}/worksheet" '
        'Target="worksheets/sheet1.xml"/><Relationship Id="rId9" type="styles" Target="styles.xml"/>'
        "</Relationships>")}), "not mirrored"),
    # openpyxl's Cell.hyperlink writes the link's target or location into an empty linked cell
    "hyperlink-on-an-empty-cell": (_declining([("表", sheet_xml(row(1, cell("A1", "1")), (
        '<hyperlinks><hyperlink ref="C1" location="表!A1" display="跳转"/></hyperlinks>')))]), "hyperlink"),
    "hyperlink-on-a-formula-without-result": (_declining([("表", sheet_xml(row(1, cell("A1", formula="<f>1+1</f>")), (
        '<hyperlinks><hyperlink ref="A1:A1" location="B9"/></hyperlinks>')))]), "hyperlink"),
    "hyperlink-inside-a-merged-range": (_declining([("表", sheet_xml(row(2, cell("B2", "1")), (
        '<mergeCells><mergeCell ref="A1:B2"/></mergeCells>'
        '<hyperlinks><hyperlink ref="B2" location="C9"/></hyperlinks>')))]), "empty cell A1"),
    "strange-element-in-a-string": (_declining(strings=["<si><t>文</t><x>?</x></si>"]), "in a string"),
}


@pytest.mark.parametrize("name", sorted(DECLINED))
def test_what_openpyxl_reads_otherwise_is_declined(tmp_path, name):
    build, reason = DECLINED[name]
    path = tmp_path / f"{name}.xlsx"
    build(path)
    assert_declines(path, reason)


# ---------------------------------------------------------------- random sheets written XML by hand

COLUMNS = "ABCDEF"
NUMBERS = ("0", "1", "-1", "0.5", "2096.96", "45000.75", "1E3", "60", "2958466", " 7", "", "1e309", "0.9265")
INLINE = ("<is><t>内联</t></is>", "<is><r><t>富</t></r><r><rPr><b/></rPr><t>文本</t></r></is>", "<is/>", "")
FORMULAS = (None, None, "<f>A1+1</f>", '<f t="array" ref="A1:A2">SUM(B1:B2)</f>', "<f/>", '<f t="normal">1</f>')
# Only in a cell that names its address (openpyxl moves a shared formula to the r="…" it is given).
SHARED_FORMULAS = ('<f t="shared" ref="A1:F8" si="0">F8+$B2*Sheet1!C$3</f>', '<f t="shared" si="0"/>',
                   '<f t="shared" si="1"/>')


@st.composite
def random_cells(draw):
    """One <c>, with {row} for its row number when it names its address (now and then another row's)."""
    column = draw(st.one_of(st.none(), st.sampled_from(COLUMNS)))
    row_number = draw(st.sampled_from(("{row}",) * 6 + ("2", "5")))
    kind = draw(st.sampled_from((None, "n", "s", "b", "str", "e", "inlineStr")))
    value = {"s": draw(st.integers(0, len(STRINGS) - 1)), "b": draw(st.sampled_from(("0", "1"))), "str": "文字",
             "e": "#N/A", "inlineStr": None}.get(kind, draw(st.sampled_from(NUMBERS)))
    return cell(column and f"{column}{row_number}", value, t=kind, s=draw(st.one_of(st.none(), st.integers(0, 14))),
                formula=draw(st.sampled_from(FORMULAS + (SHARED_FORMULAS if column else ()))), inner=draw(st.sampled_from(INLINE)) if kind == "inlineStr" else "")


random_rows = st.lists(st.tuples(st.one_of(st.none(), st.integers(1, 8)), st.lists(random_cells(), max_size=6)),
                       max_size=8)
ranges = st.tuples(st.integers(1, 8), st.integers(0, 5), st.integers(0, 2), st.integers(0, 2)).map(
    lambda box: f"{COLUMNS[box[1]]}{box[0]}:{COLUMNS[min(box[1] + box[3], 5)]}{box[0] + box[2]}")


def random_sheet(rows, merges, links, protected):
    body = "".join(row(number, *(c.replace("{row}", str(number or 1)) for c in cells)) for number, cells in rows)
    after = ("<mergeCells>" + "".join(f'<mergeCell ref="{ref}"/>' for ref in merges) + "</mergeCells>") if merges else ""
    if protected:
        after += '<sheetProtection sheet="1"/>'
    if links:
        after += "<hyperlinks>" + "".join(f'<hyperlink ref="{ref}" location="A1"/>' for ref in links) + "</hyperlinks>"
    return sheet_xml(body, after)


def test_random_hand_written_sheets(tmp_path):
    """Random rows of every cell type, style and spelling, random merges and links: when openpyxl reads
    one, the fast reader declines it or reads it the same."""
    outcomes = []

    @settings(max_examples=RANDOM_SHEETS, **GENERATED)
    @given(rows=random_rows, merges=st.lists(ranges, max_size=3),
           links=st.sampled_from(((), (), ())) | st.lists(ranges, min_size=1, max_size=1),
           protected=st.booleans(), date1904=st.booleans())
    def one(rows, merges, links, protected, date1904):
        path = xml_workbook(tmp_path / "随机.xlsx",
                            [("表", random_sheet(rows, merges, links, protected)), ("_perfeval", sheet_xml(""))],
                            strings=STRINGS, workbook_pr=' date1904="1"' if date1904 else "")
        outcomes.append(compare_when_openpyxl_reads(path, repr((rows, merges, links)), []))

    one()
    compared = outcomes.count("both read, same")
    print(f"\nrandom sheets: {compared} of {len(outcomes)} read by both readers and compared")
    assert compared >= len(outcomes) // 3   # the others: overlapping merges, links on empty cells, bad values
