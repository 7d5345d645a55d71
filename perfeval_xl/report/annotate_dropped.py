"""Find, before saving, the parts of a source workbook that openpyxl will not carry over."""

import posixpath
import re
from dataclasses import dataclass
from xml.etree.ElementTree import ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring, iterparse

# key: (Chinese label, kept in part).  "In part" means openpyxl re-creates the
# object from what it understands (a chart loses its styles and colours).
FEATURES = {
    "images": ("图片", False),
    "charts": ("图表", True),
    "shapes": ("形状、文本框等图形对象", False),
    "x14_validations": ("扩展数据验证（x14）", False),
    "x14_conditional_formats": ("扩展条件格式（x14，如数据条、图标集）", False),
    "sparklines": ("迷你图", False),
    "slicers": ("切片器", False),
    "timelines": ("日程表", False),
    "sheet_extensions": ("工作表扩展内容（extLst）", False),
    "vba": ("宏（VBA）", False),
    "pivot_tables": ("数据透视表", True),
    "ole_objects": ("嵌入对象（OLE）", False),
    "controls": ("表单控件或 ActiveX 控件", False),
    "background": ("工作表背景图片", False),
    "header_images": ("页眉页脚中的图片", False),
    "protected_ranges": ("允许编辑区域", False),
    "ignored_errors": ("错误检查的忽略标记", False),
    "custom_views": ("自定义视图", False),
    "merged_comments": ("合并单元格中非左上角单元格的批注", False),
    "threaded_comments": ("对话式批注的回复", False),
    "custom_xml": ("自定义 XML 数据", False),
    "dynamic_arrays": ("动态数组公式的元数据", False),
    "rich_data": ("单元格内图片或数据类型", False),
    "connections": ("外部数据连接和查询", False),
    "data_model": ("数据模型（Power Pivot）", False),
    "printer_settings": ("打印机驱动设置（纸张、方向、缩放等页面设置已保留）", False),
    "macro_sheets": ("宏表或对话框工作表", False),
    "other_sheet_parts": ("工作表中的其他设置", False),
    "other_parts": ("其他内容", False),
}

# Worksheet <extLst><ext uri=…> kinds (openpyxl drops every one of them).
EXTENSION_URIS = {
    "{78C0D931-6437-407D-A8EE-F0AAD7539E65}": "x14_conditional_formats",
    "{CCE6A557-97BC-4B89-ADB6-D9C93CAAB3DF}": "x14_validations",
    "{05C60535-1F16-4FD2-B633-F4F36F0B64E0}": "sparklines",
    "{A8765BA9-456A-4DAB-B4F3-ACF838C121DE}": "slicers",
    "{3A4CF648-6AED-40F4-86FF-DC5316D8AED3}": "slicers",
    "{FC87AEE6-9EDD-4A0A-B7FB-166176984837}": "protected_ranges",
    "{01252117-D84E-4E92-8308-4BE1C098FCBB}": "ignored_errors",
    "{7E03D99C-DC04-49D9-9315-930204A7B6E9}": "timelines",
}

# Top-level worksheet elements openpyxl reads and writes back, or whose loss is harmless
# (dimension is recomputed, sheetCalcPr/phoneticPr/sortState change nothing the user sees).
KEPT_SHEET_TAGS = frozenset((
    "sheetPr", "dimension", "sheetViews", "sheetFormatPr", "cols", "sheetData",
    "sheetCalcPr", "sheetProtection", "autoFilter", "sortState", "mergeCells",
    "phoneticPr", "conditionalFormatting", "dataValidations", "hyperlinks",
    "printOptions", "pageMargins", "pageSetup", "headerFooter", "rowBreaks",
    "colBreaks", "drawing", "legacyDrawing", "tableParts", "scenarios", "extLst",
))
DROPPED_SHEET_TAGS = {
    "oleObjects": "ole_objects",
    "controls": "controls",
    "picture": "background",
    "legacyDrawingHF": "header_images",
    "protectedRanges": "protected_ranges",
    "ignoredErrors": "ignored_errors",
    "customSheetViews": "custom_views",
}

# Package parts by lower-case prefix: what openpyxl drops, and what it keeps or rebuilds.
DROPPED_PARTS = (
    ("xl/pivottables/", "pivot_tables"), ("xl/pivotcache/", "pivot_tables"),
    ("xl/slicers/", "slicers"), ("xl/slicercaches/", "slicers"),
    ("xl/timelines/", "timelines"), ("xl/timelinecaches/", "timelines"),
    ("xl/threadedcomments/", "threaded_comments"), ("xl/persons/", "threaded_comments"),
    ("xl/embeddings/", "ole_objects"), ("xl/activex/", "controls"),
    ("xl/ctrlprops/", "controls"), ("customxml/", "custom_xml"),
    ("xl/metadata.xml", "dynamic_arrays"), ("xl/richdata/", "rich_data"),
    ("xl/connections.xml", "connections"), ("xl/querytables/", "connections"),
    ("xl/model/", "data_model"), ("xl/printersettings/", "printer_settings"),
    ("xl/macrosheets/", "macro_sheets"), ("xl/dialogsheets/", "macro_sheets"),
)
KEPT_PARTS = (
    "[content_types].xml", "_rels/", "docprops/", "xl/workbook.xml", "xl/_rels/",
    "xl/styles.xml", "xl/theme/", "xl/sharedstrings.xml", "xl/worksheets/",
    "xl/chartsheets/", "xl/comments", "xl/drawings/", "xl/media/", "xl/charts/",
    "xl/tables/", "xl/externallinks/", "xl/calcchain.xml",
)

_VML_OBJECT = re.compile(rb'ObjectType\s*=\s*"(\w+)"')
_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"
_SHEET = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}sheet"
_RID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"


@dataclass(frozen=True)
class DroppedFeature:
    """A kind of content in the source that the annotated copy does not keep (in full)."""

    key: str
    label: str
    partial: bool = False
    sheets: tuple = ()
    parts: tuple = ()

    @property
    def line_zh(self):
        """The line written on 核查结果, e.g. 原文件中的图片（工作表：附件2）在核查副本中未保留。"""
        if self.sheets:
            place = "（工作表：" + "、".join(self.sheets) + "）"
        elif self.parts and self.key.startswith("other"):
            shown = "、".join(self.parts[:3])
            place = "（" + shown + ("等" if len(self.parts) > 3 else "") + "）"
        else:
            place = ""
        state = "可能未完整保留" if self.partial else "未保留"
        return f"原文件中的{self.label}{place}在核查副本中{state}，请以原文件为准。"

    def as_dict(self):
        return {"key": self.key, "label": self.label, "partial": self.partial,
                "sheets": list(self.sheets), "parts": list(self.parts)}


def feature(key, sheets=(), parts=()):
    """A DroppedFeature with the standard label of ``key``."""
    label, partial = FEATURES[key]
    return DroppedFeature(key, label, partial, tuple(sheets), tuple(parts))


class _Found:
    """Collects features in the order first met, with the sheets and parts where they were."""

    def __init__(self):
        self._where = {}

    def add(self, key, sheet=None, part=None):
        sheets, parts = self._where.setdefault(key, ([], []))
        if sheet is not None and sheet not in sheets:
            sheets.append(sheet)
        if part is not None and part not in parts:
            parts.append(part)

    def features(self):
        return tuple(feature(key, sheets, parts) for key, (sheets, parts) in self._where.items())


def detect_dropped(archive, *, keep_vba, images_supported):
    """Inspect the source zip (parts and sheet XML) for content openpyxl cannot keep."""
    package = _Package(archive)
    found = _Found()
    _check_parts(package, found, keep_vba)
    for title, part in package.sheet_parts():
        _check_sheet(package, part, title, found, images_supported)
    return found.features()


def empty_author_comments(archive):
    """{(sheet title, cell)} of the comments whose author is empty.

    openpyxl reads an empty ``<author/>`` (xlsxwriter writes one when no author is
    given) as the text "None" and would save it so; the caller puts the empty author back.
    """
    package = _Package(archive)
    found = set()
    for title, part in package.sheet_parts():
        for kind, target in package.relationships(part).values():
            if kind.endswith("/comments"):
                found |= {(title, ref) for ref in _empty_author_refs(package.parse(target))}
    return found


def _empty_author_refs(root):
    if root is None:
        return []
    authors = [author.text or "" for author in root.iter(_MAIN + "author")]
    refs = []
    for comment in root.iter(_MAIN + "comment"):
        number = comment.get("authorId", "0")
        known = number.isdigit() and int(number) < len(authors)
        if known and not authors[int(number)] and comment.get("ref"):
            refs.append(comment.get("ref"))
    return refs


def merge_features(*groups):
    """Join feature tuples, one feature per key, sheets and parts united."""
    found = _Found()
    for group in groups:
        for item in group:
            found.add(item.key)
            for sheet in item.sheets:
                found.add(item.key, sheet=sheet)
            for part in item.parts:
                found.add(item.key, part=part)
    return found.features()


class _Package:
    """Read access to the zip by part name, case-insensitive as OPC requires."""

    def __init__(self, archive):
        self.archive = archive
        self.names = {name.lower(): name for name in archive.namelist()}

    def read(self, part):
        name = self.names.get(part.lower())
        return None if name is None else self.archive.read(name)

    def parse(self, part):
        data = self.read(part)
        if data is None:
            return None
        try:
            return fromstring(data)
        except (ParseError, DefusedXmlException):
            return None

    def relationships(self, part):
        """{id: (type, target part)} of a part's .rels file; external targets left out."""
        folder, name = posixpath.split(part)
        root = self.parse(posixpath.join(folder, "_rels", name + ".rels"))
        if root is None:
            return {}
        found = {}
        for rel in root.iter(_REL):
            if rel.get("TargetMode") == "External" or not rel.get("Target"):
                continue
            found[rel.get("Id")] = (rel.get("Type", ""), _resolve(folder, rel.get("Target")))
        return found

    def sheet_parts(self):
        """(title, part) of every sheet the workbook lists, in workbook order."""
        workbook = next((target for kind, target in self.relationships("").values()
                         if kind.endswith("/officeDocument")), "xl/workbook.xml")
        root = self.parse(workbook)
        if root is None:
            return []
        rels = self.relationships(workbook)
        return [(sheet.get("name"), rels[sheet.get(_RID)][1])
                for sheet in root.iter(_SHEET) if sheet.get(_RID) in rels]


def _resolve(folder, target):
    if target.startswith("/"):
        return target.lstrip("/")
    return posixpath.normpath(posixpath.join(folder, target))


def _check_parts(package, found, keep_vba):
    for lower, name in sorted(package.names.items()):
        if lower.startswith("xl/vba") or lower.endswith("vbaproject.bin"):
            if not keep_vba:
                found.add("vba", part=name)
            continue
        key = next((key for prefix, key in DROPPED_PARTS if lower.startswith(prefix)), None)
        if key is not None:
            found.add(key, part=name)
        elif not lower.endswith("/") and not lower.startswith(KEPT_PARTS):
            found.add("other_parts", part=name)


def _check_sheet(package, part, title, found, images_supported):
    for key in _sheet_xml_features(package, part):
        found.add(key, sheet=title)
    for kind, target in package.relationships(part).values():
        if kind.endswith("/drawing"):
            for key in _drawing_features(package, target, images_supported):
                found.add(key, sheet=title)
        elif kind.endswith("/vmlDrawing") and _vml_has_controls(package.read(target)):
            found.add("controls", sheet=title)


def _sheet_xml_features(package, part):
    """Keys for the top-level elements and extLst entries of one sheet that openpyxl drops."""
    name = package.names.get(part.lower())
    if name is None:
        return []
    keys, depth, in_extensions = [], 0, False
    try:
        with package.archive.open(name) as stream:
            for event, element in iterparse(stream, events=("start", "end")):
                depth += 1 if event == "start" else -1
                if event == "end":
                    element.clear()
                    continue
                tag = _local(element.tag)
                if depth == 2:
                    in_extensions = tag == "extLst"
                    keys.append(_sheet_tag_key(tag))
                elif depth == 3 and in_extensions and tag == "ext":
                    keys.append(EXTENSION_URIS.get(element.get("uri", "").upper(), "sheet_extensions"))
    except (ParseError, DefusedXmlException):
        return keys
    return [key for key in keys if key is not None]


def _sheet_tag_key(tag):
    if tag in KEPT_SHEET_TAGS:
        return None
    return DROPPED_SHEET_TAGS.get(tag, "other_sheet_parts")


def _drawing_features(package, part, images_supported):
    """Keys for what a DrawingML part holds: pictures, charts, shapes."""
    root = package.parse(part)
    if root is None:
        return []
    tags = [_local(element.tag) for element in root.iter()]
    # With Pillow openpyxl keeps pictures, except the vector ones Pillow cannot open.
    vector = any(target.lower().endswith((".emf", ".wmf"))
                 for kind, target in package.relationships(part).values() if kind.endswith("/image"))
    keys = []
    if "pic" in tags and (vector or not images_supported):
        keys.append("images")
    if "chart" in tags:
        keys.append("charts")
    frames_without_chart = tags.count("graphicFrame") > tags.count("chart")
    if frames_without_chart or {"sp", "grpSp", "cxnSp", "AlternateContent"} & set(tags):
        keys.append("shapes")
    return keys


def _vml_has_controls(data):
    """True when a legacy VML part holds something other than comment boxes (form controls)."""
    if not data:
        return False
    return any(kind != b"Note" for kind in _VML_OBJECT.findall(data))


def _local(tag):
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""
