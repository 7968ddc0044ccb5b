"""Compressed inputs: gzip and zstd streams, decompressed as they are read.

A compressed file is recognised by its first bytes (not only by its name), so a
``news.jsonl.gz`` and a ``news.jsonl`` that happens to be gzipped read alike. The format of
what is inside comes from the name without the compression suffix (``.jsonl.gz`` ->
JSON Lines). Nothing is decompressed whole: readers pull lines as they need them.

A truncated or corrupt stream raises ``EOFError``/``OSError`` part-way through;
:func:`eventmill.ingest.readers.read_file` turns that into one input error after the
records that could be read.

Decompression is bounded (:class:`Bounded`): by default a stream may not grow past
:data:`RATIO` times the compressed bytes read so far (nor past :data:`FLOOR` for small
files), which real text never does and a decompression bomb (a megabyte that unpacks to
a gigabyte) does at once; ``--max-decompressed`` sets a fixed bound instead. A file
compressed twice (``.gz`` inside ``.gz``) is unpacked layer by layer, under the same bound.
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


RATIO = 100
"""Decompressed bytes allowed per compressed byte read (text compresses 3 to 15 times)."""
FLOOR = 64 << 20
"""What any compressed stream may unpack to, whatever its ratio (a small, very regular file)."""
MAX_LAYERS = 3


class TooLarge(Exception):
    """The decompressed stream passed its bound; the message says which, in words."""


class _Counting(io.RawIOBase):
    """Counts the compressed bytes read through it."""

    def __init__(self, raw: BinaryIO) -> None:
        self._raw = raw
        self.count = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buf) -> int:
        data = self._raw.read(len(buf))
        n = len(data)
        buf[:n] = data
        self.count += n
        return n


class Bounded(io.RawIOBase):
    """The decompressed bytes, stopping past the bound.

    A failure (the bound passed, a truncated or corrupt stream) is held back until the
    bytes decompressed before it have been read: the reader above sees the end of the
    stream there, and the failure is raised on the next read, or found in ``error`` by
    whoever finishes the file (a buffered reader would otherwise drop those bytes with it).
    """

    def __init__(self, inner: BinaryIO, compressed: _Counting, limit: int | None) -> None:
        self._inner = inner
        self._compressed = compressed
        self._limit = limit
        self.count = 0
        self.error: BaseException | None = None
        self._raised = False

    def readable(self) -> bool:
        return True

    def readinto(self, buf) -> int:
        if self.error is not None:
            self._raised = True
            raise self.error
        try:
            read = getattr(self._inner, "read1", self._inner.read)  # one step: what is there, then the failure
            data = read(len(buf))
        except Exception as exc:
            self.error = exc
            return 0
        n = len(data)
        if self._limit is not None and self.count + n > self._limit:
            self.error = TooLarge(f"decompresses to more than {_size(self._limit)} (the --max-decompressed bound)")
            return 0
        if self._limit is None and self.count + n > max(FLOOR, RATIO * self._compressed.count):
            self.error = TooLarge(
                f"decompresses to more than {RATIO} times its compressed size ({_size(self.count + n)} from "
                f"{_size(self._compressed.count)}): a decompression bomb? (--max-decompressed SIZE allows more)"
            )
            return 0
        self.count += n
        buf[:n] = data
        return n

    def unreported(self) -> BaseException | None:
        """The failure that ended the stream, if no read has raised it yet."""
        return None if self._raised else self.error


def _size(n: int) -> str:
    return f"{n / (1 << 20):,.1f} MiB" if n >= 1 << 20 else f"{n:,} bytes"


def open_decompressed(raw: BinaryIO, compression: str | None, limit: int | None = None) -> tuple[BinaryIO, Bounded]:
    """The decompressed stream of ``raw`` (a buffered stream with ``peek``), every layer of
    compression undone (up to :data:`MAX_LAYERS`), under the bound; and its bounding layer
    (whose ``unreported()`` failure the caller reports once the stream is read)."""
    counting = _Counting(raw)
    stream: BinaryIO = io.BufferedReader(counting, buffer_size=_CHUNK)
    layers = 0
    while compression is not None and layers < MAX_LAYERS:
        stream = decompressed(stream, compression)
        layers += 1
        compression = compression_of(stream.peek(4)[:4])  # type: ignore[attr-defined]
    bounded = Bounded(stream, counting, limit)
    return io.BufferedReader(bounded, buffer_size=_CHUNK), bounded
