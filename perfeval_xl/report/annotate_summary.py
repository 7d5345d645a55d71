"""Write the 核查结果 sheet: the file's facts, the counts, what was not kept, one row per finding."""

from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils.cell import get_column_letter
from openpyxl.worksheet.hyperlink import Hyperlink
from openpyxl.worksheet.worksheet import Worksheet

from perfeval_xl.findings import Severity, count_by_severity, sort_findings
from perfeval_xl.report.annotate_cells import FILL_COLOURS, resolve_target

SUMMARY_TITLE = "核查结果"
HEADERS = ("序号", "严重程度", "规则", "名称", "工作表", "单元格", "说明", "建议", "填报值", "应为")
WIDTHS = (6, 10, 8, 22, 14, 9, 48, 40, 12, 12)
LINE_HEIGHT = 15  # points per wrapped line: spreadsheet apps do not re-fit row heights of a saved file
WRAPPED = frozenset((4, 7, 8, 9, 10))           # columns whose text may be long
FORMULA_LEADS = ("=", "+", "-", "@", "\t", "\r")
_MAX_TEXT = 32767
_BOLD = Font(bold=True)
_LINK = Font(color="FF0563C1", underline="single")
_HEADER_FILL = PatternFill(fill_type="solid", fgColor="FFD9D9D9", bgColor="FFD9D9D9")


def put_text(cell, value):
    """Store ``value`` as text, never as a formula, whatever it starts with."""
    text = ILLEGAL_CHARACTERS_RE.sub("", str(value))[:_MAX_TEXT]
    cell.value = text
    cell.data_type = "s"          # openpyxl made it a formula if it starts with "="
    if text.startswith(FORMULA_LEADS):
        cell.quotePrefix = True   # and Excel keeps it text when the cell is edited
    return cell


def unique_title(workbook, title):
    """``title``, or ``title`` with a number when a sheet of that name is already there."""
    candidate, number = title, 2
    while candidate in workbook.sheetnames:
        candidate, number = f"{title}{number}", number + 1
    return candidate


def write_summary(workbook, findings, *, title, facts, dropped_lines):
    """Insert the summary at index 0; ``facts`` are (label, value) rows such as 文件, 单位."""
    sheet_names = list(workbook.sheetnames)
    sheet = workbook.create_sheet(title, 0)
    row = _write_facts(sheet, facts, findings)
    for line in dropped_lines:
        put_text(sheet.cell(row=row, column=1), "未保留").font = _BOLD
        put_text(sheet.cell(row=row, column=2), line).font = Font(color="FFC00000")
        row += 1
    header_row = row + 1
    ordered = sort_findings(findings, sheet_names, severity_first=True)
    _write_table(sheet, header_row, ordered, skip=(title,))
    _format(sheet, header_row, header_row + max(len(ordered), 1))
    return sheet


def _write_facts(sheet, facts, findings):
    put_text(sheet.cell(row=1, column=1), "perfeval-xl 核查结果").font = Font(bold=True, size=14)
    counts = count_by_severity(findings)
    rows = list(facts) + [
        (Severity.ERROR.label_zh, counts["errors"]),
        (Severity.WARNING.label_zh, counts["warnings"]),
        (Severity.INFO.label_zh, counts["infos"]),
    ]
    for row, (label, value) in enumerate(rows, 2):
        put_text(sheet.cell(row=row, column=1), label).font = _BOLD
        target = sheet.cell(row=row, column=2)
        if isinstance(value, int):
            target.value = value
        else:
            put_text(target, "" if value is None else value)
    return len(rows) + 2


def _write_table(sheet, header_row, findings, skip):
    for column, header in enumerate(HEADERS, 1):
        cell = put_text(sheet.cell(row=header_row, column=column), header)
        cell.font, cell.fill = _BOLD, _HEADER_FILL
    for number, finding in enumerate(findings, 1):
        _write_finding(sheet, header_row + number, number, finding, skip)
    if not findings:
        put_text(sheet.cell(row=header_row + 1, column=7), "未发现问题。")


def _write_finding(sheet, row, number, finding, skip):
    sheet.cell(row=row, column=1, value=number)
    texts = (finding.severity.label_zh, finding.rule, finding.name, finding.sheet,
             finding.cell, finding.message, finding.hint, finding.actual, finding.expected)
    for column, text in enumerate(texts, 2):
        if text is not None:
            put_text(sheet.cell(row=row, column=column), text)
    colour = FILL_COLOURS[finding.severity]
    sheet.cell(row=row, column=2).fill = PatternFill(fill_type="solid", fgColor=colour, bgColor=colour)
    location = _link_location(sheet.parent, finding, skip)
    if location is not None:
        cell = sheet.cell(row=row, column=6)
        if cell.value is None:
            put_text(cell, "（整表）")
        cell.hyperlink = Hyperlink(ref=cell.coordinate, location=location)
        cell.font = _LINK


def _link_location(workbook, finding, skip):
    """Internal link target "'附件2'!H45" (A1 when the cell is unknown); None without a sheet."""
    if finding.sheet not in workbook.sheetnames or finding.sheet in skip:
        return None
    if not isinstance(workbook[finding.sheet], Worksheet):
        return None
    target = resolve_target(workbook, finding, skip)
    coordinate = target[1] if target is not None else "A1"
    return "'" + finding.sheet.replace("'", "''") + "'!" + coordinate


def _wrapped_lines(row):
    """How many lines the row's longest wrapped text takes at its column's width."""
    lines = 1
    for cell in row:
        if cell.column in WRAPPED and cell.value:
            width = WIDTHS[cell.column - 1]
            needed = sum(max(1, -(-_display_width(part) // width)) for part in str(cell.value).split("\n"))
            lines = max(lines, needed)
    return lines


def _display_width(text):
    """Columns a text takes: CJK and full-width characters count two."""
    return sum(2 if ord(ch) > 0x2E7F else 1 for ch in text)


def _format(sheet, header_row, last_row):
    """Widths, wrap, autofilter, frozen header, A4 landscape fitted to the page width."""
    for column, width in enumerate(WIDTHS, 1):
        sheet.column_dimensions[get_column_letter(column)].width = width
    wrap = Alignment(wrap_text=True, vertical="top")
    for row in sheet.iter_rows(min_row=header_row + 1, max_row=last_row, max_col=len(HEADERS)):
        for cell in row:
            cell.alignment = wrap if cell.column in WRAPPED else Alignment(vertical="top")
        sheet.row_dimensions[row[0].row].height = LINE_HEIGHT * _wrapped_lines(row)
    last_column = get_column_letter(len(HEADERS))
    sheet.auto_filter.ref = f"A{header_row}:{last_column}{last_row}"
    sheet.freeze_panes = f"A{header_row + 1}"
    sheet.print_title_rows = f"{header_row}:{header_row}"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.orientation = sheet.ORIENTATION_LANDSCAPE
    sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
