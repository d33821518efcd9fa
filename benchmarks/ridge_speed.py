"""How fast is gdcore's ridge descent (``ridge_descent``), next to a bare loop?

Per iteration, against a bare NumPy loop that makes the same full-batch updates on the penalised cost
and keeps nothing (no input checks, no history, no blow-up watch). Target: within 1.3x of the bare
loop. m = 10^4 examples, n = 11 (an intercept and ten standardised features, as notebook 13's
diabetes data), and n = 2. Everything runs side by side in one process, interleaved over several
rounds; the median round is reported, as ratios. Run: ``python benchmarks/ridge_speed.py``.
"""

from __future__ import annotations

import statistics
import sys
import time

import numpy as np

import gdcore as gd

M = 10_000
GAMMA = 1.0


def bare_ridge(X, y, theta, alpha, iters):
    """The least such a loop can do: the gradient of J + (γ/2)‖w‖² and the step, nothing else."""
    m = len(y)
    for _ in range(iters):
        g = X.T @ (X @ theta - y) / m
        g[1:] += GAMMA * theta[1:]
        theta = theta - alpha * g
    return theta


def gdcore_ridge(X, y, theta, alpha, iters):
    return gd.ridge_descent(theta, X, y, GAMMA, alpha, iters).theta


def timed(run, *args) -> float:
    start = time.perf_counter()
    run(*args)
    return time.perf_counter() - start


def main(rounds: int = 7, iters: int = 2000) -> None:
    rng = np.random.default_rng(0)
    versions = f"Python {sys.version.split()[0]}, NumPy {np.__version__}"
    print(
        f"{versions}; m = {M}; gamma = {GAMMA:g}; median of {rounds} interleaved rounds of {iters} iterations"
    )
    print(f"{'method':<34}{'bare loop':>12}{'gdcore':>12}{'ratio':>9}{'target':>9}")
    for features in (1, 10):
        z = rng.normal(size=(M, features))
        X = gd.design_matrix((z - z.mean(axis=0)) / z.std(axis=0))
        y = X @ rng.normal(size=features + 1) + rng.normal(size=M)
        theta = np.zeros(features + 1)
        alpha = 1 / np.linalg.eigvalsh(gd.ridge_hessian(X, GAMMA))[-1]
        bare, ours = [], []
        for _ in range(rounds):
            bare.append(timed(bare_ridge, X, y, theta, alpha, iters) / iters)
            ours.append(timed(gdcore_ridge, X, y, theta, alpha, iters) / iters)
        b, o = statistics.median(bare), statistics.median(ours)
        label = f"ridge_descent, n = {features + 1}"
        print(f"{label:<34}{b * 1e6:>9.1f} µs{o * 1e6:>9.1f} µs{o / b:>8.2f}×{'1.3×':>9}  (per iteration)")


if __name__ == "__main__":
    main()
