#!/usr/bin/python3
# Generates activations.json: PyTorch reference values for NetGen's activation kernels.
#
# Run from the repository root with the system interpreter (torch installed):
#     /usr/bin/python3 tests/NetGen.Tests/Fixtures/activations/generate.py
#
# For every activation (and a few non-default hyper-parameters) it records float32 inputs x, a random
# float32 upstream gradient dy, and PyTorch's forward output y and input gradient dx = dL/dx for
# L = sum(y * dy) obtained with autograd. Each is evaluated twice:
#   * "y"/"dx":     torch in float64 on the (exactly representable) float32 inputs: the reference the
#                   tests compare against (it is the mathematical function to ~1e-16, so the float32
#                   kernels are judged by their own error, not by PyTorch's float32 rounding);
#   * "y32"/"dx32": torch in float32, as a user's PyTorch model would compute it (for information:
#                   e.g. float32 ELU computes exp(x)-1 and loses all relative accuracy for tiny x).
# Numbers are written with repr (shortest round-trip form), so they parse exactly.
import json
import os

import numpy as np
import torch
import torch.nn.functional as F

rng = np.random.default_rng(20240601)

EXTREMES = [-100.0, -20.0, -10.0, -5.0, -1.0, -1e-3, -1e-7, -1e-30, 0.0,
            1e-30, 1e-7, 1e-3, 1.0, 5.0, 10.0, 20.0, 100.0]


def elementwise_inputs(extra=()):
    xs = EXTREMES + list(extra) + list(rng.uniform(-6.0, 6.0, 24))
    return np.array(xs, dtype=np.float32)


def softmax_inputs(features):
    rows = [
        rng.normal(0.0, 2.0, features),               # ordinary
        rng.normal(0.0, 2.0, features),
        np.zeros(features),                           # all equal
        np.array([100.0, -100.0, 0.0, 1.0, -1.0]),    # one dominant, one vanishing
        np.array([20.0, 20.0, 19.0, -20.0, 1e-7]),
        np.array([1e-7, -1e-7, 1e-30, 0.0, 1e-3]),    # tiny differences
        np.array([-100.0, -100.0, -99.0, -98.0, -100.5]),  # large negative, stable only if max is subtracted
        np.array([90.0, 88.0, 89.5, 85.0, 60.0]),     # exp would overflow float without the max shift
    ]
    assert features == 5
    return np.concatenate(rows).astype(np.float32)


def run(fn, x32, dy32, dtype):
    x = torch.tensor(x32.astype(np.float64), dtype=dtype, requires_grad=True)
    dy = torch.tensor(dy32.astype(np.float64), dtype=dtype)
    y = fn(x)
    (y * dy).sum().backward()
    return y.detach().double().numpy(), x.grad.double().numpy()


def case(name, fn, x32, params=None):
    dy32 = rng.normal(0.0, 1.0, x32.shape).astype(np.float32)
    y, dx = run(fn, x32, dy32, torch.float64)
    y32, dx32 = run(fn, x32, dy32, torch.float32)
    return {
        "name": name,
        "params": params or {},
        "x": [float(v) for v in x32],
        "dy": [float(v) for v in dy32],
        "y": [float(v) for v in y],
        "dx": [float(v) for v in dx],
        "y32": [float(v) for v in y32],
        "dx32": [float(v) for v in dx32],
    }


def rows(f, features):
    return lambda x: f(x.reshape(-1, features), dim=1).reshape(-1)


cases = [
    case("Sigmoid", torch.sigmoid, elementwise_inputs()),
    case("Tanh", torch.tanh, elementwise_inputs()),
    case("Relu", F.relu, elementwise_inputs()),
    case("LeakyRelu", lambda x: F.leaky_relu(x, 0.01), elementwise_inputs(), {"negativeSlope": 0.01}),
    case("LeakyRelu", lambda x: F.leaky_relu(x, 0.2), elementwise_inputs(), {"negativeSlope": 0.2}),
    case("Elu", lambda x: F.elu(x, 1.0), elementwise_inputs(), {"alpha": 1.0}),
    case("Elu", lambda x: F.elu(x, 0.5), elementwise_inputs(), {"alpha": 0.5}),
    case("Selu", F.selu, elementwise_inputs()),
    case("Gelu", lambda x: F.gelu(x, approximate="none"), elementwise_inputs([-3.0, -0.5, 0.5, 3.0, -8.0, 8.0])),
    case("Silu", F.silu, elementwise_inputs()),
    case("Softplus", lambda x: F.softplus(x, 1.0, 20.0), elementwise_inputs([19.9, 20.1, -30.0, 30.0]),
         {"beta": 1.0, "threshold": 20.0}),
    case("Softplus", lambda x: F.softplus(x, 2.0, 10.0), elementwise_inputs([4.9, 5.1, -30.0, 30.0]),
         {"beta": 2.0, "threshold": 10.0}),
    case("Softmax", rows(F.softmax, 5), softmax_inputs(5), {"features": 5}),
    case("LogSoftmax", rows(F.log_softmax, 5), softmax_inputs(5), {"features": 5}),
]

out = {
    "torch": torch.__version__,
    "note": "y/dx: torch float64 on float32 inputs (reference); y32/dx32: torch float32. dx = d(sum(y*dy))/dx.",
    "cases": cases,
}
path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "activations.json")
with open(path, "w", encoding="utf-8") as f:
    json.dump(out, f, indent=None, separators=(",", ":"))
    f.write("\n")
print("wrote", path, os.path.getsize(path), "bytes")
