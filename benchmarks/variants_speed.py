"""How fast are gdcore's mini-batch and momentum descent, next to bare loops doing the same updates?

* ``minibatch_descent``, per epoch, at batch sizes 1, 32 and m, against a bare NumPy loop that makes
  the same shuffled updates and keeps nothing (target: within 1.5x);
* ``momentum_descent``, per iteration, against a bare heavy-ball loop (target: within 1.3x).

m = 10^4 examples, n = 2 (bias and one feature). Everything runs side by side in one process,
interleaved over several rounds; the median round is reported, as ratios. Run:
``python benchmarks/variants_speed.py``.
"""

from __future__ import annotations

import statistics
import sys
import time

import numpy as np

import gdcore as gd

M = 10_000
ALPHA = 0.05  # on a standardised feature: stable for every batch size here
BETA = 0.9


def bare_minibatch(X, y, theta, alpha, epochs, batch_size, seed):
    """The least a mini-batch loop can do: shuffle and gather once per epoch, then update batch by batch
    (each a slice, no copy); no sorting, no checks, no history."""
    rng = np.random.default_rng(seed)
    m = len(y)
    for _ in range(epochs):
        order = rng.permutation(m) if batch_size < m else slice(None)  # one batch of all: no shuffle
        X_shuffled, y_shuffled = X[order], y[order]
        for first in range(0, m, batch_size):
            Xb, yb = X_shuffled[first : first + batch_size], y_shuffled[first : first + batch_size]
            theta = theta - (alpha / len(yb)) * (Xb.T @ (Xb @ theta - yb))
    return theta


def gdcore_minibatch(X, y, theta, alpha, epochs, batch_size, seed):
    return gd.minibatch_descent(theta, X, y, alpha, epochs, batch_size, seed=seed).theta


def bare_heavy_ball(X, y, theta, alpha, beta, iters):
    m, previous = len(y), theta
    for _ in range(iters):
        theta, previous = theta - (alpha / m) * (X.T @ (X @ theta - y)) + beta * (theta - previous), theta
    return theta


def gdcore_momentum(X, y, theta, alpha, beta, iters):
    return gd.momentum_descent(theta, X, y, alpha, beta, iters).theta


def timed(run, *args) -> float:
    start = time.perf_counter()
    run(*args)
    return time.perf_counter() - start


def main(rounds: int = 5) -> None:
    rng = np.random.default_rng(0)
    x = 25 * rng.random(M)
    X = gd.design_matrix((x - x.mean()) / x.std())
    y = 30 + 50 * x + rng.normal(0, 20, M)
    theta = np.zeros(2)
    versions = f"Python {sys.version.split()[0]}, NumPy {np.__version__}"
    print(f"{versions}; m = {M}; median of {rounds} interleaved rounds")
    print(f"{'method':<34}{'bare loop':>12}{'gdcore':>12}{'ratio':>9}{'target':>9}")
    for batch_size, epochs in ((1, 2), (32, 20), (M, 400)):
        bare, ours = [], []
        for round_ in range(rounds):
            bare.append(timed(bare_minibatch, X, y, theta, ALPHA, epochs, batch_size, round_) / epochs)
            ours.append(timed(gdcore_minibatch, X, y, theta, ALPHA, epochs, batch_size, round_) / epochs)
        b, o = statistics.median(bare), statistics.median(ours)
        label = f"minibatch_descent, batch {batch_size}"
        print(f"{label:<34}{b * 1e3:>9.2f} ms{o * 1e3:>9.2f} ms{o / b:>8.2f}×{'1.5×':>9}  (per epoch)")
    iters = 2000
    bare, ours = [], []
    for _ in range(rounds):
        bare.append(timed(bare_heavy_ball, X, y, theta, ALPHA, BETA, iters) / iters)
        ours.append(timed(gdcore_momentum, X, y, theta, ALPHA, BETA, iters) / iters)
    b, o = statistics.median(bare), statistics.median(ours)
    label = "momentum_descent (heavy ball)"
    print(f"{label:<34}{b * 1e6:>9.1f} µs{o * 1e6:>9.1f} µs{o / b:>8.2f}×{'1.3×':>9}  (per iteration)")


if __name__ == "__main__":
    main()
