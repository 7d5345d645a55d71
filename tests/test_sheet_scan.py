"""The <sheetData> scanner reads a sheet exactly as the ElementTree path does, or steps aside.

reader/sheet_scan.py reads the plain cells most files are made of with a regular
expression; anything else goes to ElementTree.  Whichever reads a sheet, the
cells, the formula results and any error must be the same: these tests read
each sheet both ways (read_sheet's ``scan``) and compare.  test_fast_reader.py
then holds the whole fast path to openpyxl.
"""

import zipfile
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from perfeval_xl.reader.fast_xlsx import _scanned, read_sheet
from perfeval_xl.reader.number_formats import WINDOWS_EPOCH
from perfeval_xl.reader.xlsx_styles import read_styles
from perfeval_xl.template import TemplateOptions, generate_template
from xlsx_by_hand import MAIN_NS, sheet_xml, styles_xml

ROOT = Path(__file__).resolve().parent.parent
STRINGS = ["预算", "执行率"]


# The hand-written workbooks' styles, read once (read_sheet only looks them up).
STYLES = read_styles(ET.fromstring(styles_xml()))


def outcome(data, scan, strings=STRINGS, styles=None):
    """What read_sheet gives: the cells (every field) and formula results, merged ranges, protection
    — or the kind of error it raises."""
    try:
        sheet = read_sheet("表", data, strings, styles or STYLES, WINDOWS_EPOCH, scan=scan)
    except Exception as error:  # noqa: BLE001 - the error itself is what is compared
        return ("error", type(error).__name__)
    cells = {position: (cell.coord, cell.raw, type(cell.raw).__name__, cell.is_formula, cell.number_format)
             for position, cell in sheet.cells.items()}
    return cells, sheet.cached, sheet.merged, sheet.protected


def scanned(data, strings=STRINGS, styles=None):
    """True when the scanner read the rows (did not step aside)."""
    return _scanned("表", data, strings, styles or STYLES, WINDOWS_EPOCH)[1] is not None


def sheet_parts(path):
    with zipfile.ZipFile(path) as archive:
        styles = read_styles(ET.fromstring(archive.read("xl/styles.xml")))
        names = archive.namelist()
        strings = []
        if "xl/sharedStrings.xml" in names:
            from perfeval_xl.reader.xlsx_package import read_shared_strings

            strings = read_shared_strings(ET.fromstring(archive.read("xl/sharedStrings.xml")))
        return [(name, archive.read(name), strings, styles) for name in names
                if name.startswith("xl/worksheets/sheet")]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    """Sheets as the project's users send them: the seed report as typed, a template as generated,
    and a template filled in."""
    folder = tmp_path_factory.mktemp("scan")
    template = folder / "模板.xlsx"
    generate_template(template, TemplateOptions(unit="某中心", projects=("项目一", "项目二")))
    files = [*sorted((ROOT / "samples").glob("*.xlsx")), template]
    return [part for path in files for part in sheet_parts(path)]


def test_the_scanner_reads_what_the_project_meets(corpus):
    # The speed of the fast path rests on this: if every sheet stepped aside, nothing would break
    # but every file would be read at ElementTree's pace.
    assert len(corpus) >= 20
    for name, data, strings, styles in corpus:
        assert scanned(data, strings, styles), name


def test_scanned_sheets_equal_elementtree(corpus):
    for name, data, strings, styles in corpus:
        expected = outcome(data, False, strings, styles)
        assert expected[0] != "error" and expected[0], name
        assert outcome(data, True, strings, styles) == expected, name


def _sheet(body, after=""):
    return sheet_xml(body, after).encode()


PLAIN = ('<row r="1" spans="1:4" ht="20" customHeight="1"><c r="A1" s="1" t="s"><v>0</v></c>'
         '<c r="B1" s="2"><v>0.9265</v></c><c r="C1" s="3"/><c r="D1" t="inlineStr"><is><t xml:space="preserve"> 内联 </t>'
         '</is></c></row>\n<row r="2"><c r="A2"><f>IF(B1&gt;0,"是&amp;否",&quot;&quot;)</f><v>1</v></c>'
         '<c r="B2" t="str"><f/><v>a&#10;b&#x4E2D;</v></c><c r="C2" t="b"><v>1</v></c><c r="D2" t="e"><v>#N/A</v></c>'
         '<c r="E2" s="1"><v>45371</v></c><c r="F2"></c></row><row r="3"/>')


def test_a_plain_sheet_is_scanned_and_read_alike():
    data = _sheet(PLAIN, '<mergeCells count="1"><mergeCell ref="A1:A2"/></mergeCells><sheetProtection sheet="1"/>')
    assert scanned(data)
    cells, cached, merged, protected = outcome(data, True)
    assert outcome(data, False) == (cells, cached, merged, protected)
    assert cells[(1, 1)][1] == "预算" and cells[(1, 4)][1] == " 内联 "
    assert (2, 1) not in cells   # inside the merged range A1:A2
    assert cells[(2, 2)][1:4] == ("=", "str", True) and cached[(2, 2)] == "a\nb中"
    assert merged == ((1, 1, 2, 1),) and protected


# A row as LibreOffice saves it: every row attribute spelled out, t="n", and each formula as <f aca="false">.
LIBREOFFICE = ('<row r="2" customFormat="false" ht="15" hidden="false" customHeight="false" outlineLevel="0" '
               'collapsed="false"><c r="A2" s="2" t="s"><v>0</v></c><c r="B2" s="1" t="n"><v>66</v></c>'
               '<c r="C2" t="n"><f aca="false">ROUND(B2/3,4)</f><v>22</v></c>'
               '<c r="D2" t="str"><f aca="false">IF(B2&gt;0,&quot;是&quot;,&quot;&quot;)</f><v>是</v></c></row>')


def test_libreoffice_formulas_are_scanned_and_read_alike():
    data = _sheet(LIBREOFFICE)
    assert scanned(data)
    cells, cached, merged, protected = outcome(data, True)
    assert outcome(data, False) == (cells, cached, merged, protected)
    assert cells[(2, 3)][1] == "=ROUND(B2/3,4)" and cached[(2, 3)] == 22
    assert cells[(2, 4)][1] == '=IF(B2>0,"是","")' and cached[(2, 4)] == "是"


@pytest.mark.parametrize("body", [
    '<row r="1"><c r="A1"><f si="0" t="shared" ref="A1:A2">B1</f><v>1</v></c></row>',   # not as Excel writes it
    '<row r="1"><c r="A1" t="inlineStr"><is><r><t>富</t></r></is></c></row>',             # rich text
    '<row r="1"><c r="A1"><v>1</v></c><c r="A1"><v>2</v></c></row>',                      # an address twice
    '<row r="1"><c><v>1</v></c><c><v>2</v></c></row>',                                    # no addresses
    '<row spans="1:2" r="1"><c r="A1"><v>1</v></c></row>',                                # r not first
    '<row r="1"><!-- 批注 --><c r="A1"><v>1</v></c></row>',
    '<row r="1"><c r="A1" t="str"><v><![CDATA[<x>]]></v></c></row>',
    '<row r="1"><c r="A1" t="str"><v>&nbsp;</v></c></row>',                               # not an XML entity
    '<row r="1"><c r="A1" cm="1"><f>SEQUENCE(2)</f><v>1</v></c></row>',                   # an unknown attribute
    '<row r="1" xmlns="urn:other"><c r="A1"><v>1</v></c></row>',
    '<row r="1">\n  <c r="A1">\n    <v>1</v>\n  </c>\n</row>',                            # pretty-printed
])
def test_what_the_scanner_leaves_to_elementtree(body):
    data = _sheet(body)
    assert not scanned(data)
    assert outcome(data, True) == outcome(data, False)


@pytest.mark.parametrize("body", [
    '<row r="1"><c r="A1" t="str"><v>\x01</v></c></row>',          # a character XML forbids
    '<row r="1"><c r="A1" t="str"><v>&#1;</v></c></row>',
    '<row r="1"><c r="A1" t="str"><v>a\ufffeb</v></c></row>',    # the two noncharacters XML forbids
    '<row r="1" ht="\uffff"><c r="A1"><v>1</v></c></row>',
    '<row r="1"><c r="A1"><v>1</v></c></row><row r="2" x="\ufffe"/>',   # in a row without cells, after the last
    '<row r="1"><c r="A1" t="str"><v>a]]>b</v></c></row>',
    '<row r="1"><c r="A1"><v>1</v></c>',                           # a row not closed
    '<row r="1"><c r="A1"><v>1</v></c></row></row>',
])
def test_broken_xml_is_not_read_by_the_scanner(body):
    data = _sheet(body)
    assert not scanned(data)
    assert outcome(data, True) == outcome(data, False) == ("error", "ParseError")


@pytest.mark.parametrize("body, after", [
    ('<row r="1"><c r="A1"><v>1</v></c></row></sheetData><sheetData><row r="2"><c r="A2"><v>2</v></c></row>', ""),
    ('<row r="1"><c r="A1"><v>1</v></c></row><sheetData/>', ""),
    ('<row r="1"><c r="A1"><v>1</v></c></row>', "<sheetData/>"),
    ('<row r="1"><c r="A1"><v>1</v></c></row>', "<!-- </sheetData> -->"),
])
def test_a_second_sheetdata_anywhere_is_left_to_elementtree(body, after):
    data = _sheet(body, after)
    assert not scanned(data)
    assert outcome(data, True) == outcome(data, False)


def test_a_sheet_in_another_encoding_is_left_to_elementtree():
    text = _sheet('<row r="1"><c r="A1" t="inlineStr"><is><t>é</t></is></c></row>').decode()
    data = text.replace('encoding="UTF-8"', 'encoding="ISO-8859-1"').encode("latin-1")
    assert not scanned(data)
    assert outcome(data, True) == outcome(data, False)
    assert outcome(data, True)[0][(1, 1)][1] == "é"


def test_a_prefixed_namespace_is_left_to_elementtree():
    data = (f'<x:worksheet xmlns:x="{MAIN_NS}"><x:sheetData><x:row r="1"><x:c r="A1"><x:v>1</x:v></x:c></x:row>'
            "</x:sheetData></x:worksheet>").encode()
    assert not scanned(data)
    assert outcome(data, True) == outcome(data, False)
    assert outcome(data, True)[0][(1, 1)][1] == 1


# Pieces of <sheetData> that a generated body is assembled from: what applications write (SOUND), and,
# with ``odd``, now and then something the scanner must leave alone or XML that is not well formed.
def _pick(draw, odd, sound, unusual):
    if odd and draw(st.integers(0, 5)) == 5:
        return draw(st.sampled_from(unusual))
    return draw(st.sampled_from(sound))


FORMULAS = ([None, None, None, "<f>SUM(A1:B1)</f>", "<f/>", "<f></f>", "<f>A1&amp;&quot;元&quot;</f>",
             '<f t="shared" ref="A1:E5" si="0">$A$1*2</f>', '<f t="shared" si="0"/>', '<f t="shared" si="1"/>'],
            ['<f t="shared" si="0">A1</f>', "<f>A1&foo;</f>", "<f>A1</f ><v>1</v>"])
TEXTS = ["<v>&lt;预算&gt;</v>", "<v>a\r\nb\rc</v>", "<v>&#13;</v>", "<v>&#x1F600;</v>", "<v>五</v>", "<v/>", "<v></v>"]
# The values that make sense for each t="…"
VALUES = {None: ["<v>1</v>", "<v>0</v>", "<v>1.5E2</v>", "<v>45371</v>", "<v>-0.25</v>", "<v/>"],
          "s": ["<v>0</v>", "<v>1</v>"], "b": ["<v>1</v>", "<v>0</v>"], "str": TEXTS, "e": ["<v>#N/A</v>"],
          "inlineStr": ["", "", "<v>1</v>"], "d": [""], "zz": [""]}
VALUES["n"] = VALUES[None]
ODD_VALUES = ["<v>&#0;</v>", "<v>x]]>y</v>", "<v>\x0b</v>", "<v>\uffff</v>", "<v>TRUE</v>", "<v>1</v><v>2</v>", "<v>5</v>", "<v>五</v>"]
INLINE = (["<is><t>文字</t></is>", '<is><t xml:space="preserve"> 空格 </t></is>', "<is><t></t></is>", ""],
          ["<is><t/></is>", "<is><r><t>富</t></r></is>"])
ADDRESSES = [f"{column}{row}" for row in range(1, 6) for column in "ABCDE"]


@st.composite
def cells(draw, row, taken, odd):
    address = _pick(draw, odd, [f"{column}{row}" for column in "ABCDE"], [None, "XFD9", "ZZZ1", "A01", "a1", "A1"])
    if address in taken and not (odd and draw(st.booleans())):
        address = next((a for a in ADDRESSES[5 * (row - 1):] + ADDRESSES if a not in taken), None)
    taken.add(address)
    kind = _pick(draw, odd, [None, "n", "s", "str", "inlineStr", "b", "e"], ["d", "zz"])
    attributes = "".join(f' {name}="{text}"' for name, text in
                         (("r", address), ("s", _pick(draw, odd, [None, "0", "1", "3"], ["99", "x", "01"])),
                          ("t", kind)) if text is not None)
    inner = (_pick(draw, odd, *FORMULAS) or "") + _pick(draw, odd, VALUES[kind], ODD_VALUES)
    inner += _pick(draw, odd, *INLINE) if kind == "inlineStr" else ""
    gap = _pick(draw, odd, ["", "", " "], ["\n"])
    return f"<c{attributes}{gap}/>" if not inner and draw(st.booleans()) else f"<c{attributes}{gap}>{inner}</c>"


@st.composite
def bodies(draw, odd):
    rows, taken = [], set()
    for number in range(1, draw(st.integers(0, 4)) + 1):
        label = _pick(draw, odd, [str(number)], [None, "3.0", "0", "2.5", "x"])
        extra = _pick(draw, odd, ["", ' ht="20" customHeight="1"'], [' spans="1:3"'])
        head = "<row" + ("" if label is None else f' r="{label}"') + extra
        content = "".join(draw(st.lists(cells(number, taken, odd), max_size=5)))
        rows.append(f"{head}/>" if not content and draw(st.booleans()) else f"{head}>{content}</row>")
        rows.append(_pick(draw, odd, ["", "", "\n"], ["<!-- x -->", "文字"]))
    return "".join(rows)


@settings(max_examples=300, deadline=None, derandomize=True, database=None)
@given(bodies(odd=False))
def test_any_plain_body_is_scanned_and_read_the_same(body):
    data = _sheet(body)
    assert scanned(data)
    assert outcome(data, True) == outcome(data, False)


@settings(max_examples=400, deadline=None, derandomize=True, database=None)
@given(bodies(odd=True))
def test_any_body_reads_the_same_either_way(body):
    data = _sheet(body)
    assert outcome(data, True) == outcome(data, False)
