"""Whisker's benchmark peers in Python: the same networks in numpy (written the
plain way a numpy user writes the course's notebooks) or in PyTorch (nn.Sequential,
autograd and torch.optim, as a PyTorch user writes them), float32, on the same data.

usage: python_peer.py probe
       python_peer.py numpy|torch THREADS X.f32 Y.f32 m iterations epochs predictions W5.json cnn_epochs
X is m×12288 float32 (examples as rows, as Whisker writes them, each a 64×64×3 image
stored row, column, channel), Y is m float32 labels, W5.json the small convolutional
network of W5 (bench/python_cnn.py). A count of 0 skips its workloads (null).
For numpy the caller sets THREADS in the BLAS's environment before this starts;
PyTorch is told here. One round of each workload (the caller runs rounds and takes
medians). Prints one JSON line:
  W1 full batch of m, ms per iteration;   W2 mini-batches of 64, ms per epoch
  W4 one prediction of one image, µs;     W6 the 6-class net [n, 25, 12, 6] in
  mini-batches of 32 with Adam and with momentum, ms per epoch
  W5 the small convolutional network in mini-batches of 32, ms per epoch
and which library, version and BLAS ran them.
"""
import ctypes
import json
import sys
import time

COURSE_HIDDEN = [20, 7, 5, 1]
W6_HIDDEN = [25, 12, 6]
W6_CLASSES = 6
LEARNING_RATE = 0.0075
ADAM_RATE = 0.0001
MOMENTUM = 0.9
WARMUP = 20


# --- what this process runs on ------------------------------------------------

def mapped_libraries():
    """Shared libraries mapped now that do linear algebra, as the dynamic loader found them."""
    words = ("blas", "lapack", "mkl", "dnnl")
    try:
        with open("/proc/self/maps") as maps:
            return sorted({line.split()[-1] for line in maps if "/" in line and any(w in line.lower() for w in words)})
    except OSError:
        return []


def openblas(path):
    """(version, core) when the library at path is OpenBLAS, else None."""
    try:
        lib = ctypes.CDLL(path)
    except OSError:
        return None
    for prefix in ("openblas_", "scipy_openblas_"):
        for suffix in ("", "64_"):
            config = getattr(lib, prefix + "get_config" + suffix, None)
            if config is None:
                continue
            config.restype = ctypes.c_char_p
            core = getattr(lib, prefix + "get_corename" + suffix, None)
            name = ""
            if core is not None:
                core.restype = ctypes.c_char_p
                name = core().decode()
            return config().decode().split()[1], name
    return None


def blas_report(libraries):
    """What BLAS the libraries are: a name, and whether it is the unoptimised reference."""
    for path in libraries:
        found = openblas(path)
        if found:
            version, core = found
            return {"name": f"OpenBLAS {version}" + (f" ({core})" if core else ""), "reference": False}
    if any("mkl" in path.lower() for path in libraries):
        return {"name": "MKL", "reference": False}
    # Debian's alternatives: /usr/lib/<arch>/blas/libblas.so.3 is Netlib's reference BLAS.
    if any("/blas/libblas" in path for path in libraries):
        return {"name": "reference BLAS (Netlib)", "reference": True}
    return {"name": "unknown BLAS", "reference": False}


def probe():
    """Which of numpy and torch this Python has, without running anything."""
    found = {"executable": sys.executable}
    for name in ("numpy", "torch"):
        try:
            module = __import__(name)
            found[name] = module.__version__
        except Exception:  # absent or broken: either way not a peer
            found[name] = None
    print(json.dumps(found))


def when(count, run):
    """run() when there is anything to count, else None: a workload the bench did not ask for."""
    return run() if count > 0 else None


# --- numpy: examples as columns, W[l] as [n_l, n_(l-1)], as in the course -------

def numpy_peer(np, X, Y, m, iterations, epochs, predictions):
    f32 = np.float32

    def initialise(dims):
        W = [None] + [(np.random.randn(dims[l], dims[l - 1]) / np.sqrt(dims[l - 1])).astype(f32)
                      for l in range(1, len(dims))]
        b = [None] + [np.zeros((dims[l], 1), dtype=f32) for l in range(1, len(dims))]
        return W, b

    def forward(W, b, A0, last):
        L = len(W) - 1
        Z, A = [None], [A0]
        for l in range(1, L + 1):
            z = W[l] @ A[l - 1] + b[l]
            Z.append(z)
            A.append(np.maximum(z, 0) if l < L else last(z))
        return Z, A

    def sigmoid(z):
        return 1 / (1 + np.exp(-z))

    def softmax(z):
        e = np.exp(z - z.max(axis=0, keepdims=True))
        return e / e.sum(axis=0, keepdims=True)

    def gradients(W, b, X, Y, last):
        """Forward and backward over the columns of X: the cost before the step and dW, db."""
        mb = X.shape[1]
        L = len(W) - 1
        Z, A = forward(W, b, X, last)
        AL = A[L]
        if last is sigmoid:
            cost = float(-np.mean(Y * np.log(AL) + (1 - Y) * np.log(1 - AL)))
        else:
            cost = float(-np.sum(Y * np.log(AL + 1e-12)) / mb)
        dZ = (AL - Y) / mb
        dW, db = [None] * (L + 1), [None] * (L + 1)
        for l in range(L, 0, -1):
            dW[l] = dZ @ A[l - 1].T
            db[l] = dZ.sum(axis=1, keepdims=True)
            if l > 1:
                dZ = (W[l].T @ dZ) * (Z[l - 1] > 0)
        return cost, dW, db

    def descend(W, b, dW, db):
        for l in range(1, len(W)):
            W[l] -= f32(LEARNING_RATE) * dW[l]
            b[l] -= f32(LEARNING_RATE) * db[l]

    def momentum(state, W, b, dW, db):
        if not state:
            state.extend([[np.zeros_like(p) if p is not None else None for p in P] for P in (W, b)])
        vW, vb = state
        for l in range(1, len(W)):
            vW[l] = f32(MOMENTUM) * vW[l] + f32(1 - MOMENTUM) * dW[l]
            vb[l] = f32(MOMENTUM) * vb[l] + f32(1 - MOMENTUM) * db[l]
            W[l] -= f32(LEARNING_RATE) * vW[l]
            b[l] -= f32(LEARNING_RATE) * vb[l]

    def adam(state, W, b, dW, db, beta1=0.9, beta2=0.999, epsilon=1e-8):
        if not state:
            zeros = [[np.zeros_like(p) if p is not None else None for p in P] for P in (W, b)]
            state.extend([0, zeros, [[z.copy() if z is not None else None for z in Z] for Z in zeros]])
        state[0] += 1
        t, (mW, mb_), (vW, vb) = state
        for P, G, M, V in ((W, dW, mW, vW), (b, db, mb_, vb)):
            for l in range(1, len(P)):
                M[l] = f32(beta1) * M[l] + f32(1 - beta1) * G[l]
                V[l] = f32(beta2) * V[l] + f32(1 - beta2) * G[l] ** 2
                m_hat = M[l] / f32(1 - beta1 ** t)
                v_hat = V[l] / f32(1 - beta2 ** t)
                P[l] -= f32(ADAM_RATE) * m_hat / (np.sqrt(v_hat) + f32(epsilon))

    n = X.shape[0]
    course = [n] + COURSE_HIDDEN
    np.random.seed(1)

    def full_batch():
        W, b = initialise(course)
        for _ in range(WARMUP):
            descend(W, b, *gradients(W, b, X, Y, sigmoid)[1:])
        start = time.perf_counter()
        for _ in range(iterations):
            cost, dW, db = gradients(W, b, X, Y, sigmoid)
            descend(W, b, dW, db)
        full_batch.cost = cost
        return (time.perf_counter() - start) * 1000 / iterations

    def mini_batch(dims, targets, last, batch_size, update):
        def epoch(W, b, state):
            order = np.random.permutation(m)
            for first in range(0, m, batch_size):
                batch = order[first:first + batch_size]
                _, dW, db = gradients(W, b, X[:, batch], targets[:, batch], last)
                update(state, W, b, dW, db)

        def run():
            W, b = initialise(dims)
            state = []
            epoch(W, b, state)
            start = time.perf_counter()
            for _ in range(epochs):
                epoch(W, b, state)
            return (time.perf_counter() - start) * 1000 / epochs
        return run

    one_hot = np.zeros((W6_CLASSES, m), dtype=f32)
    one_hot[np.arange(m) % W6_CLASSES, np.arange(m)] = 1
    w6 = [n] + W6_HIDDEN
    def predict():
        W, b = initialise(course)
        one = X[:, :1].copy()
        for _ in range(100):
            forward(W, b, one, sigmoid)
        start = time.perf_counter()
        for _ in range(predictions):
            forward(W, b, one, sigmoid)
        return (time.perf_counter() - start) * 1e6 / predictions

    return {
        "fullBatchMs": when(iterations, full_batch),
        "cost": getattr(full_batch, "cost", None),
        "miniBatchEpochMs": when(epochs, mini_batch(course, Y, sigmoid, 64, lambda s, *a: descend(*a))),
        "adamEpochMs": when(epochs, mini_batch(w6, one_hot, softmax, 32, adam)),
        "momentumEpochMs": when(epochs, mini_batch(w6, one_hot, softmax, 32, momentum)),
        "predictUs": when(predictions, predict),
    }


# --- PyTorch: examples as rows, nn.Linear layers, autograd, torch.optim ----------

def torch_peer(torch, X, Y, m, iterations, epochs, predictions):
    nn = torch.nn
    n = X.shape[1]
    torch.manual_seed(1)

    def course_net():
        layers, fan_in = [], n
        for units in COURSE_HIDDEN[:-1]:
            layers += [nn.Linear(fan_in, units), nn.ReLU()]
            fan_in = units
        return nn.Sequential(*layers, nn.Linear(fan_in, 1), nn.Sigmoid())

    def w6_net():
        return nn.Sequential(nn.Linear(n, 25), nn.ReLU(), nn.Linear(25, 12), nn.ReLU(), nn.Linear(12, W6_CLASSES))

    def step(model, optimizer, loss_fn, x, y):
        optimizer.zero_grad()
        loss = loss_fn(model(x), y)
        loss.backward()
        optimizer.step()
        return loss

    def full_batch():
        model = course_net()
        optimizer = torch.optim.SGD(model.parameters(), lr=LEARNING_RATE)
        loss_fn = nn.BCELoss()
        for _ in range(WARMUP):
            step(model, optimizer, loss_fn, X, Y)
        start = time.perf_counter()
        for _ in range(iterations):
            loss = step(model, optimizer, loss_fn, X, Y)
        full_batch.cost = float(loss)
        return (time.perf_counter() - start) * 1000 / iterations

    def mini_batch(make, optimizer_for, loss_fn, targets, batch_size):
        def epoch(model, optimizer):
            order = torch.randperm(m)
            for first in range(0, m, batch_size):
                batch = order[first:first + batch_size]
                step(model, optimizer, loss_fn, X[batch], targets[batch])

        def run():
            model = make()
            optimizer = optimizer_for(model.parameters())
            epoch(model, optimizer)
            start = time.perf_counter()
            for _ in range(epochs):
                epoch(model, optimizer)
            return (time.perf_counter() - start) * 1000 / epochs
        return run

    classes = torch.arange(m) % W6_CLASSES
    def predict():
        model = course_net()
        one = X[:1].clone()
        with torch.no_grad():
            for _ in range(100):
                model(one)
            start = time.perf_counter()
            for _ in range(predictions):
                model(one)
        return (time.perf_counter() - start) * 1e6 / predictions

    return {
        "fullBatchMs": when(iterations, full_batch),
        "cost": getattr(full_batch, "cost", None),
        "miniBatchEpochMs": when(epochs, mini_batch(
            course_net, lambda p: torch.optim.SGD(p, lr=LEARNING_RATE), nn.BCELoss(), Y, 64)),
        "adamEpochMs": when(epochs, mini_batch(
            w6_net, lambda p: torch.optim.Adam(p, lr=ADAM_RATE), nn.CrossEntropyLoss(), classes, 32)),
        # dampening = β makes torch's v := βv + (1 − dampening)·g the course's momentum
        "momentumEpochMs": when(epochs, mini_batch(
            w6_net, lambda p: torch.optim.SGD(p, lr=LEARNING_RATE, momentum=MOMENTUM, dampening=MOMENTUM),
            nn.CrossEntropyLoss(), classes, 32)),
        "predictUs": when(predictions, predict),
    }


def main():
    if sys.argv[1] == "probe":
        probe()
        return
    library, threads = sys.argv[1], int(sys.argv[2])
    x_path, y_path = sys.argv[3], sys.argv[4]
    m, iterations, epochs, predictions = (int(v) for v in sys.argv[5:9])
    with open(sys.argv[9]) as file:
        cnn = json.load(file)
    cnn_epochs = int(sys.argv[10])
    import numpy as np
    from python_cnn import numpy_cnn, torch_cnn
    x = np.fromfile(x_path, dtype=np.float32).reshape(m, -1)
    y = np.fromfile(y_path, dtype=np.float32)
    images = x.reshape(m, *cnn["input"])  # [m, H, W, C]
    if library == "numpy":
        # [n_0, m] and [1, m]: examples as columns, as in the course
        result = numpy_peer(np, x.T.copy(), y.reshape(1, m), m, iterations, epochs, predictions)
        result["cnnEpochMs"] = when(cnn_epochs, lambda: numpy_cnn(images, y.reshape(m, 1), cnn, cnn_epochs))
        version = np.__version__
    else:
        import torch
        torch.set_num_threads(threads)
        result = torch_peer(torch, torch.from_numpy(x), torch.from_numpy(y).reshape(m, 1), m,
                            iterations, epochs, predictions)
        nchw = torch.from_numpy(images).permute(0, 3, 1, 2).contiguous()
        result["cnnEpochMs"] = when(
            cnn_epochs, lambda: torch_cnn(torch, nchw, torch.from_numpy(y).reshape(m, 1), cnn, cnn_epochs))
        version = torch.__version__
    libraries = mapped_libraries()
    print(json.dumps({**result, "library": library, "version": version, "threads": threads,
                      "blas": blas_report(libraries), "libraries": libraries}))


if __name__ == "__main__":
    main()
