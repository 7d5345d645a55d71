"""Fidelity of the annotated copy over generated hand-typed layouts: what the input holds is still there.

The layouts are written by xlsxwriter, the way Excel writes a file (a writer other than
the openpyxl that annotates): merged cells, comments, data validations with messages,
conditional formats, external and internal links, workbook and sheet names, sheet and
workbook protection with passwords, print settings (A4, landscape, fit to width, print
titles), hidden and very hidden sheets, frozen panes, widths and heights; and sometimes
what openpyxl cannot keep (a chart, a picture, a text box, a sparkline, an x14 data bar, a
comment inside a merged range), which the copy must name.  Findings land anywhere: random
cells, merged interiors, missing sheets, no cell.

``assert_faithful`` compares a copy with its input twice: through openpyxl's model, and
through the raw XML, which does not depend on what openpyxl reads.  Allowed differences:
核查结果 first, the very hidden record sheet last, fills and perfeval-xl comments on the
finding cells.  One exception, openpyxl's: the cells inside a merged range are rebuilt from
its top-left cell (spreadsheet applications show a merged cell by its top-left cell), so
their own formats are not compared.  The template side is in test_annotate_property.py.
"""

import io
import re
import tempfile
import zipfile
from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
import xlsxwriter
from defusedxml.ElementTree import fromstring
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from openpyxl.drawing.image import PILImage
from openpyxl.styles.cell_style import StyleArray
from openpyxl.styles.numbers import BUILTIN_FORMATS
from openpyxl.utils.cell import column_index_from_string, get_column_letter
from openpyxl.worksheet.formula import ArrayFormula
from openpyxl.xml.functions import tostring

import render
from perfeval_xl.api import verify_file
from perfeval_xl.findings import Finding, Severity
from perfeval_xl.report.annotate import annotate
from perfeval_xl.report.annotate_cells import AUTHOR, FILL_COLOURS, SEPARATOR
from perfeval_xl.report.annotate_record import RECORD_SHEET
from perfeval_xl.report.annotate_review import HEADING as REVIEW_HEADING
from perfeval_xl.review_score import score_review
from perfeval_xl.template import TemplateOptions, fill_template, generate_template
from perfeval_xl.template.protection import StructureProtectedWorkbook
from test_annotate_support import sha256, tiny_png

# openpyxl warns about what it drops while loading; the copy names it, the test checks that
pytestmark = pytest.mark.filterwarnings("ignore:.*(not supported and will be removed|merged range but has a "
                                        "comment).*:UserWarning")
LAYOUT_EXAMPLES = 85          # with test_annotate_property.py: over 100 generated workbooks a run
SLOW = dict(deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

# ---------------------------------------------------------------- the oracle: openpyxl's model


def _xml(item, drop=()):
    if item is None:
        return None
    tree = item.to_tree()
    for key in drop:
        tree.attrib.pop(key, None)
    return tostring(tree)


def _content(cell):
    if isinstance(cell.value, ArrayFormula):
        return ("array", cell.value.ref, cell.value.text), cell.data_type
    if cell.value is None or cell.value == "":
        # openpyxl saves an empty text as an empty cell; both show nothing and equal ""
        return None, None
    return cell.value, cell.data_type


def sheet_features(sheet):
    """Everything of a sheet but its cells, as comparable values."""
    properties = sheet.sheet_properties
    validations = [tuple(map(repr, (str(v.sqref), v.type, v.operator, v.formula1, v.formula2, v.allow_blank,
                                    v.showDropDown, v.showInputMessage, v.showErrorMessage, v.errorStyle,
                                    v.errorTitle, v.error, v.promptTitle, v.prompt)))
                   for v in sheet.data_validations.dataValidation]
    formats = [(str(block.sqref),
                tuple((_xml(rule, drop=("dxfId",)), _xml(rule.dxf)) for rule in block.rules))
               for block in sheet.conditional_formatting]
    return {
        "state": sheet.sheet_state,
        "merges": sorted(map(str, sheet.merged_cells.ranges)),
        "validations": sorted(validations),
        "conditional_formats": sorted(formats, key=repr),
        "protection": _xml(sheet.protection),
        "print": (_xml(sheet.page_setup, drop=("{http://schemas.openxmlformats.org/officeDocument/2006/"
                                               "relationships}id",)),
                  _xml(sheet.print_options), _xml(sheet.page_margins), _xml(sheet.HeaderFooter),
                  sheet.print_title_rows, sheet.print_title_cols, sheet.print_area,
                  _xml(properties.pageSetUpPr), _xml(sheet.row_breaks), _xml(sheet.col_breaks)),
        "view": (sheet.freeze_panes, _xml(sheet.sheet_view, drop=("tabSelected",))),
        "tab_colour": _xml(properties.tabColor),
        "columns": {key: (d.min, d.max, d.width, d.hidden, d.outline_level)
                    for key, d in sheet.column_dimensions.items()},
        "rows": {key: (d.ht, d.hidden, d.outline_level) for key, d in sheet.row_dimensions.items()},
        "names": {name: item.attr_text for name, item in sheet.defined_names.items()},
        "auto_filter": sheet.auto_filter.ref,
    }


def cell_records(sheet):
    """{coordinate: record} of every cell the sheet stores: content, style, link, fill, comment."""
    styles = _style_tables(sheet.parent)
    records = {}
    for cell in sheet._cells.values():
        link, comment, style = cell.hyperlink, cell.comment, cell._style or StyleArray()
        records[cell.coordinate] = {
            "content": _content(cell),
            "style": (cell.number_format, styles["fonts"][style.fontId], styles["borders"][style.borderId],
                      styles["alignments"][style.alignmentId], styles["protections"][style.protectionId],
                      bool(style.quotePrefix)),
            "link": None if link is None else (link.target, link.location, link.tooltip, link.display),
            "fill": styles["fills"][style.fillId],
            "comment": None if comment is None else (comment.text, comment.author),
        }
    return records


def _style_tables(workbook):
    """The workbook's style lists as XML, so cells of two workbooks compare by what they mean."""
    return {name: [_xml(item) for item in getattr(workbook, "_" + name)]
            for name in ("fonts", "borders", "alignments", "protections", "fills")}


def _empty_record():
    sheet = openpyxl.Workbook().active
    sheet["A1"].value = None
    return cell_records(sheet)["A1"]


EMPTY_RECORD = _empty_record()


def book_features(workbook):
    return {"names": {name: (item.attr_text, item.hidden, item.comment)
                      for name, item in workbook.defined_names.items()},
            "protection": _xml(workbook.security)}


# ---------------------------------------------------------------- the oracle: raw XML

_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_RID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
_COUNTED = ("mergeCell", "dataValidation", "cfRule", "hyperlink")


@dataclass
class RawSheet:
    counts: Counter       # mergeCell, dataValidation, cfRule, hyperlink elements
    styles: dict          # coordinate → the cell's resolved format
    comments: dict        # coordinate → (author, text)


@dataclass
class RawBook:
    sheets: dict          # title → RawSheet
    names: set            # (name, scope sheet title or None, text without quotes)


def raw_book(path):
    """Read a package's XML directly: per sheet the counted elements, resolved cell formats, comments."""
    with zipfile.ZipFile(path) as archive:
        read = lambda part: fromstring(archive.read(part))          # noqa: E731
        book = read("xl/workbook.xml")
        targets = _targets(archive, "xl/workbook.xml")
        titles, sheets = [], {}
        formats = _cell_formats(read("xl/styles.xml"))
        for sheet in book.iter(_MAIN + "sheet"):
            part = targets[sheet.get(_RID)]
            titles.append(sheet.get("name"))
            sheets[sheet.get("name")] = _raw_sheet(archive, part, read(part), formats)
    names = {(item.get("name"), _scope(item, titles), _name_text(item.text))
             for item in book.iter(_MAIN + "definedName")}
    return RawBook(sheets, names)


def _scope(name, titles):
    return None if name.get("localSheetId") is None else titles[int(name.get("localSheetId"))]


def _name_text(text):
    """A defined name's formula as both writers agree: quotes dropped, print titles' parts sorted."""
    return ",".join(sorted((text or "").replace("'", "").split(",")))


def _targets(archive, part):
    folder, name = part.rsplit("/", 1)
    rels = f"{folder}/_rels/{name}.rels"
    if rels not in archive.namelist():
        return {}
    targets = {}
    for rel in fromstring(archive.read(rels)):
        target = rel.get("Target")
        target = target.lstrip("/") if target.startswith("/") else _join(folder, target)
        targets[rel.get("Id")] = target
        targets.setdefault(rel.get("Type").rsplit("/", 1)[-1], target)
    return targets


def _join(folder, target):
    parts = folder.split("/")
    for piece in target.split("/"):
        if piece == "..":
            parts.pop()
        elif piece != ".":
            parts.append(piece)
    return "/".join(parts)


def _raw_sheet(archive, part, root, formats):
    counts = Counter(element.tag[len(_MAIN):] for element in root.iter()
                     if element.tag[len(_MAIN):] in _COUNTED and element.tag.startswith(_MAIN))
    styles = {cell.get("r"): (formats[int(cell.get("s", 0))]) for cell in root.iter(_MAIN + "c")}
    comments = {}
    target = _targets(archive, part).get("comments")
    if target:
        comments_root = fromstring(archive.read(target))
        authors = [author.text or "" for author in comments_root.iter(_MAIN + "author")]
        for comment in comments_root.iter(_MAIN + "comment"):
            text = "".join(piece.text or "" for piece in comment.iter(_MAIN + "t"))
            comments[comment.get("ref")] = (authors[int(comment.get("authorId", 0))], text)
    return RawSheet(counts, styles, comments)


def _cell_formats(styles):
    """Each cellXfs entry as (number format, font, fill, border, alignment, protection, quotePrefix)."""
    numbers = {item.get("numFmtId"): item.get("formatCode") for item in styles.iter(_MAIN + "numFmt")}
    fonts, fills, borders = ([_canonical(item) for item in styles.find(_MAIN + kind)]
                             for kind in ("fonts", "fills", "borders"))
    resolved = []
    for xf in styles.find(_MAIN + "cellXfs"):
        number = xf.get("numFmtId", "0")
        number = numbers.get(number) or BUILTIN_FORMATS.get(int(number), number)
        protection = xf.find(_MAIN + "protection")
        locked = _flag(protection.get("locked", "1")) if protection is not None else "1"
        hidden = _flag(protection.get("hidden", "0")) if protection is not None else "0"
        resolved.append((number, fonts[int(xf.get("fontId", 0))], fills[int(xf.get("fillId", 0))],
                         borders[int(xf.get("borderId", 0))], _canonical(xf.find(_MAIN + "alignment")),
                         (locked, hidden), _flag(xf.get("quotePrefix", "0"))))
    return resolved


def _flag(value):
    return {"true": "1", "false": "0"}.get(value, value)


BOOLEAN_FONT_TAGS = ("b", "i", "strike", "outline", "shadow", "condense", "extend")


def _canonical(element):
    """An element as a tree of (tag, attributes, children), in a form both writers agree on."""
    if element is None:
        return None
    tag = element.tag.rsplit("}", 1)[-1]
    attributes = {key: _flag(value) for key, value in element.attrib.items()}
    if tag in BOOLEAN_FONT_TAGS and attributes.get("val") == "1":
        attributes.pop("val")
    if tag == "u" and attributes.get("val") == "single":
        attributes.pop("val")
    if tag == "patternFill" and attributes.get("patternType") == "none":
        attributes.pop("patternType")
    return (tag, tuple(sorted(attributes.items())), tuple(sorted(map(_canonical, element))))


# ---------------------------------------------------------------- the check

_CELL = re.compile(r"^\$?([A-Za-z]{1,3})\$?([0-9]{1,7})$")


def expected_marks(original, findings):
    """{(sheet, coordinate): worst severity}: each finding at its cell, or its merged range's top-left."""
    marks = {}
    for item in findings:
        target = _target(original, item)
        if target is not None and (target not in marks or item.severity.rank < marks[target].rank):
            marks[target] = item.severity
    return marks


def _target(original, item):
    if item.sheet not in original.sheetnames or not isinstance(item.cell, str):
        return None
    match = _CELL.match(item.cell.strip().split(":", 1)[0])
    if match is None:
        return None
    row, column = int(match.group(2)), column_index_from_string(match.group(1).upper())
    if not (1 <= row <= 1048576 and column <= 16384):
        return None
    for block in original[item.sheet].merged_cells.ranges:
        if block.min_row <= row <= block.max_row and block.min_col <= column <= block.max_col:
            row, column = block.min_row, block.min_col
    return item.sheet, f"{get_column_letter(column)}{row}"


def interiors(workbook):
    """{(sheet, coordinate)} of the cells inside merged ranges, top-left cells excepted."""
    inside = set()
    for sheet in workbook.worksheets:
        for block in sheet.merged_cells.ranges:
            inside |= {(sheet.title, f"{get_column_letter(c)}{r}") for r, c in block.cells
                       if (r, c) != (block.min_row, block.min_col)}
    return inside


def assert_faithful(source, output, result, findings, review_sheet=None):
    """The copy holds everything of the source; only 核查结果, the record, fills and our comments are new."""
    original, copy = openpyxl.load_workbook(source), openpyxl.load_workbook(output)
    assert copy.sheetnames == [result.summary_sheet] + original.sheetnames + [RECORD_SHEET]
    assert copy[result.summary_sheet].sheet_state == "visible"
    assert copy[RECORD_SHEET].sheet_state == "veryHidden"
    assert book_features(copy) == book_features(original)
    marks = expected_marks(original, findings)
    for title in original.sheetnames:
        assert sheet_features(copy[title]) == sheet_features(original[title]), title
        ours = {coordinate: severity for (sheet, coordinate), severity in marks.items() if sheet == title}
        _assert_cells(original[title], copy[title], ours, title == review_sheet)
    _assert_raw(source, output, marks, interiors(original), result.summary_sheet, review_sheet)


def _assert_cells(before_sheet, after_sheet, marks, is_review):
    before, after = cell_records(before_sheet), cell_records(after_sheet)
    assert set(before) <= set(after) and set(marks) <= set(after)
    for coordinate, record in after.items():
        old = before.get(coordinate, EMPTY_RECORD)
        severity = marks.get(coordinate)
        if severity is None and not (is_review and record["comment"] != old["comment"]):
            assert record == old, (after_sheet.title, coordinate)
            continue
        for key in ("content", "style", "link"):
            assert record[key] == old[key], (after_sheet.title, coordinate, key)
        if severity is None:       # a 考核评分表 pre-score comment: no fill
            assert record["fill"] == old["fill"] and REVIEW_HEADING in record["comment"][0]
        else:
            fill = after_sheet[coordinate].fill
            assert fill.fill_type == "solid" and fill.fgColor.rgb == FILL_COLOURS[severity]
        _assert_our_comment(old["comment"], record["comment"])


def _assert_our_comment(old, new):
    """Ours alone, by perfeval-xl; or below the old text, which keeps its author (ours if it had none)."""
    text, author = new
    if old is None:
        assert author == AUTHOR and text
    else:
        old_text, old_author = old
        blank = old_author in ("", "None")     # openpyxl reads an empty author as "None"
        assert author == (AUTHOR if blank else old_author)
        assert text.startswith(old_text + "\n" + SEPARATOR + "\n")


def _assert_raw(source, output, marks, inside, summary, review_sheet):
    """The same, read from the XML: element counts, every cell's resolved format, comments, names."""
    before, after = raw_book(source), raw_book(output)
    for title, raw in before.sheets.items():
        copied = after.sheets[title]
        assert copied.counts == raw.counts, title
        for coordinate, style in raw.styles.items():
            if (title, coordinate) not in inside:
                assert coordinate in copied.styles, (title, coordinate)
                _assert_same_format(style, copied.styles[coordinate], (title, coordinate) in marks)
        kept = {ref: item for ref, item in raw.comments.items() if (title, ref) not in inside}
        for ref in set(kept) | set(copied.comments):
            author, text = copied.comments.get(ref, (None, ""))
            if (title, ref) in marks or (title == review_sheet and REVIEW_HEADING in text):
                old = kept.get(ref)
                _assert_our_comment(None if old is None else (old[1], old[0]), (text, author))
            else:
                assert copied.comments.get(ref) == kept.get(ref), (title, ref)
    assert {name for name in after.names if name[1] != summary} == before.names


def _assert_same_format(before, after, marked):
    fill = 2                          # (number format, font, fill, border, alignment, protection, quote)
    if marked:                        # the fill is ours
        before, after = before[:fill] + before[fill + 1:], after[:fill] + after[fill + 1:]
    assert after == before


# ---------------------------------------------------------------- hand-typed layouts

TITLES = ("附件2", "附件3-业务工作经费", "Sheet 2", "项目's表", "2024年 数据", "核查结果")
ROWS, COLUMNS = 10, 6           # the typed grid; links on row 12, extras from row 15
LINK_ROW = 11                   # 0-based, as xlsxwriter counts
RISKY = ["=1+1", '=HYPERLINK("http://x","y")', "+A1", "-3", "@x", "\tx", "#N/A", " 前后空格 "]
FORMULAS = ("=SUM(A1:B3)", '=IF(A1>0,"是","否")', "=ROUND(B2*0.9265,2)", '=A1&"元"', "=COUNTA($A$1:$F$10)")
FORMATS = (None, {"bold": True, "border": 1}, {"bg_color": "#FFF2CC", "locked": False},
           {"num_format": "0.00%"}, {"hidden": True, "font_color": "#C00000"},
           {"text_wrap": True, "valign": "top", "align": "center"}, {"num_format": "yyyy-mm-dd"},
           {"pattern": 1, "bg_color": "#DDEBF7", "border": 2, "italic": True, "font_name": "宋体"})
VALIDATIONS = (
    {"validate": "list", "source": ["优", "良", "中", "差"]},
    {"validate": "integer", "criteria": "between", "minimum": 0, "maximum": 100},
    {"validate": "decimal", "criteria": ">=", "value": 0},
    {"validate": "custom", "value": "=LEN(A1)<10"},
    {"validate": "list", "source": "=$A$1:$A$3"},
    {"validate": "date", "criteria": "between", "minimum": date(2024, 1, 1), "maximum": date(2025, 12, 31)},
    {"validate": "length", "criteria": "<=", "value": 20},
)
CONDITIONALS = (
    {"type": "cell", "criteria": ">", "value": 100, "format": 2},
    {"type": "formula", "criteria": "=$A1>0", "format": 1},
    {"type": "2_color_scale"},
    {"type": "3_color_scale"},
    {"type": "text", "criteria": "containing", "value": "中", "format": 4},
    {"type": "top", "value": 10, "criteria": "%", "format": 1},
    {"type": "duplicate", "format": 7},
)
PRINT_KEYS = ("a4", "landscape", "fit", "scale", "title_rows", "title_columns", "area", "margins", "header",
              "center")
AUTHORS = st.sampled_from(["李四", "", "Zhang San"])
ERROR_TYPES = st.sampled_from(["stop", "warning", "information"])
LINKS = st.sampled_from(["external", "internal", "mailto"])
EXTRAS = {"chart": "charts", "image": "images", "textbox": "shapes", "sparkline": "sparklines",
          "data_bar": "x14_conditional_formats", "merged_comment": "merged_comments"}


@dataclass(frozen=True)
class Formula:
    text: str


texts = st.one_of(st.text(alphabet="预算执行率中文 ab=+-@'\"\n", max_size=8), st.sampled_from(RISKY))
values = st.one_of(st.none(), st.integers(-10**9, 10**9),
                   st.floats(-1e7, 1e7, allow_nan=False).map(lambda number: round(number, 2)), texts,
                   st.booleans(), st.dates(date(2020, 1, 1), date(2026, 12, 31)),
                   st.sampled_from(FORMULAS).map(Formula))
positions = st.tuples(st.integers(0, ROWS - 1), st.integers(0, COLUMNS - 1))
rectangles = st.tuples(st.integers(0, ROWS - 1), st.integers(0, COLUMNS - 1),      # top-left, height, width
                       st.integers(0, 2), st.integers(0, 2))


def _box(rectangle):
    row, column, height, width = rectangle
    return row, column, min(row + height, ROWS - 1), min(column + width, COLUMNS - 1)


def _cells(box):
    return {(r, c) for r in range(box[0], box[2] + 1) for c in range(box[1], box[3] + 1)}


def _disjoint(boxes):
    taken, kept = set(), []
    for box in map(_box, boxes):
        if len(_cells(box)) > 1 and not taken & _cells(box):
            taken |= _cells(box)
            kept.append(box)
    return kept


@st.composite
def sheet_specs(draw, rich=False):
    least = 1 if rich else 0
    return {
        "state": draw(st.sampled_from(["visible", "hidden", "veryHidden"])),
        "grid": draw(st.dictionaries(positions, values, max_size=24)),
        "formats": draw(st.dictionaries(positions, st.integers(0, len(FORMATS) - 1), max_size=12)),
        "merges": _disjoint(draw(st.lists(rectangles, min_size=least, max_size=3))),
        "comments": draw(st.dictionaries(positions, st.tuples(texts.filter(str.strip), AUTHORS),
                                         min_size=least, max_size=3)),
        "validations": draw(st.lists(st.tuples(st.integers(0, len(VALIDATIONS) - 1), rectangles,
                                               st.booleans(), ERROR_TYPES, st.booleans()),
                                     min_size=least, max_size=3)),
        "conditionals": draw(st.lists(st.tuples(st.integers(0, len(CONDITIONALS) - 1), rectangles),
                                      min_size=least, max_size=3)),
        "links": draw(st.lists(LINKS, min_size=least, max_size=3)),
        "names": draw(st.integers(least, 2)),
        "protection": draw(st.one_of(st.none(), st.tuples(st.sampled_from(["", "secret", "密码"]),
                                                        st.dictionaries(st.sampled_from(
                                                            ["format_cells", "insert_rows", "sort", "objects",
                                                             "select_locked_cells"]), st.booleans())))),
        "print": draw(st.fixed_dictionaries({key: st.booleans() for key in PRINT_KEYS})),
        "freeze": draw(st.one_of(st.none(), st.tuples(st.integers(0, 3), st.integers(0, 2)).filter(any))),
        "widths": draw(st.dictionaries(st.integers(0, COLUMNS + 1),
                                       st.tuples(st.integers(2, 60), st.booleans()), max_size=4)),
        "heights": draw(st.dictionaries(st.integers(0, ROWS + 2), st.integers(8, 60), max_size=3)),
        "tab": draw(st.sampled_from([None, "#FF9900", "#5B9BD5"])),
    }


@st.composite
def layouts(draw, rich=False):
    """A workbook spec (1–3 sheets; rich: 3, every feature, every extra) and findings on it."""
    titles = draw(st.lists(st.sampled_from(TITLES), min_size=3 if rich else 1, max_size=3, unique=True))
    sheets = [dict(draw(sheet_specs(rich)), title=title) for title in titles]
    sheets[0]["state"] = "visible"              # the first sheet is the active one
    extras = dict.fromkeys(EXTRAS, len(titles) - 1) if rich else draw(
        st.dictionaries(st.sampled_from(sorted(EXTRAS)), st.integers(0, len(titles) - 1), max_size=3))
    spec = {"sheets": sheets, "book_names": draw(st.integers(0, 2)), "extras": extras,
            "book_protection": draw(st.sampled_from([None, "", "book"]))}
    # a merged range's bottom-right cell: never its top-left
    inside = [(sheet["title"], f"{get_column_letter(box[3] + 1)}{box[2] + 1}")
              for sheet in sheets for box in sheet["merges"]]
    return spec, draw(st.lists(findings_on(titles, inside), min_size=1, max_size=8))


def findings_on(titles, special_cells=()):
    """Findings at any cell of the given sheets, at the special cells, in missing sheets, or at none."""
    coordinates = st.builds(lambda row, column, spell: spell(get_column_letter(column), row),
                            st.integers(1, 18), st.integers(1, 10), st.sampled_from(SPELLINGS))
    special = st.sampled_from(list(special_cells)) if special_cells else st.nothing()
    placed = st.one_of(st.tuples(st.sampled_from(list(titles) + [None, "不存在"]),
                                 st.one_of(st.none(), st.sampled_from(["ZZZ", "A0", "XFE1", "", "第3行"]),
                                           coordinates)),
                       special)
    return st.builds(lambda place, **rest: Finding(sheet=place[0], cell=place[1], name="test-finding",
                                                   **rest),
                     placed, rule=st.sampled_from(["PE101", "PE201", "PE203", "PE403", "PE502"]),
                     severity=st.sampled_from(list(Severity)), message=texts,
                     hint=st.one_of(st.just(""), texts), actual=st.one_of(st.none(), texts))


SPELLINGS = (lambda c, r: f"{c}{r}", lambda c, r: f"${c}${r}", lambda c, r: f"{c}{r}:J20",
             lambda c, r: f" {c}{r} ", lambda c, r: f"{c.lower()}{r}")


def quoted(title):
    return "'" + title.replace("'", "''") + "'"


def write_layout(path, spec):
    """Write the spec with xlsxwriter; returns {dropped key: sheet titles} it put in."""
    protection = spec["book_protection"]
    book = (xlsxwriter.Workbook(str(path)) if protection is None
            else StructureProtectedWorkbook(str(path), password=protection or None))
    formats = [None if options is None else book.add_format(options) for options in FORMATS]
    titles = [sheet["title"] for sheet in spec["sheets"]]
    for sheet in spec["sheets"]:
        _write_sheet(book, book.add_worksheet(sheet["title"]), sheet, formats, titles)
    for number in range(spec["book_names"]):
        book.define_name(f"总分{number}", f"={quoted(titles[-1])}!$B${number + 2}")
    if spec["book_names"]:
        book.define_name("税率", "=0.05")
    extras = {}
    for kind, index in spec["extras"].items():
        sheet = book.get_worksheet_by_name(titles[index])
        _write_extra(book, sheet, kind)
        if kind != "image" or not PILImage:
            extras.setdefault(EXTRAS[kind], []).append(titles[index])
    book.close()
    return extras


def _write_sheet(book, sheet, spec, formats, titles):
    inside = set()
    for box in spec["merges"]:
        top_left = spec["formats"].get(box[:2], 0)
        sheet.merge_range(*box, None, formats[top_left])
        inside |= _cells(box) - {box[:2]}
    for position in set(spec["grid"]) | set(spec["formats"]):
        if position not in inside:
            cell_format = formats[spec["formats"].get(position, 0)]
            _write_value(sheet, position, spec["grid"].get(position), cell_format, formats)
    for (row, column), (text, author) in spec["comments"].items():
        if (row, column) not in inside:
            sheet.write_comment(row, column, text, {"author": author} if author else {})
    _write_rules(sheet, spec, formats)
    _write_links(sheet, spec["links"], titles)
    for number in range(spec["names"]):
        book.define_name(f"{spec['title']}!本表{number}", f"={quoted(spec['title'])}!$A${number + 1}")
    _write_page(sheet, spec)


def _write_value(sheet, position, value, cell_format, formats):
    row, column = position
    if value is None:
        if cell_format is not None:
            sheet.write_blank(row, column, None, cell_format)
    elif isinstance(value, Formula):
        sheet.write_formula(row, column, value.text, cell_format)
    elif isinstance(value, bool):
        sheet.write_boolean(row, column, value, cell_format)
    elif isinstance(value, (int, float)):
        sheet.write_number(row, column, value, cell_format)
    elif isinstance(value, date):
        sheet.write_datetime(row, column, datetime.combine(value, time()), cell_format or formats[6])
    else:
        sheet.write_string(row, column, value, cell_format)


def _write_rules(sheet, spec, formats):
    for kind, rectangle, with_messages, error_type, ignore_blank in spec["validations"]:
        options = dict(VALIDATIONS[kind], error_type=error_type, ignore_blank=ignore_blank)
        if with_messages:
            options |= {"input_title": "填写说明", "input_message": "请按规程填写", "error_title": "输入有误",
                        "error_message": "超出允许的范围，请重新填写"}
        box = _box(rectangle)
        options["multi_range"] = f"{_a1(box)} {get_column_letter(COLUMNS + 1)}{box[0] + 1}"
        sheet.data_validation(*box, options)
    for kind, rectangle in spec["conditionals"]:
        options = dict(CONDITIONALS[kind])
        if "format" in options:
            options["format"] = formats[options["format"]]
        sheet.conditional_format(*_box(rectangle), options)


def _a1(box):
    first = f"{get_column_letter(box[1] + 1)}{box[0] + 1}"
    last = f"{get_column_letter(box[3] + 1)}{box[2] + 1}"
    return first if first == last else f"{first}:{last}"


def _write_links(sheet, links, titles):
    for column, kind in enumerate(links):
        if kind == "external":
            sheet.write_url(LINK_ROW, column, "https://example.com/绩效?id=7", string="网站", tip="打开网站")
        elif kind == "internal":
            sheet.write_url(LINK_ROW, column, f"internal:{quoted(titles[-1])}!B2", string="跳转到合计")
        else:
            sheet.write_url(LINK_ROW, column, "mailto:czj@example.com", string="联系财政局")


def _write_page(sheet, spec):
    page = spec["print"]
    if page["a4"]:
        sheet.set_paper(9)
    if page["landscape"]:
        sheet.set_landscape()
    else:
        sheet.set_portrait()
    if page["fit"]:
        sheet.fit_to_pages(1, 0)
    elif page["scale"]:
        sheet.set_print_scale(85)
    if page["title_rows"]:
        sheet.repeat_rows(0, 1)
    if page["title_columns"]:
        sheet.repeat_columns(0)
    if page["area"]:
        sheet.print_area(0, 0, ROWS - 1, COLUMNS - 1)
    if page["margins"]:
        sheet.set_margins(left=0.5, right=0.4, top=0.8, bottom=0.6)
    if page["header"]:
        sheet.set_header('&C&"宋体,Bold"部门整体支出绩效自评表')
        sheet.set_footer("&C第 &P 页，共 &N 页")
    if page["center"]:
        sheet.center_horizontally()
    if spec["freeze"]:
        sheet.freeze_panes(*spec["freeze"])
    for column, (width, hidden) in spec["widths"].items():
        sheet.set_column(column, column, width, None, {"hidden": hidden})
    for row, height in spec["heights"].items():
        sheet.set_row(row, height)
    if spec["tab"]:
        sheet.set_tab_color(spec["tab"])
    if spec["protection"] is not None:
        sheet.protect(*spec["protection"])
    if spec["state"] == "hidden":
        sheet.hide()
    elif spec["state"] == "veryHidden":
        sheet.very_hidden()


def _write_extra(book, sheet, kind):
    """What openpyxl cannot keep, below the grid and to its right."""
    if kind == "chart":
        chart = book.add_chart({"type": "column"})
        chart.add_series({"values": [sheet.name, 0, 0, 4, 0]})
        sheet.insert_chart("L2", chart)
    elif kind == "image":
        sheet.insert_image("L20", "logo.png", {"image_data": io.BytesIO(tiny_png())})
    elif kind == "textbox":
        sheet.insert_textbox("L30", "说明文字")
    elif kind == "sparkline":
        sheet.add_sparkline(16, 0, {"range": f"{quoted(sheet.name)}!A1:E1"})
    elif kind == "data_bar":
        sheet.conditional_format(17, 0, 19, 0, {"type": "data_bar", "data_bar_2010": True})
    else:
        sheet.merge_range(14, 0, 14, 1, "合并")
        sheet.write_comment(14, 1, "合并区域中的批注")


def annotate_layout(folder, spec, found):
    """Write the layout, annotate it; (source, output, result, the extras put in)."""
    source, output = Path(folder) / "手工表.xlsx", Path(folder) / "手工表.核查.xlsx"
    extras = write_layout(source, spec)
    before = sha256(source)
    result = annotate(source, found, output, unit="岳阳市建设工程质量安全监督站", year=2024)
    assert sha256(source) == before
    return source, output, result, extras


def annotate_checked(filled, output, found=()):
    """Annotate as ``verify --annotate`` does (the file's findings, the 考核评分表 pre-score), plus ``found``.

    Returns (result, every finding passed, the pre-scored sheet or None).
    """
    checked = verify_file(filled)
    review = None
    if checked.workbook is not None and checked.workbook.review is not None:
        review = (checked.workbook.review.sheet, score_review(checked.workbook))
    findings = list(checked.findings) + list(found)
    result = annotate(filled, findings, output, unit=checked.unit, year=checked.year, review=review)
    return result, findings, review and review[0]


# ---------------------------------------------------------------- properties


@settings(max_examples=LAYOUT_EXAMPLES, **SLOW)
@given(case=layouts())
def test_hand_typed_layout_keeps_everything(case):
    spec, found = case
    with tempfile.TemporaryDirectory() as folder:
        source, output, result, extras = annotate_layout(folder, spec, found)
        assert_faithful(source, output, result, found)
        assert_dropped_are_named(output, result, extras)


def assert_dropped_are_named(output, result, extras):
    """Exactly what was put in and cannot be kept is named, with its sheets, in the result and on 核查结果."""
    assert {item.key: sorted(item.sheets) for item in result.dropped} == \
        {key: sorted(set(sheets)) for key, sheets in extras.items()}
    summary = openpyxl.load_workbook(output)[result.summary_sheet]
    lines = [row[1] for row in summary.iter_rows(values_only=True) if row[0] == "未保留"]
    assert lines == [item.line_zh for item in result.dropped]


def test_the_oracle_sees_a_lost_validation_and_a_changed_comment(tmp_path):
    """A copy that lost something must fail the check: the oracle is not blind."""
    spec = {"sheets": [dict(title="附件2", state="visible", grid={(0, 0): 1}, formats={}, merges=[],
                            comments={(1, 1): ("原有批注", "李四")}, links=[], names=0, protection=None,
                            validations=[(1, (2, 2, 1, 0), True, "stop", True)], conditionals=[],
                            print=dict.fromkeys(PRINT_KEYS, False),
                            freeze=None, widths={}, heights={}, tab=None)],
            "book_names": 0, "extras": {}, "book_protection": None}
    source, output, result, _ = annotate_layout(tmp_path, spec, [])
    assert_faithful(source, output, result, [])
    damaged = openpyxl.load_workbook(output)
    damaged["附件2"].data_validations.dataValidation.clear()
    damaged.save(tmp_path / "damaged.xlsx")
    with pytest.raises(AssertionError):
        assert_faithful(source, tmp_path / "damaged.xlsx", result, [])
    damaged = openpyxl.load_workbook(output)
    damaged["附件2"]["B2"].comment.text = "改过的批注"
    damaged.save(tmp_path / "damaged.xlsx")
    with pytest.raises(AssertionError):
        assert_faithful(source, tmp_path / "damaged.xlsx", result, [])


def test_a_comment_without_author_keeps_no_author(tmp_path):
    """openpyxl alone would write the empty author of a comment as "None" (found by the property above)."""
    spec = {"sheets": [dict(title="附件2", state="visible", grid={}, formats={}, merges=[], links=[], names=0,
                            comments={(0, 0): ("无作者", ""), (1, 0): ("有作者", "李四"), (2, 0): ("也无作者", "")},
                            protection=None, validations=[], conditionals=[], freeze=None, widths={},
                            heights={}, tab=None, print=dict.fromkeys(PRINT_KEYS, False))],
            "book_names": 0, "extras": {}, "book_protection": None}
    found = [Finding("PE201", "test-finding", Severity.ERROR, "附件2", "A3", "合计不符")]
    source, output, _, _ = annotate_layout(tmp_path, spec, found)
    assert raw_book(output).sheets["附件2"].comments == {
        "A1": ("", "无作者"), "A2": ("李四", "有作者"),
        "A3": (AUTHOR, "也无作者\n" + SEPARATOR + "\n[PE201 错误] 合计不符")}


def test_a_sample_of_copies_opens_in_libreoffice(tmp_path):
    """Four rich layouts (every extra included) and a filled template, annotated: one soffice call."""
    if "soffice" in render.tools_missing():
        pytest.skip("LibreOffice (soffice) 未安装，无法检查核查副本能否打开")
    copies = []

    @settings(max_examples=4, derandomize=True, database=None, phases=[Phase.generate], **SLOW)
    @given(case=layouts(rich=True))
    def make(case):
        folder = tmp_path / f"case{len(copies)}"
        folder.mkdir()
        copies.append(annotate_layout(folder, *case)[1].rename(tmp_path / f"手工表{len(copies)}.xlsx"))

    make()
    template, filled = tmp_path / "模板.xlsx", tmp_path / "填报.xlsx"
    generate_template(template, TemplateOptions(unit="岳阳市建设工程质量安全监督站", projects=("业务工作经费",)))
    fill_template(template, filled, {"附件2": {"funds.budget": Decimal("2263.34"),
                                              "funds.spent": Decimal("2096.96")}})
    copies.append(annotate_checked(filled, tmp_path / "填报.核查.xlsx")[0].output)
    assert len(copies) == 5
    for pdf in render.convert_to_pdf(copies, tmp_path / "pdf"):
        assert pdf.read_bytes().startswith(b"%PDF")
