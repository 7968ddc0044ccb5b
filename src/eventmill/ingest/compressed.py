"""Compressed inputs: gzip and zstd streams, decompressed as they are read.

A compressed file is recognised by its first bytes (not only by its name), so a
``news.jsonl.gz`` and a ``news.jsonl`` that happens to be gzipped read alike. The format of
what is inside comes from the name without the compression suffix (``.jsonl.gz`` ->
JSON Lines). Nothing is decompressed whole: readers pull lines as they need them.

A truncated or corrupt stream raises ``EOFError``/``OSError`` part-way through;
:func:`eventmill.ingest.readers.read_file` turns that into one input error after the
records that could be read.
"""

from __future__ import annotations

import gzip
import io
from typing import BinaryIO

GZIP_MAGIC = b"\x1f\x8b"
ZSTD_MAGIC = b"\x28\xb5\x2f\xfd"
SUFFIXES = {".gz": "gzip", ".gzip": "gzip", ".zst": "zstd", ".zstd": "zstd"}
_CHUNK = 1 << 16


def compression_of(head: bytes) -> str | None:
    """``gzip``, ``zstd`` or None, from the first bytes of a file."""
    if head.startswith(GZIP_MAGIC):
        return "gzip"
    if head.startswith(ZSTD_MAGIC):
        return "zstd"
    return None


class _ZstdRaw(io.RawIOBase):
    """A zstd stream of one or more frames, decompressed on demand.

    ``zstandard``'s own stream reader returns a truncated frame's bytes without a word;
    this one raises ``EOFError`` when the file ends inside a frame.
    """

    def __init__(self, raw: BinaryIO) -> None:
        import zstandard

        self._raw = raw
        self._new = zstandard.ZstdDecompressor().decompressobj
        self._dobj = self._new()
        self._in_frame = False
        self._buffer = b""

    def readable(self) -> bool:
        return True

    def readinto(self, buf) -> int:
        while not self._buffer:
            chunk = self._raw.read(_CHUNK)
            if not chunk:
                if self._in_frame:
                    raise EOFError("zstd stream ended before the end of its frame (truncated file?)")
                return 0
            self._feed(chunk)
        n = min(len(buf), len(self._buffer))
        buf[:n] = self._buffer[:n]
        self._buffer = self._buffer[n:]
        return n

    def _feed(self, chunk: bytes) -> None:
        while chunk:
            self._in_frame = True
            self._buffer += self._dobj.decompress(chunk)
            if not self._dobj.eof:
                return
            chunk = self._dobj.unused_data  # the next frame begins here
            self._dobj = self._new()
            self._in_frame = False


def decompressed(raw: BinaryIO, compression: str) -> BinaryIO:
    """A buffered binary stream (with ``peek``) of the decompressed bytes."""
    if compression == "gzip":
        return gzip.GzipFile(fileobj=raw, mode="rb")  # type: ignore[return-value]
    if compression == "zstd":
        return io.BufferedReader(_ZstdRaw(raw), buffer_size=_CHUNK)
    raise ValueError(compression)
