"""Inflate a small part of a zip held in memory, checked as zipfile checks it, without zipfile's streams.

A workbook of a batch is some twenty parts of a few kilobytes each.  zipfile
opens a stream for each (a seek, a local header read, a decompressor and a
CRC object), which costs twice the inflating itself.  Here each part is cut out
of the file's bytes and inflated at once.  Anything unusual (another
compression, a local header that does not match the directory, a size or CRC
that does not add up) gives None, and the caller lets zipfile read that part
and say what is wrong with it.
"""

import struct
import zlib
from zipfile import ZIP_DEFLATED, ZIP_STORED

_LOCAL_HEADER = struct.Struct("<4s22xHH")   # signature, (version … sizes), name length, extra length
_LOCAL_SIGNATURE = b"PK\x03\x04"
_UTF8_NAME = 0x800   # general purpose flag bit 11: the name is UTF-8, else code page 437


def inflate(data, info):
    """The bytes of the part ``info`` (a ZipInfo of the zip whose bytes are ``data``), or None."""
    offset = info.header_offset
    if offset + _LOCAL_HEADER.size > len(data):
        return None
    signature, name_length, extra_length = _LOCAL_HEADER.unpack_from(data, offset)
    name_start = offset + _LOCAL_HEADER.size
    name = data[name_start:name_start + name_length]
    # zipfile refuses a part whose local name differs from the directory's (a zip built to confuse readers).
    if signature != _LOCAL_SIGNATURE or name != _directory_name(info):
        return None
    start = name_start + name_length + extra_length
    raw = data[start:start + info.compress_size]
    if len(raw) != info.compress_size:
        return None
    if info.compress_type == ZIP_STORED:
        body = raw
    elif info.compress_type == ZIP_DEFLATED:
        try:
            # Never more than the declared size and one byte: a stream that lies about its size stops there.
            body = zlib.decompressobj(-15).decompress(raw, info.file_size + 1)
        except zlib.error:
            return None
    else:
        return None
    if len(body) != info.file_size or zlib.crc32(body) != info.CRC:
        return None
    return body


def _directory_name(info):
    try:
        return info.orig_filename.encode("utf-8" if info.flag_bits & _UTF8_NAME else "cp437")
    except UnicodeEncodeError:
        return None
