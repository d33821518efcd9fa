"""A scene's frame as PNG bytes, written out for speed: the time of every slider move is spent here.

:func:`png_bytes` writes the PNG specification's simplest file (signature, header, one data chunk,
end) around the frame's rows, compressed by zlib at level 1. ``benchmarks/frame_encoder.py``
compares it with Pillow's writer on the course's own frames.
"""

from __future__ import annotations

import struct
import zlib

import numpy as np


def png_bytes(rgba: np.ndarray) -> bytes:
    """An RGBA image (shape (height, width, 4), uint8) as the bytes of a PNG file.

    Written out here rather than with Pillow because this is the time of a frame: for a two-panel
    scene's 1760 × 800 pixels, Pillow's PNG writer (zlib level 1, a filter chosen per row) took
    2.6-5× as long (rows unfiltered here, zlib at level 1: mostly flat colours compress well without
    PNG's filters). One ``zlib.compress`` in the calling thread: compressing the halves of the rows
    in two threads saved nothing measurable on one core or two, under load, and threads cannot
    start in Pyodide (``benchmarks/frame_encoder.py``). The format is the PNG specification's
    simplest: signature, header, one data chunk, end.

    Parameters
    ----------
    rgba : ndarray, shape (height, width, 4), dtype uint8
        The image, row by row from the top (as ``FigureCanvasAgg.buffer_rgba`` holds it).

    Returns
    -------
    bytes
        The PNG file's bytes: 8-bit RGBA, not interlaced.
    """
    height, width, channels = rgba.shape
    rows = np.empty((height, 1 + width * channels), dtype=np.uint8)
    rows[:, 0] = 0  # filter type 0 ("none") at the start of every row
    rows[:, 1:] = rgba.reshape(height, -1)
    header = struct.pack(">IIBBBBB", width, height, 8, 6, 0, 0, 0)  # 8 bits, RGBA, no interlace
    return b"".join(
        [_PNG_SIGNATURE, _png_chunk(b"IHDR", header), _png_chunk(b"IDAT", zlib.compress(rows.data, 1)),
         _png_chunk(b"IEND", b"")]
    )  # fmt: skip


_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def _png_chunk(kind: bytes, data: bytes) -> bytes:
    """A PNG chunk: length, type, data, and the CRC-32 of type and data."""
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
