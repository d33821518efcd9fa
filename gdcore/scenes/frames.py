"""A scene's frame as PNG bytes, written out for speed: the time of every slider move is spent here.

:func:`png_bytes` writes the PNG specification's simplest file (signature, header, one data chunk,
end) around the frame's rows, compressed by zlib at level 1. ``benchmarks/frame_encoder.py``
compares it with Pillow's writer on the course's own frames.
"""

from __future__ import annotations

import struct
import zlib
from concurrent.futures import ThreadPoolExecutor

import numpy as np


def png_bytes(rgba: np.ndarray) -> bytes:
    """An RGBA image (shape (height, width, 4), uint8) as the bytes of a PNG file.

    Written out here rather than with Pillow because this is the time of a frame: for the 1760 × 672
    pixels of a two-panel scene, Pillow's PNG writer took 27-36 ms here and this takes about 10 ms
    (rows unfiltered, zlib at level 1: mostly flat colours compress well without PNG's filters).
    The format is the PNG specification's simplest: signature, header, one data chunk, end.
    """
    height, width, channels = rgba.shape
    rows = np.empty((height, 1 + width * channels), dtype=np.uint8)
    rows[:, 0] = 0  # filter type 0 ("none") at the start of every row
    rows[:, 1:] = rgba.reshape(height, -1)
    header = struct.pack(">IIBBBBB", width, height, 8, 6, 0, 0, 0)  # 8 bits, RGBA, no interlace
    return b"".join(
        [_PNG_SIGNATURE, _png_chunk(b"IHDR", header), _png_chunk(b"IDAT", deflate_in_parts(rows)),
         _png_chunk(b"IEND", b"")]
    )  # fmt: skip


def deflate_in_parts(rows: np.ndarray, parts: int = 2) -> bytes:
    """``zlib.compress(rows, 1)``'s format, with the rows compressed in ``parts`` threads at once.

    A zlib stream is a two-byte header, deflate blocks and the Adler-32 of the data (RFC 1950).
    Deflate blocks may be cut anywhere a compressor flushes to a byte boundary, so each part is
    compressed alone (raw deflate, ``Z_FULL_FLUSH``; the last part finishes the stream) and the
    parts are joined: the way pigz compresses in parallel. zlib releases the GIL while it works, so
    on two cores a frame's compression (the largest part of its time) takes about half as long.
    """
    pieces = np.array_split(rows, min(parts, len(rows)))
    last = len(pieces) - 1
    done = list(_threads().map(_deflate_piece, pieces, [k == last for k in range(len(pieces))]))
    checksum = done[0][1]
    for piece, (_, piece_checksum) in zip(pieces[1:], done[1:], strict=True):
        checksum = adler32_combine(checksum, piece_checksum, piece.size)
    return b"\x78\x01" + b"".join(data for data, _ in done) + struct.pack(">I", checksum)  # level-1 header


def _deflate_piece(piece: np.ndarray, finishes: bool) -> tuple[bytes, int]:
    """One part compressed as raw deflate (no header, no checksum), and its own Adler-32."""
    compressor = zlib.compressobj(1, zlib.DEFLATED, -15)
    raw = piece.data  # the rows' bytes, not copied (a row block of a C-contiguous array is contiguous)
    data = compressor.compress(raw) + compressor.flush(zlib.Z_FINISH if finishes else zlib.Z_FULL_FLUSH)
    return data, zlib.adler32(raw)


def adler32_combine(first: int, second: int, second_length: int) -> int:
    """The Adler-32 of two pieces of data joined, from each one's Adler-32 (zlib's adler32_combine).

    Adler-32 is two sums modulo 65521: a = 1 + Σ bytes, b = Σ of the running a's. Joining adds the
    second piece's byte sum to a, and to b the second's b plus the first's a − 1 once per byte of
    the second piece.
    """
    base = 65521
    a1, b1, a2, b2 = first & 0xFFFF, first >> 16, second & 0xFFFF, second >> 16
    a = (a1 + a2 - 1) % base
    b = (b1 + b2 + second_length * (a1 - 1)) % base
    return (b << 16) | a


_POOL: ThreadPoolExecutor | None = None


def _threads() -> ThreadPoolExecutor:
    """Two worker threads, made on first use and kept (a frame cannot wait for threads to start)."""
    global _POOL
    if _POOL is None:
        _POOL = ThreadPoolExecutor(max_workers=2, thread_name_prefix="gdcore-png")
    return _POOL


_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def _png_chunk(kind: bytes, data: bytes) -> bytes:
    """A PNG chunk: length, type, data, and the CRC-32 of type and data."""
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
