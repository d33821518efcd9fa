"""Make the figures in images/ (for the README and for slides) from the course's own plotting helpers.

Run: ``make images`` (or ``python tools/make_images.py [OUT_DIR]``). Every number comes from gdcore.
"""

from __future__ import annotations

import sys
import warnings
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import numpy as np

import gdcore as gd
from gdcore import plots

ROOT = Path(__file__).resolve().parent.parent


def three_sales(path: Path) -> None:
    """Notebook 01: the three sales, the lines through pairs, and the least-squares line."""
    carats, price = gd.jewelry_sales()
    X = gd.design_matrix(carats)
    span = np.array([0.0, 4.0])
    ax = plots.new_axes(None)
    plots.data_scatter(carats, price, ax=ax)
    for pair, style in zip([(0, 1), (1, 2), (0, 2)], ["--", ":", "-."], strict=True):
        theta = gd.least_squares(X[list(pair)], price[list(pair)])
        plots.model_line(
            span,
            gd.predict(theta, gd.design_matrix(span)),
            ax=ax,
            linestyle=style,
            color=plots.COLORS["muted"],
            linewidth=1.5,
            label=f"through sales {pair[0] + 1} and {pair[1] + 1}",
        )
    best = gd.least_squares(X, price)
    plots.model_line(
        span,
        gd.predict(best, gd.design_matrix(span)),
        ax=ax,
        color=plots.COLORS["best"],
        label=f"least squares: {best[0]:.2f} + {best[1]:.0f}·carats",
    )
    plots.residual_lines(carats, price, gd.predict(best, X), ax=ax)
    ax.set_ylim(0, 450)
    ax.legend(loc="upper left")
    ax.set_title("Three sales, no line through all: the best line misses all three")
    ax.figure.savefig(path)


def learning_rates(path: Path) -> None:
    """Notebook 04: ten steps on the cost parabola at four learning rates."""
    x, y = gd.toy_line()
    X = x[:, None]
    grid = np.linspace(-2, 8, 200)
    costs = gd.half_mse_each(grid[:, None], X, y)
    limit = gd.stability_limit(X)
    fig, axes = plt.subplots(1, 4, figsize=(15, 3.8), sharey=True)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", gd.DivergenceWarning)
        for ax, alpha in zip(axes, [0.01, 0.2, 0.4, 0.45], strict=True):
            run = gd.gradient_descent([0.0], X, y, alpha, 10)
            plots.cost_curve(grid, costs, ax=ax)
            plots.descent_path(run.theta_history[:, 0], run.cost_history, ax=ax, markersize=5)
            ax.set_xlim(grid[0], grid[-1])
            ax.set_ylim(-2, 60)
            ax.set_title(f"α = {alpha}: {gd.descent_regime(X, alpha)}")
    axes[0].set_ylabel(r"cost $J(\theta_1)$")
    for ax in axes[1:]:
        ax.set_ylabel("")
    fig.suptitle(f"Ten steps of gradient descent on y = 3x; the stability limit is 3/7 ≈ {limit:.4f}")
    fig.tight_layout()
    fig.savefig(path)


def narrow_valley(path: Path) -> None:
    """Notebook 05: the rings' cost valley with the descent path, and the gap to the least cost."""
    carats, price = gd.jewelry_rings()
    X = gd.design_matrix(carats)
    best = gd.least_squares(X, price)
    lowest = gd.half_mse(best, X, price)
    run = gd.gradient_descent(np.zeros(2), X, price, 0.01, 5000)
    fig, (left, right) = plt.subplots(1, 2, figsize=(13, 4.5))
    t0, t1 = np.linspace(5, 40, 181), np.linspace(48.3, 50.3, 181)
    gap = gd.half_mse_grid(t0, t1, X, price) - lowest
    plots.cost_contours(t0, t1, gap, ax=left, levels=np.geomspace(1, 1e5, 11))
    visited = run.theta_history
    hundreds = np.arange(100, 1001, 100)
    floor = visited[100:1001]
    plots.descent_path(
        floor[:, 0], floor[:, 1], ax=left, marker="", linewidth=1, label="α = 0.01, iterations 100 to 1000"
    )
    plots.descent_path(
        visited[hundreds, 0], visited[hundreds, 1], ax=left, linestyle="", label="every 100th iteration"
    )
    for k in (100, 500, 1000):
        left.annotate(str(k), visited[k], textcoords="offset points", xytext=(0, 10), ha="center")
    left.plot(*best, "*", color=plots.COLORS["best"], markersize=16, label="least squares")
    left.set_xlim(t0[0], t0[-1])
    left.set_ylim(t1[0], t1[-1])
    left.legend(loc="lower left")
    left.set_title("The valley floor (θ₁ axis stretched): a slow slide")
    plots.cost_history(run.cost_history - lowest, ax=right, ylabel="$J - J^*$")
    right.axvline(1000, color=plots.COLORS["muted"], linestyle=":", label="1000 iterations")
    right.legend()
    right.set_title("The gap to the least cost: a plunge, then a slow slide")
    fig.tight_layout()
    fig.savefig(path)


FIGURES = {
    "three_sales.png": three_sales,
    "learning_rates.png": learning_rates,
    "narrow_valley.png": narrow_valley,
}


def main(out_dir: Path = ROOT / "images") -> list[Path]:
    plots.use_course_style()
    out_dir.mkdir(parents=True, exist_ok=True)
    made = []
    for name, draw in FIGURES.items():
        draw(out_dir / name)
        plt.close("all")
        made.append(out_dir / name)
    return made


if __name__ == "__main__":
    for path in main(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "images"):
        print(f"wrote {path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}")
