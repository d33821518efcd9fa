"""Which PNG encoder should an explorer's frame use: two threads, one thread, or Pillow?

Every frame of an explorer is encoded as PNG in the kernel (``gdcore.scenes.png_bytes``): after the
drawing, it is the largest part of a frame's time. Until gdcore 0.3 the encoder compressed the two
halves of the rows in two threads and joined the two raw deflate streams (``deflate_in_parts``, kept
below to measure against). Threads cannot start in Pyodide (JupyterLite), and on a loaded machine two
threads may gain little, so this measures, side by side and interleaved in one run, on real frames of
the course's busiest explorers:

* **threaded**: gdcore 0.2's encoder (rows unfiltered, zlib level 1, two threads; ``png_threaded``);
* **single**: ``gdcore.scenes.png_bytes``, the same file, filter and level, one ``zlib.compress``;
* **Pillow**: ``Image.save(format="png", compress_level=1)`` (its own filters; no ``optimize``).

under four conditions, each in a fresh process (a thread takes its CPU mask from the thread that
starts it, so the process is pinned before NumPy, matplotlib or the encoder start any thread):
both cores; both cores with a busy loop on core 1; pinned to core 0; pinned to core 0 with the busy
loop on core 1. Every encoder's file is decoded and compared with the frame, pixel for pixel.

    python benchmarks/frame_encoder.py [--rounds 40]

Speed is never asserted in tests (benchmarks/README.md); the results and the choice are recorded there.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import platform
import statistics
import struct
import subprocess
import sys
import time
import zlib
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

CONDITIONS = {
    "2 cores": (None, False),
    "2 cores, core 1 busy": (None, True),
    "1 core": ({0}, False),
    "1 core, core 1 busy": ({0}, True),
}
ENCODERS = ("threaded", "single", "Pillow")
# A process that keeps core 1 busy: pinned there, it says so, then spins.
BUSY_LOOP = "\n".join(
    ["import os, sys", "os.sched_setaffinity(0, {1})", "print('ready', flush=True)", "while True: pass"]
)


def png_threaded(rgba):
    """gdcore 0.2's ``png_bytes``: the same file, its rows compressed in two threads and joined."""
    import struct

    import numpy as np

    from gdcore.scenes.frames import _PNG_SIGNATURE, _png_chunk

    height, width, channels = rgba.shape
    rows = np.empty((height, 1 + width * channels), dtype=np.uint8)
    rows[:, 0] = 0  # filter type 0 ("none") at the start of every row
    rows[:, 1:] = rgba.reshape(height, -1)
    header = struct.pack(">IIBBBBB", width, height, 8, 6, 0, 0, 0)  # 8 bits, RGBA, no interlace
    return b"".join(
        [_PNG_SIGNATURE, _png_chunk(b"IHDR", header), _png_chunk(b"IDAT", deflate_in_parts(rows)),
         _png_chunk(b"IEND", b"")]
    )  # fmt: skip


def deflate_in_parts(rows, parts: int = 2) -> bytes:
    """``zlib.compress(rows, 1)``'s format, with the rows compressed in ``parts`` threads at once.

    A zlib stream is a two-byte header, deflate blocks and the Adler-32 of the data (RFC 1950).
    Deflate blocks may be cut anywhere a compressor flushes to a byte boundary, so each part is
    compressed alone (raw deflate, ``Z_FULL_FLUSH``; the last part finishes the stream) and the
    parts are joined: the way pigz compresses in parallel. zlib releases the GIL while it works, so
    on two cores a frame's compression (the largest part of its time) takes about half as long.
    """
    import numpy as np

    pieces = np.array_split(rows, min(parts, len(rows)))
    last = len(pieces) - 1
    done = list(_threads().map(_deflate_piece, pieces, [k == last for k in range(len(pieces))]))
    checksum = done[0][1]
    for piece, (_, piece_checksum) in zip(pieces[1:], done[1:], strict=True):
        checksum = adler32_combine(checksum, piece_checksum, piece.size)
    return b"\x78\x01" + b"".join(data for data, _ in done) + struct.pack(">I", checksum)  # level-1 header


def _deflate_piece(piece, finishes: bool) -> tuple[bytes, int]:
    """One part compressed as raw deflate (no header, no checksum), and its own Adler-32."""
    compressor = zlib.compressobj(1, zlib.DEFLATED, -15)
    data = compressor.compress(piece) + compressor.flush(zlib.Z_FINISH if finishes else zlib.Z_FULL_FLUSH)
    return data, zlib.adler32(piece)


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


def png_pillow(rgba):
    """Pillow's PNG writer at zlib level 1, the level of the other two (no ``optimize``)."""
    from PIL import Image

    buffer = io.BytesIO()
    Image.fromarray(rgba, "RGBA").save(buffer, format="png", compress_level=1)
    return buffer.getvalue()


def frames() -> dict[str, object]:
    """RGBA frames of busy scenes, taken as ``Scene.png`` takes them (kept background + moving artists)."""
    import numpy as np

    from gdcore import plots
    from gdcore.course import chapter

    plots.use_course_style()
    (minibatch,), (bowl,), (training_size,) = (chapter(n).explorers for n in (9, 6, 11))  # as the notebooks
    settings = {
        "09 mini-batch, b = 1, α = 0.9": (minibatch.build(), {"batch": 0, "alpha": 0.9}),
        "06 bowl, α = 0.3, 60 steps": (bowl.build(), {"alpha": 0.3, "steps": 60}),
        "11 train size, m = 200": (training_size.build(), {"size": 200, "draw": 3}),
    }
    result = {}
    for name, (scene, values) in settings.items():
        scene.show(**values)
        canvas = scene.figure.canvas
        canvas.restore_region(scene.background)
        for artist in scene.moving:
            scene.figure.draw_artist(artist)
        result[name] = np.array(canvas.buffer_rgba())  # a copy: the canvas is reused
    return result


def decoded(data: bytes):
    import numpy as np
    from PIL import Image

    return np.asarray(Image.open(io.BytesIO(data)).convert("RGBA"))


def measure(rounds: int) -> dict:
    """Median ms and bytes per frame and encoder, interleaved: every round encodes every frame with
    every encoder, in an order that rotates, so that drift in the machine's load hits all alike."""
    from gdcore.scenes import png_bytes

    encode = {"threaded": png_threaded, "single": png_bytes, "Pillow": png_pillow}
    pictures = frames()
    times: dict[tuple[str, str], list[float]] = {(f, e): [] for f in pictures for e in ENCODERS}
    sizes = {}
    for frame, rgba in pictures.items():
        for encoder in ENCODERS:
            data = encode[encoder](rgba)  # warm-up (the thread pool starts here), and the check
            if not (decoded(data) == rgba).all():
                raise SystemExit(f"{encoder} does not give back the pixels of {frame}")
            sizes[frame, encoder] = len(data)
    for k in range(rounds):
        order = ENCODERS[k % 3 :] + ENCODERS[: k % 3]
        for frame, rgba in pictures.items():
            for encoder in order:
                start = time.perf_counter()
                encode[encoder](rgba)
                times[frame, encoder].append(time.perf_counter() - start)
    shapes = {frame: list(rgba.shape[:2]) for frame, rgba in pictures.items()}
    return {
        "median_ms": {f"{f}|{e}": statistics.median(t) * 1e3 for (f, e), t in times.items()},
        "bytes": {f"{f}|{e}": size for (f, e), size in sizes.items()},
        "shapes": shapes,
        "threads_cpus": thread_cpus(),
    }


def thread_cpus() -> list[str]:
    """The CPUs each thread of this process may run on (Linux), to show that a pin holds for all."""
    tasks = Path("/proc/self/task")
    if not tasks.exists():
        return []
    lists = set()
    for task in tasks.iterdir():
        for line in (task / "status").read_text().splitlines():
            if line.startswith("Cpus_allowed_list:"):
                lists.add(line.split(":", 1)[1].strip())
    return sorted(lists)


def run_condition(name: str, rounds: int) -> dict:
    """One condition in a fresh process, with the busy loop beside it if the condition asks for one."""
    _, busy = CONDITIONS[name]
    loop = None
    if busy:
        loop = subprocess.Popen([sys.executable, "-c", BUSY_LOOP], stdout=subprocess.PIPE, text=True)
        loop.stdout.readline()  # it is pinned and spinning
    try:
        load = os.getloadavg()[0]
        child = subprocess.run(
            [sys.executable, __file__, "--child", name, "--rounds", str(rounds)],
            capture_output=True,
            text=True,
            check=True,
        )
    finally:
        if loop is not None:
            loop.kill()
            loop.wait()
    result = json.loads(child.stdout)
    result["load"] = load
    return result


def child(name: str, rounds: int) -> None:
    """Pin this process (before anything starts a thread), measure, print the results as JSON."""
    cpus, _ = CONDITIONS[name]
    if cpus is not None:
        os.sched_setaffinity(0, cpus)
    print(json.dumps(measure(rounds)))


def table(results: dict[str, dict]) -> list[str]:
    lines = []
    first = next(iter(results.values()))
    for frame, (height, width) in first["shapes"].items():
        sizes = "  ".join(f"{e} {first['bytes'][f'{frame}|{e}'] / 1000:.0f} kB" for e in ENCODERS)
        lines.append(f"{frame} ({width} × {height}): {sizes}")
    lines.append("")
    head = f"{'condition':<22}{'frame':<31}" + "".join(f"{e:>10}" for e in ENCODERS)
    lines.append(head + f"{'single/threaded':>17}{'Pillow/threaded':>17}")
    for condition, result in results.items():
        for frame in result["shapes"]:
            ms = [result["median_ms"][f"{frame}|{e}"] for e in ENCODERS]
            lines.append(
                f"{condition:<22}{frame:<31}"
                + "".join(f"{value:8.1f}ms" for value in ms)
                + f"{ms[1] / ms[0]:16.2f}×{ms[2] / ms[0]:16.2f}×"
            )
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=40, help="interleaved rounds per condition")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child, args.rounds)
        return
    if len(os.sched_getaffinity(0)) < 2:
        raise SystemExit("needs two cores (this process may use only one)")
    import numpy as np
    import PIL

    print(
        f"Python {platform.python_version()}, NumPy {np.__version__}, Pillow {PIL.__version__}, "
        f"zlib {zlib.ZLIB_RUNTIME_VERSION}; median of {args.rounds} interleaved rounds per condition"
    )
    results = {}
    for name in CONDITIONS:
        results[name] = run_condition(name, args.rounds)
        cpus = ", ".join(results[name]["threads_cpus"])
        print(f"measured: {name} (threads allowed on CPUs {cpus}; load average {results[name]['load']:.1f})")
    print("\n".join(table(results)))


if __name__ == "__main__":
    main()
