"""W5 in Python: one epoch of a small convolutional network on the cat images, in
numpy (im2col and the backward pass by hand, as a numpy user writes them) and in
PyTorch (nn.Sequential of nn.Conv2d, nn.MaxPool2d, nn.Linear, autograd, torch.optim.SGD).

The network comes from the bench as core describes it (workload.ts writes it as
JSON): the input's shape and a list of layers with core's own field names,
  {"type": "conv2d", "filters", "kernel", "stride", "padding", "activation"},
  {"type": "maxPool", "size", "stride"}, {"type": "flatten"}, {"units", "activation"},
with He initialisation, biases at zero, binary cross-entropy on the sigmoid
output and plain mini-batch gradient descent at the given rate, the examples in a
new shuffled order each epoch. One warm-up epoch, then `epochs` timed: ms per epoch.
"""
import math
import time

import numpy as np


def layer_type(layer):
    return layer.get("type", "dense")


# --- numpy: activations NHWC [m, H, W, C], as the images are stored -------------

class Conv:
    """k×k convolution, stride 1, by im2col: the patches [m·Ho·Wo, k·k·C] times W [k·k·C, F]."""

    def __init__(self, shape, spec, init):
        height, width, channels = shape
        k, self.filters = spec["kernel"], spec["filters"]
        if spec["stride"] != 1 or (spec["padding"] == "same" and k % 2 == 0):
            raise ValueError("the numpy peer writes stride-1 convolutions with an odd kernel only")
        self.k, self.pad = k, (k // 2 if spec["padding"] == "same" else 0)
        self.W = init(k * k * channels, (k * k * channels, self.filters))
        self.b = np.zeros(self.filters, dtype=self.W.dtype)
        self.out = (height + 2 * self.pad - k + 1, width + 2 * self.pad - k + 1, self.filters)

    def forward(self, x):
        m, _, _, channels = x.shape
        k, p = self.k, self.pad
        ho, wo, _ = self.out
        xp = np.pad(x, ((0, 0), (p, p), (p, p), (0, 0)))
        cols = np.empty((m, ho, wo, k, k, channels), dtype=x.dtype)
        for i in range(k):
            for j in range(k):
                cols[:, :, :, i, j, :] = xp[:, i:i + ho, j:j + wo, :]
        self.x_shape, self.padded_shape = x.shape, xp.shape
        self.cols = cols.reshape(m * ho * wo, k * k * channels)
        return (self.cols @ self.W + self.b).reshape(m, ho, wo, self.filters)

    def backward(self, dz, need_dx):
        m, height, width, channels = self.x_shape
        k, p = self.k, self.pad
        ho, wo, _ = self.out
        dz = dz.reshape(m * ho * wo, self.filters)
        self.dW = self.cols.T @ dz
        self.db = dz.sum(axis=0)
        if not need_dx:
            return None
        dcols = (dz @ self.W.T).reshape(m, ho, wo, k, k, channels)
        dxp = np.zeros(self.padded_shape, dtype=dz.dtype)
        for i in range(k):
            for j in range(k):
                dxp[:, i:i + ho, j:j + wo, :] += dcols[:, :, :, i, j, :]
        return dxp[:, p:p + height, p:p + width, :]


class MaxPool:
    """size×size windows, `size` apart: the maximum of each, and its gradient to the maxima."""

    def __init__(self, shape, spec, init):
        if spec["stride"] != spec["size"]:
            raise ValueError("the numpy peer writes pools whose stride is their size only")
        s = self.s = spec["size"]
        self.out = (shape[0] // s, shape[1] // s, shape[2])

    def forward(self, x):
        s, (ho, wo, c) = self.s, self.out
        self.x_shape = x.shape
        self.windows = x[:, :ho * s, :wo * s, :].reshape(-1, ho, s, wo, s, c)
        self.a = self.windows.max(axis=(2, 4))
        return self.a

    def backward(self, da, need_dx):
        s, (ho, wo, c) = self.s, self.out
        mask = self.windows == self.a[:, :, None, :, None, :]
        dx = np.zeros(self.x_shape, dtype=da.dtype)
        dx[:, :ho * s, :wo * s, :] = (mask * da[:, :, None, :, None, :]).reshape(-1, ho * s, wo * s, c)
        return dx


class Flatten:
    def __init__(self, shape, spec, init):
        self.out = (1, 1, shape[0] * shape[1] * shape[2])

    def forward(self, x):
        self.x_shape = x.shape
        return x.reshape(x.shape[0], -1)

    def backward(self, da, need_dx):
        return da.reshape(self.x_shape)


class Dense:
    """z = x·W + b, examples as rows: W [n_(l−1), n_l]."""

    def __init__(self, shape, spec, init):
        fan_in = shape[0] * shape[1] * shape[2]
        self.W = init(fan_in, (fan_in, spec["units"]))
        self.b = np.zeros(spec["units"], dtype=self.W.dtype)
        self.out = (1, 1, spec["units"])

    def forward(self, x):
        self.x = x
        return x @ self.W + self.b

    def backward(self, dz, need_dx):
        self.dW = self.x.T @ dz
        self.db = dz.sum(axis=0)
        return dz @ self.W.T if need_dx else None


class Relu:
    def __init__(self, shape):
        self.out = shape

    def forward(self, z):
        self.z = z
        return np.maximum(z, 0)

    def backward(self, da, need_dx):
        return da * (self.z > 0)


KINDS = {"conv2d": Conv, "maxPool": MaxPool, "flatten": Flatten, "dense": Dense}


class NumpyNetwork:
    """The network's layers in order, He-initialised in `dtype`, ReLU after the hidden layers that have it."""

    def __init__(self, network, dtype, rng):
        def he(fan_in, shape):
            return (rng.standard_normal(shape) * math.sqrt(2 / fan_in)).astype(dtype)

        self.layers, shape = [], tuple(network["input"])
        specs = network["layers"]
        for index, spec in enumerate(specs):
            layer = KINDS[layer_type(spec)](shape, spec, he)
            self.layers.append(layer)
            shape = layer.out
            activation, last = spec.get("activation", "linear"), index == len(specs) - 1
            if activation == "relu" and not last:
                self.layers.append(Relu(shape))
            elif (activation, last) not in (("linear", False), ("sigmoid", True)):
                raise ValueError(f"the numpy peer writes ReLU hidden layers and a sigmoid output, not {activation}")

    def weighted(self):
        return [layer for layer in self.layers if hasattr(layer, "W")]

    def gradients(self, x, y):
        """The batch's cross-entropy J, and dJ/dW, dJ/db in each weighted layer."""
        a = x
        for layer in self.layers:
            a = layer.forward(a)
        al = 1 / (1 + np.exp(-a))
        cost = -np.mean(y * np.log(al) + (1 - y) * np.log(1 - al))
        d = (al - y) / a.dtype.type(len(y))  # dJ/dz of the sigmoid output under cross-entropy
        for index in range(len(self.layers) - 1, -1, -1):
            d = self.layers[index].backward(d, index > 0)
        return cost


def numpy_cnn(X, Y, network, epochs):
    """X [m, H, W, C] float32, Y [m, 1]; ms per epoch."""
    rng = np.random.default_rng(1)
    net = NumpyNetwork(network, np.float32, rng)
    rate = np.float32(network["learningRate"])
    m, batch_size = len(X), network["batchSize"]

    def epoch():
        order = rng.permutation(m)
        for first in range(0, m, batch_size):
            batch = order[first:first + batch_size]
            net.gradients(X[batch], Y[batch])
            for layer in net.weighted():
                layer.W -= rate * layer.dW
                layer.b -= rate * layer.db

    epoch()
    start = time.perf_counter()
    for _ in range(epochs):
        epoch()
    return (time.perf_counter() - start) * 1000 / epochs


# --- PyTorch: NCHW, as a PyTorch user feeds nn.Conv2d ----------------------------

def torch_model(torch, network):
    """The network as nn.Sequential on NCHW input, He-initialised (kaiming_normal_, fan-in), biases zero."""
    nn = torch.nn
    activations = {"relu": nn.ReLU, "sigmoid": nn.Sigmoid}
    layers = []
    channels = network["input"][2]
    for spec in network["layers"]:
        kind = layer_type(spec)
        if kind == "conv2d":
            layers.append(nn.Conv2d(channels, spec["filters"], spec["kernel"], spec["stride"], padding=spec["padding"]))
            channels = spec["filters"]
        elif kind == "maxPool":
            layers.append(nn.MaxPool2d(spec["size"], spec["stride"]))
        elif kind == "flatten":
            layers.append(nn.Flatten())
        else:
            layers.append(nn.Linear(features_after(torch, layers, network["input"]), spec["units"]))
        if "activation" in spec:
            layers.append(activations[spec["activation"]]())
    model = nn.Sequential(*layers)
    for module in model.modules():
        if isinstance(module, (nn.Conv2d, nn.Linear)):
            nn.init.kaiming_normal_(module.weight, nonlinearity="relu")
            nn.init.zeros_(module.bias)
    return model


def torch_cnn(torch, X, Y, network, epochs):
    """X [m, C, H, W] float32, Y [m, 1]; ms per epoch."""
    torch.manual_seed(1)
    model = torch_model(torch, network)
    optimizer = torch.optim.SGD(model.parameters(), lr=network["learningRate"])
    loss_fn = torch.nn.BCELoss()
    m, batch_size = len(X), network["batchSize"]

    def epoch():
        order = torch.randperm(m)
        for first in range(0, m, batch_size):
            batch = order[first:first + batch_size]
            optimizer.zero_grad()
            loss_fn(model(X[batch]), Y[batch]).backward()
            optimizer.step()

    epoch()
    start = time.perf_counter()
    for _ in range(epochs):
        epoch()
    return (time.perf_counter() - start) * 1000 / epochs


def features_after(torch, layers, shape):
    """The values one example has after `layers`: what the next nn.Linear takes."""
    height, width, channels = shape
    with torch.no_grad():
        return torch.nn.Sequential(*layers)(torch.zeros(1, channels, height, width)).numel()
