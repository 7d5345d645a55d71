"""zip_parts.inflate gives exactly what zipfile reads, and None wherever zipfile would complain."""

import io
import struct
import zipfile
from pathlib import Path

import pytest

from perfeval_xl.reader.zip_parts import inflate

SAMPLE = Path(__file__).resolve().parent.parent / "samples" / "yueyang-2024-模板填报.xlsx"
TEXT = "<row>附件2 绩效目标</row>".encode() * 200


def _zip(compression=zipfile.ZIP_DEFLATED, name="xl/worksheets/sheet1.xml", data=TEXT):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        archive.writestr(name, data)
    return bytearray(buffer.getvalue())


def _info(data):
    return zipfile.ZipFile(io.BytesIO(bytes(data))).infolist()[0]


def _both_refuse(data, info, complaint):
    """inflate gives None for the part, and zipfile refuses it with ``complaint``."""
    assert inflate(bytes(data), info) is None
    with pytest.raises(zipfile.BadZipFile, match=complaint):
        zipfile.ZipFile(io.BytesIO(bytes(data))).read(info.filename)


def test_every_part_of_the_sample_is_what_zipfile_reads():
    data = SAMPLE.read_bytes()
    with zipfile.ZipFile(SAMPLE) as archive:
        infos = archive.infolist()
        assert len(infos) > 10
        for info in infos:
            assert inflate(data, info) == archive.read(info), info.filename


@pytest.mark.parametrize("compression", [zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED])
def test_stored_and_deflated_parts(compression):
    data = _zip(compression)
    assert inflate(bytes(data), _info(data)) == TEXT


def test_a_utf8_name_is_matched_against_the_local_header():
    data = _zip(name="xl/附件二.xml")
    assert inflate(bytes(data), _info(data)) == TEXT


def test_another_compression_is_left_to_zipfile():
    data = _zip(zipfile.ZIP_BZIP2)
    assert inflate(bytes(data), _info(data)) is None


def test_a_local_name_other_than_the_directory_s_is_refused():
    data = _zip()
    info = _info(data)
    at = data.index(b"xl/worksheets/sheet1.xml")      # the local header's copy comes first
    data[at:at + 2] = b"XL"
    _both_refuse(data, info, "differ")


def test_a_damaged_byte_fails_the_crc():
    data = _zip(zipfile.ZIP_STORED)
    info = _info(data)
    at = data.index("绩效".encode())
    data[at] ^= 0x01
    _both_refuse(data, info, "CRC")


def test_a_part_longer_than_declared_is_not_inflated_past_its_size():
    data = _zip()
    info = _info(data)
    info.file_size = 100   # the directory lies: the stream holds 5,600 bytes
    assert inflate(bytes(data), info) is None


def test_a_cut_off_file_gives_none():
    data = _zip()
    info = _info(data)
    assert inflate(bytes(data[:info.header_offset + 40]), info) is None
    assert inflate(bytes(data[:10]), info) is None


def test_a_missing_local_header_gives_none():
    data = _zip()
    info = _info(data)
    data[0:4] = struct.pack("<I", 0)
    assert inflate(bytes(data), info) is None


@pytest.mark.parametrize("flag", [0x20, 0x40])   # compressed patched data, strong encryption
def test_flags_zipfile_refuses_are_left_to_it(flag):
    data = _zip()
    info = _info(data)
    info.flag_bits |= flag
    assert inflate(bytes(data), info) is None


def test_the_local_name_is_read_by_the_local_header_s_own_flag():
    data = _zip(name="xl/附件二.xml")
    info = _info(data)
    flags_at = data.index(b"PK\x03\x04") + 6
    data[flags_at:flags_at + 2] = struct.pack("<H", struct.unpack_from("<H", data, flags_at)[0] & ~0x800)
    _both_refuse(data, info, "differ")


def test_a_negative_offset_gives_none():
    data = _zip()
    info = _info(data)
    info.header_offset = -30
    assert inflate(bytes(data), info) is None


def test_sizes_that_cannot_be_right_are_left_to_zipfile():
    """Before anything is inflated or copied: a stored part longer or shorter than its content, or
    deflated data far longer than what it inflates to (a directory pointing many entries at one big part)."""
    stored = _zip(zipfile.ZIP_STORED)
    info = _info(stored)
    info.file_size = 100
    assert inflate(bytes(stored), info) is None
    deflated = _zip(data=bytes(range(256)) * 40)      # 10,240 bytes that hardly compress
    info = _info(deflated)
    assert inflate(bytes(deflated), info) == bytes(range(256)) * 40
    info.file_size = info.compress_size // 2
    assert inflate(bytes(deflated), info) is None


def test_a_directory_pointing_outside_the_file_reads_as_it_always_did(tmp_path):
    """Every part's offset moved 100 bytes on, one's left at 0 (so 100 bytes before the file
    starts, as zipfile computes it): zipfile then reads what it always read, and so does verify."""
    from perfeval_xl.api import verify_file

    data = bytearray(SAMPLE.read_bytes())
    end = data.rfind(b"PK\x05\x06")
    struct.pack_into("<I", data, end + 16, struct.unpack_from("<I", data, end + 16)[0] + 100)
    at = data.find(b"PK\x01\x02")
    while at >= 0:
        length = struct.unpack_from("<H", data, at + 28)[0]
        name = bytes(data[at + 46:at + 46 + length])
        offset = struct.unpack_from("<I", data, at + 42)[0]
        struct.pack_into("<I", data, at + 42, 0 if name == b"docProps/app.xml" else offset + 100)
        at = data.find(b"PK\x01\x02", at + 4)
    path = tmp_path / "偏移.xlsx"
    path.write_bytes(bytes(data))
    result = verify_file(path)
    assert result.status == "checked" and result.findings
