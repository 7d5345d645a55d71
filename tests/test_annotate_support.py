"""Workbooks and comparisons shared by the annotated-copy tests (no tests of its own)."""

import hashlib
import struct
import zlib

import openpyxl
from openpyxl.cell.rich_text import CellRichText, TextBlock
from openpyxl.cell.text import InlineFont
from openpyxl.comments import Comment
from openpyxl.formatting.rule import CellIsRule, ColorScaleRule
from openpyxl.styles import PatternFill
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.workbook.protection import WorkbookProtection
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.formula import ArrayFormula

from perfeval_xl.findings import Finding, Severity

GREY = PatternFill(fill_type="solid", fgColor="FFBFBFBF", bgColor="FFBFBFBF")


def sha256(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def finding(rule, severity, sheet, cell, message, **extra):
    return Finding(rule=rule, name=extra.pop("name", "test-" + rule.lower()), severity=severity,
                   sheet=sheet, cell=cell, message=message, **extra)


def total_finding():
    return Finding(rule="PE201", name="total-differs-from-sum", severity=Severity.ERROR,
                   sheet="附件2", cell="H45", message="总分 99.27 与各项得分合计 99.26 不符，差 0.01",
                   hint="核对各项得分后修改总分", actual="99.27", expected="99.26")


def build_rich_workbook(path):
    """附件2 with every feature the copy must keep, 附件3 protected, a hidden and a very hidden sheet."""
    wb = openpyxl.Workbook()
    sheet = wb.active
    sheet.title = "附件2"
    _fill_department(sheet)
    _add_rules(sheet)
    _add_print_settings(sheet)
    project = wb.create_sheet("附件3")
    project["A1"], project["B2"] = "项目支出绩效自评表", "业务工作经费"
    project["C3"] = "=附件2!H45*1"
    project.protection.sheet = True
    project.protection.password = "secret"
    project.defined_names["本表名称"] = DefinedName("本表名称", attr_text="'附件3'!$B$2")
    hidden = wb.create_sheet("隐藏")
    hidden["A1"], hidden.sheet_state = "隐藏的数据", "hidden"
    very_hidden = wb.create_sheet("参数")
    very_hidden["A1"], very_hidden.sheet_state = 10, "veryHidden"
    wb.defined_names["总分"] = DefinedName("总分", attr_text="'附件2'!$H$45")
    wb.security = WorkbookProtection(workbookPassword="book", lockStructure=True)
    wb.save(path)


def _fill_department(sheet):
    sheet["A1"] = "部门整体支出绩效自评表"
    sheet.merge_cells("A1:J1")
    sheet.merge_cells("A3:A5")
    sheet["A3"] = "产出指标"
    sheet["B2"], sheet["B2"].comment = "一级指标", Comment("原有批注：请填写", "李四")
    sheet["B3"] = "=不是公式"
    sheet["B3"].data_type = "s"
    sheet["B4"] = CellRichText(["普通", TextBlock(InlineFont(b=True), "加粗")])
    for row, value in zip(range(40, 45), (9, 20, 30, 20, 20)):
        sheet.cell(row=row, column=8, value=value)
    sheet["H44"].fill = GREY
    sheet["H45"] = 99.27
    sheet["H45"].comment = Comment("请核对合计", "张三")
    sheet["I45"] = "=SUM(H40:H44)"
    sheet["I46"] = ArrayFormula("I46:I46", "=SUM(H40:H44*1)")
    sheet["J3"] = "网站"
    sheet["J3"].hyperlink = "https://example.com/zh"
    sheet.column_dimensions["G"].width = 40
    sheet.row_dimensions[2].height = 30
    sheet.freeze_panes = "B3"


def _add_rules(sheet):
    grades = DataValidation(type="list", formula1='"优,良,中,差"', allow_blank=True)
    grades.add("C5:C10")
    whole = DataValidation(type="whole", operator="between", formula1="0", formula2="100")
    whole.add("D5:D10")
    whole.add("E5")
    sheet.add_data_validation(grades)
    sheet.add_data_validation(whole)
    red = PatternFill(fill_type="solid", fgColor="FFFF0000", bgColor="FFFF0000")
    sheet.conditional_formatting.add("H40:H45", CellIsRule(operator="greaterThan", formula=["100"], fill=red))
    sheet.conditional_formatting.add("I40:I45", ColorScaleRule(start_type="min", start_color="FFFFFFFF",
                                                               end_type="max", end_color="FF00FF00"))


def _add_print_settings(sheet):
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.orientation = sheet.ORIENTATION_LANDSCAPE
    sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_area = "A1:J50"
    sheet.print_title_rows = "1:2"
    sheet.page_margins.left = 0.5
    sheet.oddHeader.center.text = "部门整体支出绩效自评表"


def rich_findings():
    return [
        total_finding(),
        finding("PE203", Severity.INFO, "附件2", "H45", "得分按四舍五入后的执行率计算", hint="可忽略"),
        finding("PE301", Severity.WARNING, "附件2", "C1", "标题中的年度与报告年度不符", hint="改为 2024 年度"),
        finding("PE105", Severity.INFO, "附件2", "H44", "满意度指标得分为 20"),
        finding("PE401", Severity.WARNING, "附件3", "B2", '=HYPERLINK("http://x","y")',
                hint="@提示", actual="+1", expected="-1"),
        finding("PE501", Severity.ERROR, None, None, "缺少附件1"),
        finding("PE502", Severity.WARNING, "附件9", "A1", "工作表不存在"),
    ]


def cell_contents(sheet):
    """{coordinate: (value, data_type)} of every cell with a value; formulas as their text."""
    contents = {}
    for row in sheet.iter_rows():
        for cell in row:
            value = cell.value
            if isinstance(value, ArrayFormula):
                value = ("array", value.ref, value.text)
            if value is not None:
                contents[cell.coordinate] = (value, cell.data_type)
    return contents


def cell_marks(sheet):
    """{coordinate: (fill XML, comment text, comment author)} of every cell the sheet stores."""
    from openpyxl.xml.functions import tostring
    marks = {}
    for (row, column), cell in sheet._cells.items():
        comment = cell.comment
        marks[cell.coordinate] = (tostring(cell.fill.to_tree()),
                                  comment.text if comment else None,
                                  comment.author if comment else None)
    return marks


def default_fill_xml():
    from openpyxl.xml.functions import tostring
    return tostring(PatternFill().to_tree())


def plain_marks(sheet):
    """cell_marks without the cells that carry nothing (default fill, no comment)."""
    empty = default_fill_xml()
    return {key: mark for key, mark in cell_marks(sheet).items() if mark != (empty, None, None)}


def tiny_png():
    """A 1×1 PNG built by hand (xlsxwriter reads only its header; Pillow is not needed)."""
    def chunk(kind, data):
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))
    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)
            + chunk(b"IDAT", zlib.compress(b"\x00\xff\x00\x00")) + chunk(b"IEND", b""))
