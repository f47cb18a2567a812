#!/usr/bin/python3
"""Stateful-layer references from real PyTorch (torch 1.13, float32, CPU).

Run from the repository root:
    /usr/bin/python3 tests/NetGen.Tests/Fixtures/layers/generate.py
Writes tests/NetGen.Tests/Fixtures/layers/layers.json.

All tensors are row-major [batch, features], stored flat.
batchnorm: nn.BatchNorm1d(features, eps, momentum, affine) in train() with non-trivial running statistics
  loaded first; 3 successive training steps, each recording x, dy (random), y, dx/dgamma/dbeta by autograd
  (gradients zeroed per step), the factor PyTorch used (momentum, or 1/num_batches_tracked for momentum=None)
  and running_mean/running_var after the step; then eval(): x, y, and dx/dgamma/dbeta for a random dy.
layernorm: nn.LayerNorm(features, eps, elementwise_affine) at batch 1 and 5 (and a wide row): x, dy, y, dx, dgamma, dbeta.
prelu: nn.PReLU(num_parameters = 1 or features) with non-trivial weights; x contains exact zeros: y, dx, dweight.
rrelu: nn.RReLU(lower, upper).eval(); x contains exact zeros: y, dx.
"""
import json
import os

import torch

torch.manual_seed(20240611)


def flat(t):
    return [float(v) for v in t.detach().reshape(-1).tolist()]


def rand_x(batch, features, g):
    offset = torch.randn(features, generator=g) * 2
    scale = torch.rand(features, generator=g) * 3 + 0.2
    return (torch.randn(batch, features, generator=g) * scale + offset).float()


def batchnorm_case(name, batch, features, affine, momentum, eps, seed):
    g = torch.Generator().manual_seed(seed)
    bn = torch.nn.BatchNorm1d(features, eps=eps, momentum=momentum, affine=affine)
    with torch.no_grad():
        if affine:
            bn.weight.copy_(torch.rand(features, generator=g) * 1.5 + 0.25)
            bn.bias.copy_(torch.randn(features, generator=g))
        bn.running_mean.copy_(torch.randn(features, generator=g))
        bn.running_var.copy_(torch.rand(features, generator=g) * 2 + 0.5)
    case = {"name": name, "batch": batch, "features": features, "affine": affine,
            "momentum": momentum, "eps": eps,
            "gamma": flat(bn.weight) if affine else [], "beta": flat(bn.bias) if affine else [],
            "runningMean0": flat(bn.running_mean), "runningVar0": flat(bn.running_var), "steps": []}
    bn.train()
    for _ in range(3):
        x = rand_x(batch, features, g).requires_grad_(True)
        dy = torch.randn(batch, features, generator=g)
        if affine:
            bn.weight.grad = None
            bn.bias.grad = None
        y = bn(x)
        y.backward(dy)
        nbt = int(bn.num_batches_tracked)
        factor = momentum if momentum is not None else 1.0 / nbt
        case["steps"].append({"x": flat(x), "dy": flat(dy), "y": flat(y), "dx": flat(x.grad),
                              "dgamma": flat(bn.weight.grad) if affine else [], "dbeta": flat(bn.bias.grad) if affine else [],
                              "numBatchesTracked": nbt, "factor": factor,
                              "runningMean": flat(bn.running_mean), "runningVar": flat(bn.running_var)})
    bn.eval()
    x = rand_x(batch, features, g).requires_grad_(True)
    dy = torch.randn(batch, features, generator=g)
    if affine:
        bn.weight.grad = None
        bn.bias.grad = None
    y = bn(x)
    y.backward(dy)
    case["eval"] = {"x": flat(x), "dy": flat(dy), "y": flat(y), "dx": flat(x.grad),
                    "dgamma": flat(bn.weight.grad) if affine else [], "dbeta": flat(bn.bias.grad) if affine else []}
    return case


def layernorm_case(name, batch, features, affine, eps, seed):
    g = torch.Generator().manual_seed(seed)
    ln = torch.nn.LayerNorm(features, eps=eps, elementwise_affine=affine)
    if affine:
        with torch.no_grad():
            ln.weight.copy_(torch.rand(features, generator=g) * 1.5 + 0.25)
            ln.bias.copy_(torch.randn(features, generator=g))
    x = (torch.randn(batch, features, generator=g) * 2.5 + 1.5).requires_grad_(True)
    dy = torch.randn(batch, features, generator=g)
    y = ln(x)
    y.backward(dy)
    return {"name": name, "batch": batch, "features": features, "affine": affine, "eps": eps,
            "gamma": flat(ln.weight) if affine else [], "beta": flat(ln.bias) if affine else [],
            "x": flat(x), "dy": flat(dy), "y": flat(y), "dx": flat(x.grad),
            "dgamma": flat(ln.weight.grad) if affine else [], "dbeta": flat(ln.bias.grad) if affine else []}


def with_zeros(batch, features, g):
    x = torch.randn(batch, features, generator=g) * 2
    x.view(-1)[::7] = 0.0
    return x


def prelu_case(name, batch, features, shared, seed):
    g = torch.Generator().manual_seed(seed)
    m = torch.nn.PReLU(num_parameters=1 if shared else features)
    with torch.no_grad():
        m.weight.copy_(torch.rand(m.weight.shape, generator=g) * 0.8 - 0.3)
    x = with_zeros(batch, features, g).requires_grad_(True)
    dy = torch.randn(batch, features, generator=g)
    y = m(x)
    y.backward(dy)
    return {"name": name, "batch": batch, "features": features, "weight": flat(m.weight),
            "x": flat(x), "dy": flat(dy), "y": flat(y), "dx": flat(x.grad), "dweight": flat(m.weight.grad)}


def rrelu_case(name, batch, features, lower, upper, seed):
    g = torch.Generator().manual_seed(seed)
    m = torch.nn.RReLU(lower, upper).eval()
    x = with_zeros(batch, features, g).requires_grad_(True)
    dy = torch.randn(batch, features, generator=g)
    y = m(x)
    y.backward(dy)
    return {"name": name, "batch": batch, "features": features, "lower": lower, "upper": upper,
            "x": flat(x), "dy": flat(dy), "y": flat(y), "dx": flat(x.grad)}


out = {
    "torch": torch.__version__,
    "batchnorm": [
        batchnorm_case("affine_momentum0.1", 6, 5, True, 0.1, 1e-5, 1),
        batchnorm_case("noaffine_momentum0.1", 6, 5, False, 0.1, 1e-5, 2),
        batchnorm_case("affine_cumulative", 4, 5, True, None, 1e-5, 3),
        batchnorm_case("noaffine_cumulative", 4, 5, False, None, 1e-3, 4),
        batchnorm_case("wide_affine_momentum0.3", 3, 70, True, 0.3, 1e-5, 5),
    ],
    "layernorm": [
        layernorm_case("affine_batch1", 1, 7, True, 1e-5, 11),
        layernorm_case("affine_batch5", 5, 7, True, 1e-5, 12),
        layernorm_case("noaffine_batch1", 1, 7, False, 1e-5, 13),
        layernorm_case("noaffine_batch5", 5, 7, False, 1e-3, 14),
        layernorm_case("wide_affine_batch3", 3, 70, True, 1e-5, 15),
    ],
    "prelu": [
        prelu_case("shared", 4, 6, True, 21),
        prelu_case("per_feature", 4, 6, False, 22),
        prelu_case("per_feature_wide", 3, 70, False, 23),
    ],
    "rrelu": [
        rrelu_case("eval_default", 4, 6, 1.0 / 8, 1.0 / 3, 31),
        rrelu_case("eval_custom", 4, 6, 0.05, 0.45, 32),
    ],
}

path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "layers.json")
with open(path, "w") as f:
    json.dump(out, f, indent=1)
print("wrote", path)
