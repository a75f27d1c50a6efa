"""The course's 4-layer network [12288, 20, 7, 5, 1] in numpy, float32: the peer
Whisker's benchmark measures itself against, on the same data in the same run.

usage: numpy_peer.py X.f32 Y.f32 m iterations epochs predictions
X is m×12288 float32 (examples as rows, as Whisker writes them), Y is m float32 labels.
Prints one JSON line: full-batch milliseconds per iteration, mini-batch (64)
milliseconds per epoch, microseconds per single-image prediction, and the BLAS
numpy loaded.
"""
import json
import sys
import time

import numpy as np

DIMS_HIDDEN = [20, 7, 5, 1]
LEARNING_RATE = np.float32(0.0075)
WARMUP = 20
ROUNDS = 3


def loaded_blas():
    """The BLAS shared libraries this process has mapped, as the dynamic loader found them."""
    try:
        with open("/proc/self/maps") as maps:
            names = {line.split()[-1] for line in maps if "blas" in line.lower() and "/" in line}
        return sorted(names) or ["none found in /proc/self/maps"]
    except OSError:
        return ["unknown (no /proc/self/maps)"]


def initialise(n_x):
    dims = [n_x] + DIMS_HIDDEN
    np.random.seed(1)
    W = [None] + [(np.random.randn(dims[l], dims[l - 1]) / np.sqrt(dims[l - 1])).astype(np.float32) for l in range(1, 5)]
    b = [None] + [np.zeros((dims[l], 1), dtype=np.float32) for l in range(1, 5)]
    return W, b


def forward(W, b, X):
    A = [X]
    Z = [None]
    for l in range(1, 5):
        z = W[l] @ A[l - 1] + b[l]
        Z.append(z)
        A.append(np.maximum(z, 0) if l < 4 else 1 / (1 + np.exp(-z)))
    return Z, A


def iteration(W, b, X, Y):
    """One step of gradient descent on the columns of X; returns the cost before it."""
    m = X.shape[1]
    Z, A = forward(W, b, X)
    AL = A[4]
    cost = float(-np.mean(Y * np.log(AL) + (1 - Y) * np.log(1 - AL)))
    dZ = (AL - Y) / m
    for l in range(4, 0, -1):
        dW = dZ @ A[l - 1].T
        db = dZ.sum(axis=1, keepdims=True)
        if l > 1:
            dZ = (W[l].T @ dZ) * (Z[l - 1] > 0)
        W[l] -= LEARNING_RATE * dW
        b[l] -= LEARNING_RATE * db
    return cost


def main():
    x_path, y_path = sys.argv[1], sys.argv[2]
    m, iterations, epochs, predictions = (int(v) for v in sys.argv[3:7])
    X = np.fromfile(x_path, dtype=np.float32).reshape(m, -1).T.copy()  # [n_0, m], examples as columns
    Y = np.fromfile(y_path, dtype=np.float32).reshape(1, m)

    def full_batch():
        W, b = initialise(X.shape[0])
        for _ in range(WARMUP):
            iteration(W, b, X, Y)
        start = time.perf_counter()
        for _ in range(iterations):
            cost = iteration(W, b, X, Y)
        return (time.perf_counter() - start) * 1000 / iterations, cost

    def mini_batch():
        W, b = initialise(X.shape[0])
        start = time.perf_counter()
        for _ in range(epochs):
            order = np.random.permutation(m)
            for first in range(0, m, 64):
                batch = order[first:first + 64]
                iteration(W, b, X[:, batch], Y[:, batch])
        return (time.perf_counter() - start) * 1000 / epochs

    # The median of three rounds, as for Whisker.
    full_ms, cost = sorted(full_batch() for _ in range(ROUNDS))[ROUNDS // 2]
    epoch_ms = sorted(mini_batch() for _ in range(ROUNDS))[ROUNDS // 2]
    W, b = initialise(X.shape[0])

    one = X[:, :1].copy()
    for _ in range(100):
        forward(W, b, one)
    start = time.perf_counter()
    for _ in range(predictions):
        forward(W, b, one)
    predict_us = (time.perf_counter() - start) * 1e6 / predictions

    print(json.dumps({
        "fullBatchMs": full_ms,
        "miniBatchEpochMs": epoch_ms,
        "predictUs": predict_us,
        "cost": cost,
        "numpy": np.__version__,
        "blas": loaded_blas(),
    }))


if __name__ == "__main__":
    main()
