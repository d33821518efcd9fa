"""The PNG encoders of ``benchmarks/frame_encoder.py``: every one it measures writes a valid file.

gdcore's own encoder (``gdcore.scenes.png_bytes``) is tested in test_scenes.py; the two-thread encoder of
gdcore 0.2, which the benchmark keeps to measure against, is tested here so that its numbers stay
numbers of a correct encoder.
"""

import io
import sys
import zlib
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
import frame_encoder


@pytest.mark.parametrize("parts", [1, 2, 3])
@pytest.mark.parametrize("height", [1, 2, 7, 40])
def test_a_frame_compressed_in_parts_is_one_valid_zlib_stream(parts, height):
    rng = np.random.default_rng(height)
    rows = rng.integers(0, 4, size=(height, 61), dtype=np.uint8)  # few values: deflate finds matches
    data = frame_encoder.deflate_in_parts(rows, parts)
    assert zlib.decompress(data) == rows.tobytes()  # zlib checks the joined Adler-32 too
    assert data[:2] == zlib.compress(b"", 1)[:2]  # the header zlib itself writes at level 1


def test_adler32_of_two_pieces_joins_as_zlib_computes_it():
    rng = np.random.default_rng(1)
    for first_length, second_length in [(0, 5), (5, 0), (1, 1), (3000, 70_000), (65_521, 65_522)]:
        first = rng.integers(0, 256, first_length, dtype=np.uint8).tobytes()
        second = rng.integers(0, 256, second_length, dtype=np.uint8).tobytes()
        joined = frame_encoder.adler32_combine(zlib.adler32(first), zlib.adler32(second), second_length)
        assert joined == zlib.adler32(first + second)


def test_the_threaded_and_the_single_thread_files_decode_to_the_same_pixels():
    from gdcore.scenes import png_bytes

    rgba = np.random.default_rng(2).integers(0, 256, size=(9, 13, 4), dtype=np.uint8)
    for data in (frame_encoder.png_threaded(rgba), png_bytes(rgba)):
        np.testing.assert_array_equal(np.asarray(Image.open(io.BytesIO(data)).convert("RGBA")), rgba)


def test_a_scene_draws_and_encodes_its_frames_where_threads_cannot_start(monkeypatch):
    # Pyodide, the Python of the JupyterLite site (make site), cannot start a thread: here every attempt
    # raises as it does there, and a scene still draws, its frames byte for byte those drawn with threads
    import _thread
    import threading

    from gdcore.course import chapter

    scene = chapter(4).explorers[0].build()
    first = next(iter(scene.controls.values()))
    expected = scene.render(**{first.name: first.high})
    threaded = frame_encoder.png_threaded(np.asarray(scene.canvas.buffer_rgba()))  # gdcore 0.2's encoder

    def no_thread(*args, **kwargs):
        raise RuntimeError("can't start new thread")

    monkeypatch.setattr(threading.Thread, "start", no_thread)
    monkeypatch.setattr(_thread, "start_new_thread", no_thread)
    with pytest.raises(RuntimeError, match="can't start new thread"):
        threading.Thread(target=print).start()  # the simulation does stop threads
    assert scene.render(**{first.name: first.low}) != expected  # a new frame, drawn without threads...
    assert scene.render(**{first.name: first.high}) == expected  # ...and the first one again, the same bytes
    pixels = [np.asarray(Image.open(io.BytesIO(data)).convert("RGBA")) for data in (expected, threaded)]
    np.testing.assert_array_equal(*pixels)  # and the same pixels as the threaded encoder wrote
