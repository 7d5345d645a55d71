"""Builders for broken, hostile and unusual input files, made in a temporary folder at test time.

Each ``write_*`` function takes the path to write and returns nothing.  Most start
from the hand-typed sample (samples/yueyang-2024-原表.xlsx) and change one thing,
so a file that should still be read must give the sample's findings.  At the end:
running `python -m perfeval_xl verify` on them.
"""

import hashlib
import os
import re
import shutil
import struct
import subprocess
import sys
import zipfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "samples" / "yueyang-2024-原表.xlsx"
COVER_PART = "xl/worksheets/sheet1.xml"   # the sample's 封面
MB = 1024 * 1024


def rewrite_sample(path, changes=(), extra=(), source=SAMPLE):
    """Copy ``source`` to ``path`` part by part: ``changes`` maps a part to a function of its bytes,
    ``extra`` maps new part names to bytes (or to an iterable of byte chunks, streamed)."""
    changes, extra = dict(changes), dict(extra)
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as new:
        for info in old.infolist():
            data = old.read(info)
            new.writestr(info.filename, changes.get(info.filename, lambda d: d)(data))
        for name, content in extra.items():
            _write_part(new, name, content)


def _write_part(archive, name, content):
    if isinstance(content, bytes):
        archive.writestr(name, content)
        return
    with archive.open(name, "w") as stream:  # the archive's compression, streamed: never all in memory
        for chunk in content:
            stream.write(chunk)


def file_of(content):
    """A builder that writes ``content`` (bytes) as the whole file."""
    return lambda path: path.write_bytes(content)


def zip_of(parts):
    """A builder that writes a zip of ``parts`` ({name: text or bytes}), in that order."""
    def write(path):
        with zipfile.ZipFile(path, "w") as archive:
            for name, content in parts.items():
                archive.writestr(name, content)
    return write


_TYPES = ('<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
          '<Override PartName="/{}" ContentType="application/{}"/></Types>')
write_empty = file_of(b"")
write_csv_text = file_of("项目名称,全年预算数\n业务工作经费,38\n".encode())
write_pdf = file_of(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n%%EOF\n")
# What many finance systems export as "报表.xls": an HTML table.
write_html_table = file_of('<html xmlns:x="urn:schemas-microsoft-com:office:excel"><body><table><tr><td>项目名称'
                           "</td><td>全年预算数</td></tr></table></body></html>".encode())
write_excel_2003_xml = file_of('<?xml version="1.0"?><?mso-application progid="Excel.Sheet"?><Workbook xmlns='
                               '"urn:schemas-microsoft-com:office:spreadsheet"><Worksheet/></Workbook>'.encode())
write_zip_not_workbook = zip_of({"说明.txt": "附件在另一封邮件中。"})
write_docx = zip_of({  # a minimal Word document
    "[Content_Types].xml": _TYPES.format(
        "word/document.xml", "vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"),
    "word/document.xml": '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"/>'})
write_xlsb = zip_of({  # an Excel binary workbook: a zip like .xlsx, but of binary records
    "[Content_Types].xml": _TYPES.format("xl/workbook.bin", "vnd.ms-excel.sheet.binary.macroEnabled.main"),
    "xl/workbook.bin": b"\x83\x01\x00"})
write_ods = zip_of({  # OpenDocument: a zip whose first part, "mimetype", names it
    "mimetype": "application/vnd.oasis.opendocument.spreadsheet",
    "content.xml": '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"/>'})


def write_zip_encrypted(path):
    """The sample zipped with a password (zip's own encryption flag set on every part)."""
    data = bytearray(SAMPLE.read_bytes())
    for kind, start in list(_headers(data)):
        data[start + (6 if kind == "local" else 8)] |= 0x1
    path.write_bytes(bytes(data))


def write_truncated(path):
    data = SAMPLE.read_bytes()
    path.write_bytes(data[: len(data) // 2])


def write_xlsm(path):
    """The sample as a macro-enabled workbook with a VBA project part."""
    def macro_enabled(data):
        return data.replace(b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
                            b"application/vnd.ms-excel.sheet.macroEnabled.main+xml").replace(
            b"</Types>", b'<Default Extension="bin" ContentType="application/vnd.ms-office.vbaProject"/></Types>')

    rewrite_sample(path, {"[Content_Types].xml": macro_enabled},
                   {"xl/vbaProject.bin": b"\xd0\xcf\x11\xe0" + b"Sub AutoOpen(): Shell \"calc\": End Sub"})


def write_all_sheets_hidden(path):
    rewrite_sample(path, {"xl/workbook.xml": lambda d: d.replace(b'state="visible"', b'state="hidden"')})


def write_wrong_dimensions(path):
    """As WPS saves it: every <dimension> says A1 whatever the sheet holds."""
    changes = {f"xl/worksheets/sheet{n}.xml": _dimension_a1 for n in range(1, 6)}
    rewrite_sample(path, changes)


def _dimension_a1(data):
    changed = re.sub(rb'<dimension ref="[^"]*"\s*/>', b'<dimension ref="A1"/>', data)
    assert changed != data
    return changed


def _sheet_with_text(prolog, text):
    return (b'<?xml version="1.0"?>' + prolog
            + b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
            + b'<row r="1"><c r="A1" t="inlineStr"><is><t>' + text + b"</t></is></c></row>"
            + b"</sheetData></worksheet>")


def write_billion_laughs(path):
    entities = [b'<!ENTITY lol0 "lol">'] + [
        b"<!ENTITY lol%d \"%s\">" % (n, b"".join(b"&lol%d;" % (n - 1) for _ in range(10))) for n in range(1, 10)]
    bomb = _sheet_with_text(b"<!DOCTYPE lolz [" + b"".join(entities) + b"]>", b"&lol9;")
    rewrite_sample(path, {COVER_PART: lambda d: bomb})


def write_quadratic_blowup(path):
    bomb = _sheet_with_text(b'<!DOCTYPE q [<!ENTITY a "' + b"a" * 50_000 + b'">]>', b"&a;" * 50_000)
    rewrite_sample(path, {COVER_PART: lambda d: bomb})


def write_zip_bomb(path, size=300 * MB):
    """A part of ``size`` zero bytes: 300 MB that compress to some 300 KB."""
    block = b"\0" * MB
    rewrite_sample(path, extra={"xl/media/image1.png": (block for _ in range(size // MB))})


def write_ratio_bomb(path):
    """Under the total limit, but one part inflates 1,000 times: 20 MB from 20 KB."""
    write_zip_bomb(path, 20 * MB)


def write_lying_sizes(path):
    """The directory declares the 封面 part 100 bytes long; it inflates to far more (and fails its CRC)."""
    rewrite_sample(path)
    data = bytearray(path.read_bytes())
    for kind, start in _headers(data, COVER_PART.encode()):
        size_at = start + (22 if kind == "local" else 24)
        data[size_at:size_at + 4] = struct.pack("<I", 100)
    path.write_bytes(bytes(data))


def _headers(data, name=None):
    """("local" | "central", offset) of each zip header, or only of part ``name``'s."""
    for signature, kind, name_at in ((b"PK\x03\x04", "local", 30), (b"PK\x01\x02", "central", 46)):
        start = data.find(signature)
        while start != -1:
            if name is None or data[start + name_at:start + name_at + len(name)] == name:
                yield kind, start
            start = data.find(signature, start + 4)


def write_million_rows(path, rows=1_000_000):
    """The 封面 replaced by a sheet of ``rows`` short rows (29 MB of XML), streamed into the zip (about 3 MB)."""
    def sheet():
        yield (b'<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/'
               b'spreadsheetml/2006/main"><dimension ref="A1"/><sheetData>')
        for start in range(1, rows + 1, 10_000):
            yield "".join(f"<row><c><v>{r}</v></c></row>"
                          for r in range(start, min(start + 10_000, rows + 1))).encode()
        yield b"</sheetData></worksheet>"

    with zipfile.ZipFile(SAMPLE) as old, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as new:
        for info in old.infolist():
            if info.filename == COVER_PART:
                _write_part(new, COVER_PART, sheet())
            else:
                new.writestr(info.filename, old.read(info))


def write_sheet_wide_merge(path):
    """One <mergeCell ref="A1:XFD1048576"> added to the 封面: 17 billion cells in a 20 KB file."""
    def merged(data):
        data = re.sub(rb"<mergeCells[^>]*>", b'<mergeCells><mergeCell ref="A1:XFD1048576"/>', data, count=1)
        assert b"XFD1048576" in data
        return data

    rewrite_sample(path, {COVER_PART: merged})


# ---- OLE2 compound files (.xls, .doc, encrypted .xlsx) -------------------------------------

_FREE, _END, _FAT_SECTOR, _NO_STREAM = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD, 0xFFFFFFFF
_SECTOR = 512
_MINI_CUTOFF = 4096


def ole2_file(streams):
    """A minimal OLE2 compound file (version 3) holding ``streams`` ({name: bytes}).

    Every stream is padded with zero bytes to at least the mini-stream cutoff, so
    it lives in ordinary sectors: one FAT sector, one directory sector (up to 3
    streams), then the data.
    """
    names = list(streams)
    assert len(names) <= 3
    data = [streams[name].ljust(_MINI_CUTOFF, b"\0") for name in names]
    data = [d.ljust(-(-len(d) // _SECTOR) * _SECTOR, b"\0") for d in data]
    fat, starts, sector = [_FAT_SECTOR, _END], [], 2
    for blob in data:
        count = len(blob) // _SECTOR
        starts.append(sector)
        fat += [sector + i + 1 for i in range(count - 1)] + [_END]
        sector += count
    assert len(fat) <= _SECTOR // 4
    directory = _dir_entry("Root Entry", 5, child=1 if names else _NO_STREAM, start=_END)
    for index, name in enumerate(names):
        right = index + 2 if index + 1 < len(names) else _NO_STREAM
        directory += _dir_entry(name, 2, right=right, start=starts[index], size=len(data[index]))
    directory = directory.ljust(_SECTOR, b"\0")
    header = (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 16 + struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6)
              + b"\0" * 6 + struct.pack("<9I", 0, 1, 1, 0, _MINI_CUTOFF, _END, 0, _END, 0)
              + struct.pack("<109I", 0, *[_FREE] * 108))
    fat_sector = struct.pack(f"<{_SECTOR // 4}I", *fat, *[_FREE] * (_SECTOR // 4 - len(fat)))
    return header + fat_sector + directory + b"".join(data)


def _dir_entry(name, kind, child=_NO_STREAM, right=_NO_STREAM, start=0, size=0):
    encoded = (name + "\0").encode("utf-16-le")
    return (encoded.ljust(64, b"\0") + struct.pack("<HBBIII", len(encoded), kind, 1, _NO_STREAM, right, child)
            + b"\0" * 36 + struct.pack("<IQ", start, size))


def write_encrypted_xlsx(path):
    """What Excel writes for an .xlsx with an open password: OLE2 with EncryptionInfo and EncryptedPackage."""
    path.write_bytes(ole2_file({"EncryptionInfo": b"\x04\x00\x04\x00\x40\x00\x00\x00",
                                "EncryptedPackage": b"\x00" * 5000}))


def write_word_doc(path):
    path.write_bytes(ole2_file({"WordDocument": b"\xec\xa5" + b"\0" * 100, "1Table": b"\0" * 100}))


def write_unreadable_et(path):
    """An OLE2 file with a workbook stream xlrd cannot parse, as some WPS .et files are to it."""
    path.write_bytes(ole2_file({"Workbook": b"\x09\x08" + b"\xff" * 200}))


def convert_with_libreoffice(source, target_format, out_dir, profile_dir):
    """``source`` converted by LibreOffice into ``out_dir``; None when soffice is missing or fails.

    LibreOffice exits 0 even when it could not load a file, so success is "the output exists".
    """
    soffice = shutil.which("soffice")
    if soffice is None:
        return None
    subprocess.run([soffice, f"-env:UserInstallation={Path(profile_dir).as_uri()}", "--headless",
                    "--convert-to", target_format, "--outdir", str(out_dir), str(source)],
                   capture_output=True, timeout=180, check=False)
    converted = Path(out_dir) / (Path(source).stem + "." + target_format.split(":")[0])
    return converted if converted.exists() else None


# ---- running the command on them ---------------------------------------------------------------

CLI_TIMEOUT = 60  # seconds; a run takes about one


def run_cli(*args, env=None):
    """``python -m perfeval_xl verify ARGS`` in a fresh process; a hang fails the test by timeout."""
    return subprocess.run([sys.executable, "-m", "perfeval_xl", "verify", *map(str, args)],
                          capture_output=True, text=True, timeout=CLI_TIMEOUT, cwd=ROOT,
                          env={**os.environ, **(env or {})})


def verify(*args, env=None):
    """run_cli, which must not print a traceback."""
    result = run_cli(*args, env=env)
    assert "Traceback" not in result.stdout + result.stderr
    return result


def built_and_run(folder, cases):
    """{case: (path, sha256 before, CLI result)}: every file built, then all run at once (each ~1 s)."""
    built = {}
    for case, builder, name, *_ in cases:
        path = folder / case / name
        path.parent.mkdir()
        builder(path)
        built[case] = (path, digest(path))
    with ThreadPoolExecutor(max_workers=(os.cpu_count() or 1) + 1) as pool:
        results = dict(zip(built, pool.map(run_cli, [path for path, _ in built.values()])))
    return {case: (path, before, results[case]) for case, (path, before) in built.items()}


def digest(path):
    return hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else None
