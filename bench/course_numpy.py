"""The course's 4-layer network [12288, 20, 7, 5, 1] in numpy, float32, full batch:
the peer Whisker's benchmark measures itself against.

usage: course_numpy.py X.f32 Y.f32 m iterations
X is m×12288 float32 (examples as rows, as Whisker writes them), Y is m float32 labels.
Prints one JSON line: milliseconds per iteration, final cost and the BLAS numpy loaded.
"""
import json
import sys
import time

import numpy as np


def loaded_blas():
    """The BLAS shared libraries this process has mapped, as the dynamic loader found them."""
    try:
        with open("/proc/self/maps") as maps:
            names = {line.split()[-1] for line in maps if "blas" in line.lower() and "/" in line}
        return sorted(names) or ["none found in /proc/self/maps"]
    except OSError:
        return ["unknown (no /proc/self/maps)"]


def main():
    x_path, y_path, m, iterations = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
    X = np.fromfile(x_path, dtype=np.float32).reshape(m, -1).T.copy()  # [n_0, m], examples as columns
    Y = np.fromfile(y_path, dtype=np.float32).reshape(1, m)
    dims = [X.shape[0], 20, 7, 5, 1]
    np.random.seed(1)
    W = [None] + [(np.random.randn(dims[l], dims[l - 1]) / np.sqrt(dims[l - 1])).astype(np.float32) for l in range(1, 5)]
    b = [None] + [np.zeros((dims[l], 1), dtype=np.float32) for l in range(1, 5)]
    lr = np.float32(0.0075)

    def iteration():
        A = [X]
        Z = [None]
        for l in range(1, 5):
            z = W[l] @ A[l - 1] + b[l]
            Z.append(z)
            A.append(np.maximum(z, 0) if l < 4 else 1 / (1 + np.exp(-z)))
        AL = A[4]
        cost = float(-np.mean(Y * np.log(AL) + (1 - Y) * np.log(1 - AL)))
        dZ = (AL - Y) / m
        for l in range(4, 0, -1):
            dW = dZ @ A[l - 1].T
            db = dZ.sum(axis=1, keepdims=True)
            if l > 1:
                dZ = (W[l].T @ dZ) * (Z[l - 1] > 0)
            W[l] -= lr * dW
            b[l] -= lr * db
        return cost

    for _ in range(20):
        iteration()
    start = time.perf_counter()
    for _ in range(iterations):
        cost = iteration()
    elapsed = time.perf_counter() - start
    print(json.dumps({
        "msPerIteration": elapsed * 1000 / iterations,
        "cost": cost,
        "numpy": np.__version__,
        "blas": loaded_blas(),
    }))


if __name__ == "__main__":
    main()
