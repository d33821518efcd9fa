"""How fast is gdcore.gradient_descent, next to a bare loop and to the sources' loop styles?

Prints the time per iteration for m = 100, 10^4 and 10^6 examples (n = 2: bias and one feature),
and each time as a ratio to the floor: a bare NumPy loop that keeps no history. All styles run side
by side in one process, interleaved over several rounds, and the median round is reported, so the
ratios hold even on a noisy machine. Run: ``python benchmarks/descent_speed.py`` (or ``make benchmark``).
"""

from __future__ import annotations

import statistics
import sys
import time
import warnings

import numpy as np

import gdcore as gd

ALPHA = 1e-3


def bare_numpy_floor(X, y, theta, alpha, iters):
    """The least any loop can do: the update alone, no cost, no history."""
    m = len(y)
    for _ in range(iters):
        theta = theta - (alpha / m) * (X.T @ (X @ theta - y))
    return theta


def gdcore_descent(X, y, theta, alpha, iters):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", gd.DivergenceWarning)
        return gd.gradient_descent(theta, X, y, alpha, iters).theta


def source_001_style(X, y, theta, alpha, iters):
    """Source 001's loop: slope and bias as scalars, Python's built-in sum over the arrays."""
    x = X[:, 1]
    b, w = theta
    n = float(len(y))
    for _ in range(iters):
        current = w * x + b
        _cost = sum([e**2 for e in (y - current)]) / n  # computed every epoch, as there
        w_grad = -(2 / n) * sum(x * (y - current))
        b_grad = -(2 / n) * sum(y - current)
        w, b = w - alpha / 2 * w_grad, b - alpha / 2 * b_grad  # alpha/2: the same step as half-MSE
    return np.array([b, w])


def source_002_style(X, y, theta, alpha, iters):
    """Source 002's loop: a Python loop for each prediction and another for each parameter."""
    B = theta.copy()
    m = len(y)
    for _ in range(iters):
        guess = np.empty(m)
        for j in range(m):
            guess[j] = np.dot(B, X[j])
        new = B.copy()
        for k in range(len(B)):
            new[k] = new[k] - alpha * (1 / m) * np.sum((guess - y) * X[:, k])
        B = new
    return B


STYLES = {
    "bare numpy loop (floor)": bare_numpy_floor,
    "gdcore.gradient_descent": gdcore_descent,
    "source 001 style": source_001_style,
    "source 002 style": source_002_style,
}


def seconds_per_iteration(run, X, y, budget: float, at_least: int) -> float:
    """Time one call of ``run`` with as many iterations as fit in ``budget`` seconds (``at_least``).

    A call checks and copies its input once; enough iterations make that one-off cost negligible,
    as it is in a real run of a thousand iterations.
    """
    theta = np.zeros(X.shape[1])
    start = time.perf_counter()
    run(X, y, theta, ALPHA, 1)
    probe = time.perf_counter() - start
    iters = max(at_least, int(budget / max(probe, 1e-7)))
    start = time.perf_counter()
    run(X, y, theta, ALPHA, iters)
    return (time.perf_counter() - start) / iters


def main(sizes=(100, 10_000, 1_000_000), rounds: int = 5, budget: float = 0.2) -> None:
    rng = np.random.default_rng(0)
    print(f"Python {sys.version.split()[0]}, NumPy {np.__version__}; median of {rounds} interleaved rounds")
    print(f"{'m':>9}  {'style':<26}{'time / iteration':>18}{'ratio to floor':>16}")
    for m in sizes:
        X = gd.design_matrix(25 * rng.random(m))
        y = 30 + 50 * X[:, 1] + rng.normal(0, 20, m)
        times = {name: [] for name in STYLES}
        for _ in range(rounds):
            for name, run in STYLES.items():
                if name.startswith("source"):  # Python-level loops: a few iterations say enough
                    sample = seconds_per_iteration(run, X, y, budget if m < 1_000_000 else 0.0, 1)
                else:
                    sample = seconds_per_iteration(run, X, y, budget, 200)
                times[name].append(sample)
        floor = statistics.median(times["bare numpy loop (floor)"])
        for name, samples in times.items():
            t = statistics.median(samples)
            print(f"{m:>9}  {name:<26}{t * 1e6:>15.1f} µs{t / floor:>15.2f}×")


if __name__ == "__main__":
    main()
