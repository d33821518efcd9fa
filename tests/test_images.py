"""tools/make_images.py draws every README figure from the course's plotting helpers."""

import sys
from pathlib import Path

import matplotlib.pyplot as plt

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))
import make_images  # noqa: E402


def test_every_figure_is_made_and_shown_in_the_readme(tmp_path):
    made = make_images.main(tmp_path)
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert sorted(p.name for p in made) == sorted(make_images.FIGURES)
    for path in made:
        picture = plt.imread(path)
        assert picture.shape[0] > 300 and picture.shape[1] > 600  # readable on a projector
        assert picture.std() > 0.05  # not blank
        assert f"(images/{path.name})" in readme
        assert (ROOT / "images" / path.name).exists()
