"""How fast are gdcore's AdaGrad, RMSProp and Adam (``adaptive_descent``), next to bare loops?

Each method, per iteration, against a bare NumPy loop that makes the same full-batch updates and
keeps nothing (no input checks, no history, no blow-up watch); and ``preconditioned_descent`` with
Jacobi's preconditioner against its bare loop. Target: within 1.3x of the bare loop. m = 10^4
examples, n = 2 (bias and one feature). Everything runs side by side in one process, interleaved over
several rounds; the median round is reported, as ratios. Run: ``python benchmarks/adaptive_speed.py``.
"""

from __future__ import annotations

import statistics
import sys
import time

import numpy as np

import gdcore as gd

M = 10_000
ALPHA = 0.05
BETA1, BETA2, DELTA = 0.9, 0.999, 1e-8


def bare_adaptive(X, y, theta, alpha, iters, method):
    """The least such a loop can do: the gradient and the method's update, nothing else."""
    m = len(y)
    average, squares = np.zeros_like(theta), np.zeros_like(theta)
    keep1, keep2 = BETA1, BETA2
    for _ in range(iters):
        g = X.T @ (X @ theta - y) / m
        if method == "adagrad":
            squares += g * g
            theta = theta - alpha * g / (np.sqrt(squares) + DELTA)
        elif method == "rmsprop":
            squares = BETA2 * squares + (1 - BETA2) * (g * g)
            theta = theta - alpha * g / (np.sqrt(squares) + DELTA)
        else:
            average = BETA1 * average + (1 - BETA1) * g
            squares = BETA2 * squares + (1 - BETA2) * (g * g)
            theta = theta - alpha * (average / (1 - keep1)) / (np.sqrt(squares / (1 - keep2)) + DELTA)
            keep1, keep2 = keep1 * BETA1, keep2 * BETA2
    return theta


def gdcore_adaptive(X, y, theta, alpha, iters, method):
    return gd.adaptive_descent(theta, X, y, alpha, iters, method=method).theta


def bare_preconditioned(X, y, theta, alpha, iters, P):
    scaled = (alpha / len(y)) * P
    for _ in range(iters):
        theta = theta - scaled @ (X.T @ (X @ theta - y))
    return theta


def gdcore_preconditioned(X, y, theta, alpha, iters, P):
    return gd.preconditioned_descent(theta, X, y, alpha, iters, P).theta


def timed(run, *args) -> float:
    start = time.perf_counter()
    run(*args)
    return time.perf_counter() - start


def main(rounds: int = 7, iters: int = 2000) -> None:
    rng = np.random.default_rng(0)
    x = 25 * rng.random(M)
    X = gd.design_matrix(x)  # raw: the scales differ, as on the rings
    y = 30 + 50 * x + rng.normal(0, 20, M)
    theta = np.zeros(2)
    P = np.diag(1 / np.diag(gd.hessian(X)))
    versions = f"Python {sys.version.split()[0]}, NumPy {np.__version__}"
    print(f"{versions}; m = {M}; median of {rounds} interleaved rounds of {iters} iterations")
    print(f"{'method':<34}{'bare loop':>12}{'gdcore':>12}{'ratio':>9}{'target':>9}")
    cases = [(f"adaptive_descent, {method}", bare_adaptive, gdcore_adaptive, (ALPHA, iters, method))
             for method in gd.ADAPTIVE_METHODS]  # fmt: skip
    cases.append(
        ("preconditioned_descent, Jacobi", bare_preconditioned, gdcore_preconditioned, (1.0, iters, P))
    )
    for label, bare_run, ours_run, args in cases:
        bare, ours = [], []
        for _ in range(rounds):
            bare.append(timed(bare_run, X, y, theta, *args) / iters)
            ours.append(timed(ours_run, X, y, theta, *args) / iters)
        b, o = statistics.median(bare), statistics.median(ours)
        print(f"{label:<34}{b * 1e6:>9.1f} µs{o * 1e6:>9.1f} µs{o / b:>8.2f}×{'1.3×':>9}  (per iteration)")


if __name__ == "__main__":
    main()
