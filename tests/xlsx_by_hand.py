"""Workbooks written XML by hand: every part an .xlsx needs, for what no writer the tests use makes.

Used by tests/test_fast_reader_by_hand.py (the fast reader against openpyxl) and
tests/test_sheet_scan.py (the sheet scanner against ElementTree).
"""

import zipfile

MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
DOC_RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PACKAGE_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
SPREADSHEETML = "application/vnd.openxmlformats-officedocument.spreadsheetml."
# cellXfs: the number format of each style index a hand-written cell may name with s="…"
STYLE_FORMATS = (
    0,      # 0  General
    14,     # 1  mm-dd-yy: a date
    2,      # 2  0.00
    10,     # 3  0.00%
    176,    # 4  yyyy"年"m"月"d"日"
    46,     # 5  [h]:mm:ss: a duration
    31,     # 6  a Chinese date built into Excel, unknown to openpyxl: General, the number kept
    177,    # 7  [$-804]yyyy年m月d日
    178,    # 8  #,##0.00_
    179,    # 9  "0.00" defined as a custom format: openpyxl maps it to built-in 2
    180,    # 10 [h]:mm
    20,     # 11 h:mm: a time of day
    49,     # 12 @
    57,     # 13 another Chinese built-in, unknown to openpyxl
    -1,     # 14 a negative number: General
)
CUSTOM_FORMATS_XML = {176: 'yyyy"年"m"月"d"日"', 177: "[$-804]yyyy年m月d日", 178: "#,##0.00_ ", 179: "0.00",
                      180: "[h]:mm"}


def escape(text):
    return text.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;")


def styles_xml(formats=STYLE_FORMATS, custom=CUSTOM_FORMATS_XML, dxfs=""):
    numbers = "".join(f'<numFmt numFmtId="{n}" formatCode="{escape(code)}"/>' for n, code in custom.items())
    xfs = "".join(f'<xf numFmtId="{n}" fontId="0" fillId="0" borderId="0" xfId="0"/>' for n in formats)
    return (f'<?xml version="1.0" encoding="UTF-8"?><styleSheet xmlns="{MAIN_NS}">'
            f'<numFmts count="{len(custom)}">{numbers}</numFmts>'
            '<fonts count="1"><font><sz val="11"/><name val="宋体"/></font></fonts>'
            '<fills count="1"><fill><patternFill patternType="none"/></fill></fills>'
            '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
            '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
            f'<cellXfs count="{len(formats)}">{xfs}</cellXfs>'
            '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
            f"{dxfs}</styleSheet>")


def sheet_xml(rows, after=""):
    return (f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{MAIN_NS}" xmlns:r="{DOC_RELS}">'
            f"<sheetData>{rows}</sheetData>{after}</worksheet>")


def strings_xml(items):
    return f'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="{MAIN_NS}">{"".join(items)}</sst>'


def xml_workbook(path, sheets, strings=(), styles=None, workbook_pr="", changes=None):
    """Write an .xlsx of ``sheets`` ([(title, worksheet XML)]); ``changes`` maps a part name to new text
    (None drops the part).  Returns the path."""
    sheet_entries = "".join(f'<sheet name="{escape(title)}" sheetId="{n}" r:id="rId{n}"/>'
                            for n, (title, _) in enumerate(sheets, 1))
    relations = "".join(f'<Relationship Id="rId{n}" Type="{DOC_RELS}/worksheet" Target="worksheets/sheet{n}.xml"/>'
                        for n in range(1, len(sheets) + 1))
    overrides = "".join(f'<Override PartName="/xl/worksheets/sheet{n}.xml" ContentType="{SPREADSHEETML}worksheet+xml"/>'
                        for n in range(1, len(sheets) + 1))
    parts = {
        "[Content_Types].xml": (
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            f'<Override PartName="/xl/workbook.xml" ContentType="{SPREADSHEETML}sheet.main+xml"/>{overrides}'
            f'<Override PartName="/xl/styles.xml" ContentType="{SPREADSHEETML}styles+xml"/>'
            f'<Override PartName="/xl/sharedStrings.xml" ContentType="{SPREADSHEETML}sharedStrings+xml"/></Types>'),
        "_rels/.rels": (f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{PACKAGE_RELS}">'
                        f'<Relationship Id="rId1" Type="{DOC_RELS}/officeDocument" Target="xl/workbook.xml"/>'
                        "</Relationships>"),
        "xl/workbook.xml": (f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{MAIN_NS}" xmlns:r="{DOC_RELS}">'
                            f"<workbookPr{workbook_pr}/><sheets>{sheet_entries}</sheets></workbook>"),
        "xl/_rels/workbook.xml.rels": (
            f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{PACKAGE_RELS}">{relations}'
            f'<Relationship Id="rId90" Type="{DOC_RELS}/styles" Target="styles.xml"/>'
            f'<Relationship Id="rId91" Type="{DOC_RELS}/sharedStrings" Target="sharedStrings.xml"/>'
            "</Relationships>"),
        "xl/styles.xml": styles or styles_xml(),
        "xl/sharedStrings.xml": strings_xml(strings),
        **{f"xl/worksheets/sheet{n}.xml": body for n, (_, body) in enumerate(sheets, 1)},
    }
    for name, text in (changes or {}).items():
        parts[name] = text
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in parts.items():
            if text is not None:
                archive.writestr(name, text.encode() if isinstance(text, str) else text)
    return path


def cell(ref, value=None, t=None, s=None, formula=None, inner=""):
    attributes = "".join(f' {k}="{v}"' for k, v in (("r", ref), ("t", t), ("s", s)) if v is not None)
    body = (formula or "") + ("" if value is None else f"<v>{value}</v>") + inner
    return f"<c{attributes}>{body}</c>"


def row(number, *cells):
    label = "" if number is None else f' r="{number}"'
    return f"<row{label}>{''.join(cells)}</row>"
