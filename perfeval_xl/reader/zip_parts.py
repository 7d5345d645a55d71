"""Inflate a small part of a zip held in memory, checked as zipfile checks it, without zipfile's streams.

A workbook of a batch is some twenty parts of a few kilobytes each.  zipfile
opens a stream for each (a seek, a local header read, a decompressor and a
CRC object), which costs twice the inflating itself.  Here each part is cut out
of the file's bytes and inflated at once.  Anything unusual (flags zipfile
refuses, another compression, a local header that does not match the
directory, sizes that cannot be right, a size or CRC that does not add up)
gives None, and the caller lets zipfile read that part and say what is wrong
with it.
"""

import struct
import zlib
from zipfile import ZIP_DEFLATED, ZIP_STORED

# Signature, (version), general purpose flags, (compression … sizes), name length, extra length.
_LOCAL_HEADER = struct.Struct("<4s2xH18xHH")
_LOCAL_SIGNATURE = b"PK\x03\x04"
_UTF8_NAME = 0x800   # general purpose flag bit 11: the name is UTF-8, else code page 437
# Encrypted (bit 0), compressed patched data (bit 5), strong encryption (bit 6): zipfile asks for a
# password or refuses (NotImplementedError).
_NOT_PLAIN = 0x1 | 0x20 | 0x40


def inflate(data, info):
    """The bytes of the part ``info`` (a ZipInfo of the zip whose bytes are ``data``), or None."""
    offset = info.header_offset
    if info.flag_bits & _NOT_PLAIN or not _plausible(info) or not 0 <= offset <= len(data) - _LOCAL_HEADER.size:
        return None
    signature, flags, name_length, extra_length = _LOCAL_HEADER.unpack_from(data, offset)
    name_start = offset + _LOCAL_HEADER.size
    # zipfile refuses a part whose local name differs from the directory's (a zip built to confuse
    # readers), reading the local name by the local header's own flag.
    if signature != _LOCAL_SIGNATURE or _name(data[name_start:name_start + name_length], flags) != info.orig_filename:
        return None
    start = name_start + name_length + extra_length
    raw = memoryview(data)[start:start + info.compress_size]   # a view: nothing copied before the checks
    if len(raw) != info.compress_size:
        return None
    if info.compress_type == ZIP_STORED:
        body = bytes(raw)
    else:
        try:
            # Never more than the declared size and one byte: a stream that lies about its size stops there.
            body = zlib.decompressobj(-15).decompress(raw, info.file_size + 1)
        except zlib.error:
            return None
    if len(body) != info.file_size or zlib.crc32(body) != info.CRC:
        return None
    return body


def _plausible(info):
    """A stored part is as long as its content; deflate adds at most a few bytes per 16 KB block to
    content that does not compress.  A directory claiming more is left to zipfile, which reads a
    part chunk by chunk (here the compressed bytes would be held whole first)."""
    if info.compress_type == ZIP_STORED:
        return info.compress_size == info.file_size
    return info.compress_type == ZIP_DEFLATED and info.compress_size <= info.file_size + (info.file_size >> 10) + 64


def _name(raw, flags):
    try:
        return raw.decode("utf-8" if flags & _UTF8_NAME else "cp437")
    except UnicodeDecodeError:
        return None
