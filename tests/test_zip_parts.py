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
    assert inflate(bytes(data), info) is None
    with pytest.raises(zipfile.BadZipFile):
        zipfile.ZipFile(io.BytesIO(bytes(data))).read(info.filename)


def test_a_damaged_byte_fails_the_crc():
    data = _zip(zipfile.ZIP_STORED)
    info = _info(data)
    at = data.index("绩效".encode())
    data[at] ^= 0x01
    assert inflate(bytes(data), info) is None
    with pytest.raises(zipfile.BadZipFile, match="CRC"):
        zipfile.ZipFile(io.BytesIO(bytes(data))).read(info.filename)


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
