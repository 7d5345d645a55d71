"""Look inside a workbook's zip before loading it: what it is, and whether it is safe and small enough to load.

Everything here is decided from the zip's directory and from reads that stop at a
limit (a part under 1 MB of a file under 16 MB is cut out of the file's bytes and
inflated up to its declared size; anything else is streamed), so a hostile file
is refused before openpyxl inflates any of it.  The limits are listed in the
README's verify section.
"""

import re
import zipfile
from dataclasses import field
from functools import lru_cache

from perfeval_xl.reader.zip_parts import inflate
from perfeval_xl.record import record

MB = 1024 * 1024
# A 自评 workbook is under 1 MB unzipped (the bundled samples: about 100 KB).  200 MB
# leaves room for pictures and big exports and still keeps a zip bomb out of
# memory.  The sizes are the ones the zip's directory declares: Python's zipfile
# never inflates a part past its declared size (a part that lies fails its CRC
# check and reads as a damaged file), so checking them is enough.
MAX_UNCOMPRESSED_BYTES = 200 * MB
# Sheet XML compresses 4–15 times, pictures hardly at all; a zip bomb some 1,000 times.
MAX_COMPRESSION_RATIO = 100
# A part smaller than this may compress as well as it likes: it cannot hurt.
RATIO_CHECKED_FROM_BYTES = 1 * MB
# openpyxl builds every cell of a part in memory: about 0.6 s and 17 MB per MB of
# sheet XML, so one 50 MB part takes some 30 s and 1 GB.
MAX_XML_PART_BYTES = 50 * MB
# Rows in all sheets together.  A 自评 workbook has a few hundred; 100,000 rows of
# eight cells load in about 20 s.  Rows are counted in the XML, never taken from
# <dimension> (WPS writes wrong ones).
MAX_ROWS = 100_000
# A zip's directory with millions of entries is itself slow to read.
MAX_PARTS = 10_000
# Cells covered by merged ranges, in all sheets together.  Every reader makes one entry per
# covered cell (openpyxl a MergedCell each), so one range "A1:XFD1048576" in a 1 KB file
# would take some 17 billion.  A 自评 workbook's merges cover a few thousand cells.
MAX_MERGED_CELLS = 1_000_000

_PREFIX = rb"<(?:[A-Za-z_][\w.-]{0,20}:)?"
_ROW_TAG = rb"row[\s/>]"
_MERGE_TAG = rb"mergeCell\s[^>]*?ref\s*=\s*[\"']\$?([A-Za-z]{1,3})\$?(\d{1,9})(?::\$?([A-Za-z]{1,3})\$?(\d{1,9}))?"
_ROW_START, _MERGE = re.compile(_PREFIX + _ROW_TAG), re.compile(_PREFIX + _MERGE_TAG)
# The same without a prefix, for a part that has no prefixed tag of that name (every part Office
# writes): the engine then jumps from one literal "<row" or "<mergeCell" to the next.
_PLAIN_ROW_START, _PLAIN_MERGE = re.compile(b"<" + _ROW_TAG), re.compile(b"<" + _MERGE_TAG)
_PREFIXED_NAME = re.compile(rb":(?:row|mergeCell)")
_CHUNK = MB
_OVERLAP = 64  # longer than any pattern above, so a match split across two chunks is seen
_WORKBOOK_TYPES = (b"spreadsheetml.sheet.main", b"spreadsheetml.template.main",
                   b"ms-excel.sheet.macroEnabled.main", b"ms-excel.template.macroEnabled.main")
_SMALL_PART = MB  # [Content_Types].xml and mimetype are read whole only when smaller than this
# A file up to this size is read into memory once and its small parts cut out of it (zip_parts.py).
_IN_MEMORY = 16 * MB
ODS_ADVICE = ("请在 WPS、Excel 或 LibreOffice 中打开，“文件→另存为”选“Excel 工作簿（*.xlsx）”；"
              "或运行 soffice --headless --convert-to xlsx 文件名.ods")

SAVE_AS_XLSX = "请在 Excel 或 WPS 中“文件→另存为”，文件类型选“Excel 工作簿（*.xlsx）”后再核查"
UNSAFE_XML = "文件含有不安全的 XML 内容，已拒绝读取"
MACROS_NOTE = "此文件含有宏（VBA，.xlsm）：只读取单元格内容，宏不会运行，也未检查"


class Refused(Exception):
    """The zip is not a workbook, or is too big or unsafe to load; the message is one Chinese line."""


@record
class Inspection:
    """What inspect_zip learned: notes for the report (macros), the XML parts it inflated whole
    (zip name → bytes, parts under 1 MB), so the fast reader does not inflate them a second time,
    and the name of every part in the zip's directory (None: not listed), so it need not list them again."""

    notes: tuple = ()
    parts: dict = field(default_factory=dict)
    names: tuple | None = None


def inspect_zip(path):
    """Refuse what should not be loaded; return an Inspection of what will be."""
    name = path.name
    # The parts are cut out of these bytes (zip_parts.inflate); zipfile itself reads the file, so
    # that anything inflate leaves to it fails as it always did.
    data = path.read_bytes() if path.stat().st_size <= _IN_MEMORY else None
    with zipfile.ZipFile(path) as archive:
        infos = archive.infolist()
        if len(infos) > MAX_PARTS:
            raise Refused(f"{name} 中有 {len(infos):,} 个部件，超过读取上限 {MAX_PARTS:,} 个，已拒绝读取")
        if any(info.flag_bits & 0x1 for info in infos):  # zip-level password (not Office's own encryption)
            raise Refused(f"文件已加密，请去掉密码后再核查：{name}")
        content_types = _identify(archive, name)
        _check_sizes(infos, name)
        parts = _scan_xml(archive, infos, name, data)
    has_macros = b"macroEnabled" in content_types or any(
        info.filename.lower().endswith("vbaproject.bin") for info in infos)
    return Inspection((MACROS_NOTE,) if has_macros else (), parts, tuple(info.filename for info in infos))


def _identify(archive, name):
    """The [Content_Types].xml of a workbook; Refused for an .ods, a .docx or any other zip."""
    names = set(archive.namelist())
    mimetype = _small_part(archive, "mimetype") if "mimetype" in names else b""
    if b"opendocument.spreadsheet" in mimetype:
        raise Refused(f"{name} 是 OpenDocument 表格（.ods），不能直接读取：{ODS_ADVICE}")
    if b"opendocument" in mimetype:
        raise Refused(f"{name} 是 OpenDocument 文档（如 .odt），不是 Excel 工作簿")
    if "word/document.xml" in names:
        raise Refused(f"{name} 是 Word 文档（.docx），只是扩展名为表格；请向报送单位索取 Excel 工作簿（.xlsx）")
    if "ppt/presentation.xml" in names:
        raise Refused(f"{name} 是 PowerPoint 演示文稿（.pptx），不是 Excel 工作簿")
    content_types = _small_part(archive, "[Content_Types].xml") if "[Content_Types].xml" in names else b""
    if b"sheet.binary" in content_types:
        raise Refused(f"{name} 是 Excel 二进制工作簿（.xlsb），不能直接读取：{SAVE_AS_XLSX}")
    if not any(kind in content_types for kind in _WORKBOOK_TYPES):
        raise Refused(f"{name} 是压缩包（zip），但不是 Excel 工作簿（.xlsx）")
    return content_types


def _small_part(archive, part):
    info = archive.getinfo(part)
    if info.file_size > _SMALL_PART:
        return b""
    try:
        return archive.read(info)
    except (zipfile.BadZipFile, OSError, RuntimeError, NotImplementedError):
        return b""  # damaged or encrypted: openpyxl reports it as a damaged file


def _check_sizes(infos, name):
    total = sum(info.file_size for info in infos)
    if total > MAX_UNCOMPRESSED_BYTES:
        raise Refused(f"{name} 解压后共 {total / MB:,.0f} MB，超过读取上限 {MAX_UNCOMPRESSED_BYTES // MB} MB"
                      f"（可能是“压缩炸弹”），已拒绝读取")
    for info in infos:
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size >= RATIO_CHECKED_FROM_BYTES and ratio > MAX_COMPRESSION_RATIO:
            raise Refused(f"{name} 中的 {info.filename} 压缩比为 {ratio:,.0f}:1，超过上限 {MAX_COMPRESSION_RATIO}:1"
                          f"（可能是“压缩炸弹”），已拒绝读取")


def _scan_xml(archive, infos, name, data=None):
    """Stream every XML part once, whatever its name: refuse one too big or with a DTD, and stop
    as soon as the rows pass MAX_ROWS.  Returns the parts read whole in one chunk.  ``data``, the
    zip's bytes when they were read into memory, gives the small parts without a stream each."""
    rows, merged, whole = 0, 0, {}
    for info in infos:
        for first, found_dtd, found_rows, found_merged in _scan_part(archive, info, whole, data):
            if first and info.file_size > MAX_XML_PART_BYTES:
                raise Refused(f"{name} 中的 {info.filename} 解压后 {info.file_size / MB:,.0f} MB，"
                              f"超过单个部件 {MAX_XML_PART_BYTES // MB} MB 的读取上限，已拒绝读取")
            if found_dtd:
                raise Refused(f"{UNSAFE_XML}：{name} 的 {info.filename} 中有 DTD 实体定义（可能是“XML 炸弹”）")
            rows += found_rows
            merged += found_merged
            if merged > MAX_MERGED_CELLS:
                raise Refused(f"{name} 的合并单元格共覆盖超过 {MAX_MERGED_CELLS:,} 个单元格，超过读取上限"
                              f"（{info.filename}），已拒绝读取；自评表的合并单元格通常不足 1 万个")
            if rows > MAX_ROWS:
                raise Refused(f"{name} 的工作表共有超过 {MAX_ROWS:,} 行，超过本工具的读取上限 {MAX_ROWS:,} 行"
                              f"（{info.filename}）；自评表通常不足 1,000 行，请删去多余的行后再核查")
    return whole


def _scan_part(archive, info, whole, data=None):
    """(first chunk?, DTD seen, rows started) for each chunk of an XML part; nothing for a binary
    part (a picture, vbaProject.bin), and a damaged part just ends the scan.  A part that fits in
    one chunk is kept in ``whole`` once it has been read to its end (its CRC checked)."""
    body = inflate(data, info) if data is not None and info.file_size < _CHUNK else None
    if body is not None:
        if _looks_like_xml(body):
            whole[info.filename] = body
            yield (True, *_counts(body, 0))
        return
    tail = b""
    try:
        with archive.open(info) as stream:
            chunk = stream.read(_CHUNK)
            if not _looks_like_xml(chunk):  # by content: a part's name need not end in .xml
                return
            if len(chunk) < _CHUNK and not stream.read(1):
                whole[info.filename] = chunk
            first = True
            while chunk:
                buffer = tail + chunk
                # A match that ends inside the tail was counted with the previous chunk.
                yield (first, *_counts(buffer, len(tail)))
                first, tail, chunk = False, buffer[-_OVERLAP:], stream.read(_CHUNK)
    except (zipfile.BadZipFile, OSError, RuntimeError, NotImplementedError, EOFError):
        return  # openpyxl will say the file is damaged


def _counts(buffer, seen):
    """(DTD declared?, rows started, cells merged) in ``buffer``; a row or merge that ends within its
    first ``seen`` bytes was counted with the previous chunk."""
    # A DTD (<!DOCTYPE, <!ENTITY) declares entities (billion laughs, quadratic blowup); no Office part has one.
    # The whole words, not "<!" first: "<" is everywhere in XML, and a search for it stops at each one.
    dtd = b"<!DOCTYPE" in buffer or b"<!ENTITY" in buffer
    prefixed = _PREFIXED_NAME.search(buffer) is not None   # one search for both names: Office writes neither
    rows = _ROW_START if prefixed and b":row" in buffer else _PLAIN_ROW_START
    merges = _MERGE if prefixed and b":mergeCell" in buffer else _PLAIN_MERGE
    if not seen:
        return dtd, len(rows.findall(buffer)), sum(map(_area, merges.findall(buffer)))
    return (dtd, sum(1 for match in rows.finditer(buffer) if match.end() > seen),
            sum(_area(match.groups()) for match in merges.finditer(buffer) if match.end() > seen))


@lru_cache(maxsize=4096)   # a batch's files merge the same ranges: each is worked out once
def _area(groups):
    """Cells a <mergeCell ref="B2:D5"> covers (12); a cut-off or one-cell ref counts 1."""
    first_column, first_row, last_column, last_row = groups
    if not last_column:   # None from a match, b"" from findall
        return 1
    columns = abs(_column_number(last_column) - _column_number(first_column)) + 1
    return columns * (abs(int(last_row) - int(first_row)) + 1)


def _column_number(letters):
    number = 0
    for letter in letters.upper().decode("ascii"):
        number = number * 26 + ord(letter) - 64
    return number


def _looks_like_xml(chunk):
    # UTF-16 parts are let through to the size limit; their rows are not counted (Office writes UTF-8).
    return chunk.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<") or chunk.startswith((b"\xff\xfe", b"\xfe\xff"))
