#!/usr/bin/python3
"""Feature-map layer references from real PyTorch (torch 1.13, float32, CPU).

Run from the repository root:
    /usr/bin/python3 tests/NetGen.Tests/Fixtures/layers2d/generate.py
Writes tests/NetGen.Tests/Fixtures/layers2d/layers2d.json.

All tensors are row-major NCHW [batch, channels, height, width], stored flat. Every case records the input, a random
dLoss/dOutput dy, the output y and dLoss/dInput dx by autograd, and the sizes PyTorch computed (outHeight/outWidth).
maxpool2d: nn.MaxPool2d(kernel, stride, padding, dilation, ceil_mode, return_indices=True): also the indices (position
  within the input plane, h * W + w). Ties come from small-integer inputs and a constant input (whose ceil_mode size
  drops the window that would start in the right padding). The "nan" case sets x to NaN at nanAt (JSON has
  no NaN: x holds 0 there, y holds 0 where yIsNan).
avgpool2d: nn.AvgPool2d(kernel, stride, padding, ceil_mode, count_include_pad), windows past the padding included.
adaptiveavgpool2d: nn.AdaptiveAvgPool2d(1).
batchnorm2d: nn.BatchNorm2d(channels, eps, momentum, affine) in train() with non-trivial running statistics loaded first;
  2 successive training steps, each recording x, dy, y, dx/dgamma/dbeta (gradients zeroed per step), the factor PyTorch
  used (momentum, or 1/num_batches_tracked for momentum=None) and running_mean/running_var after the step; then eval():
  x, y, and dx/dgamma/dbeta for a random dy.
"""
import json
import math
import os

import torch

torch.manual_seed(20241204)


def flat(t):
    # float32 values need 9 significant digits to round-trip
    return [float("%.9g" % v) for v in t.detach().reshape(-1).tolist()]


def pair(v):
    return list(v) if isinstance(v, (tuple, list)) else [v, v]


def window(kernel, stride, padding, dilation=1):
    k, s, p, d = pair(kernel), pair(stride), pair(padding), pair(dilation)
    return {"kernelHeight": k[0], "kernelWidth": k[1], "strideHeight": s[0], "strideWidth": s[1],
            "padHeight": p[0], "padWidth": p[1], "dilationHeight": d[0], "dilationWidth": d[1]}


def inputs(shape, g, ties):
    if ties == "constant":
        return torch.full(shape, 1.5)
    if ties:
        return torch.randint(0, 3, shape, generator=g).float()
    return torch.randn(shape, generator=g) * 2 + 0.5


def sizes(x, y):
    n, c, h, w = x.shape
    return {"batch": n, "channels": c, "inHeight": h, "inWidth": w, "outHeight": y.shape[2], "outWidth": y.shape[3]}


def maxpool_case(name, shape, kernel, stride, padding=0, dilation=1, ceil_mode=False, ties=False, nan_at=(), seed=0):
    g = torch.Generator().manual_seed(seed)
    x0 = inputs(shape, g, ties)
    x = x0.clone()
    for i in nan_at:
        x.view(-1)[i] = float("nan")
    x.requires_grad_(True)
    m = torch.nn.MaxPool2d(kernel, stride, padding, dilation, return_indices=True, ceil_mode=ceil_mode)
    y, idx = m(x)
    dy = torch.randn(y.shape, generator=g)
    y.backward(dy)
    y_nan = torch.isnan(y)
    case = {"name": name, **sizes(x, y), **window(kernel, stride, padding, dilation), "ceilMode": ceil_mode,
            "x": flat(x0), "nanAt": list(nan_at), "dy": flat(dy), "y": flat(torch.where(y_nan, torch.zeros_like(y), y)),
            "yIsNan": [bool(v) for v in y_nan.reshape(-1).tolist()], "indices": [int(v) for v in idx.reshape(-1).tolist()],
            "dx": flat(x.grad)}
    assert all(math.isfinite(v) for v in case["dx"])
    return case


def avgpool_case(name, shape, kernel, stride, padding=0, ceil_mode=False, count_include_pad=True, seed=0):
    g = torch.Generator().manual_seed(seed)
    x = inputs(shape, g, False).requires_grad_(True)
    m = torch.nn.AvgPool2d(kernel, stride, padding, ceil_mode=ceil_mode, count_include_pad=count_include_pad)
    y = m(x)
    dy = torch.randn(y.shape, generator=g)
    y.backward(dy)
    return {"name": name, **sizes(x, y), **window(kernel, stride, padding), "ceilMode": ceil_mode,
            "countIncludePad": count_include_pad, "x": flat(x), "dy": flat(dy), "y": flat(y), "dx": flat(x.grad)}


def adaptive_case(name, shape, seed):
    g = torch.Generator().manual_seed(seed)
    x = inputs(shape, g, False).requires_grad_(True)
    y = torch.nn.AdaptiveAvgPool2d(1)(x)
    dy = torch.randn(y.shape, generator=g)
    y.backward(dy)
    return {"name": name, **sizes(x, y), "x": flat(x), "dy": flat(dy), "y": flat(y), "dx": flat(x.grad)}


def feature_maps(shape, g):
    n, c, h, w = shape
    offset = (torch.randn(c, generator=g) * 2).view(1, c, 1, 1)
    scale = (torch.rand(c, generator=g) * 3 + 0.2).view(1, c, 1, 1)
    return (torch.randn(shape, generator=g) * scale + offset).float()


def batchnorm_case(name, shape, affine, momentum, eps, seed):
    g = torch.Generator().manual_seed(seed)
    n, c, h, w = shape
    bn = torch.nn.BatchNorm2d(c, eps=eps, momentum=momentum, affine=affine)
    with torch.no_grad():
        if affine:
            bn.weight.copy_(torch.rand(c, generator=g) * 1.5 + 0.25)
            bn.bias.copy_(torch.randn(c, generator=g))
        bn.running_mean.copy_(torch.randn(c, generator=g))
        bn.running_var.copy_(torch.rand(c, generator=g) * 2 + 0.5)
    case = {"name": name, "batch": n, "channels": c, "height": h, "width": w, "affine": affine, "momentum": momentum, "eps": eps,
            "gamma": flat(bn.weight) if affine else [], "beta": flat(bn.bias) if affine else [],
            "runningMean0": flat(bn.running_mean), "runningVar0": flat(bn.running_var), "steps": []}

    def step():
        x = feature_maps(shape, g).requires_grad_(True)
        dy = torch.randn(shape, generator=g)
        if affine:
            bn.weight.grad = None
            bn.bias.grad = None
        y = bn(x)
        y.backward(dy)
        return {"x": flat(x), "dy": flat(dy), "y": flat(y), "dx": flat(x.grad),
                "dgamma": flat(bn.weight.grad) if affine else [], "dbeta": flat(bn.bias.grad) if affine else []}

    bn.train()
    for _ in range(2):
        s = step()
        nbt = int(bn.num_batches_tracked)
        s.update({"numBatchesTracked": nbt, "factor": momentum if momentum is not None else 1.0 / nbt,
                  "runningMean": flat(bn.running_mean), "runningVar": flat(bn.running_var)})
        case["steps"].append(s)
    bn.eval()
    case["eval"] = step()
    return case


out = {
    "torch": torch.__version__,
    "maxpool2d": [
        maxpool_case("ties_k2s2", (2, 3, 6, 7), 2, 2, ties=True, seed=1),
        maxpool_case("ties_k3s1p1", (2, 2, 5, 5), 3, 1, 1, ties=True, seed=2),
        maxpool_case("ties_k3s2p1_ceil", (1, 2, 6, 6), 3, 2, 1, ceil_mode=True, ties=True, seed=3),
        maxpool_case("constant_k2s2p1_ceil_last_window_dropped", (1, 2, 5, 5), 2, 2, 1, ceil_mode=True, ties="constant", seed=9),
        maxpool_case("ceil_k3s2", (1, 2, 7, 8), 3, 2, ceil_mode=True, seed=4),
        maxpool_case("dilation2_pad1", (1, 3, 9, 8), 3, 1, 1, 2, seed=5),
        maxpool_case("ceil_pad2_dilation2", (1, 2, 13, 13), 4, 3, 2, 2, ceil_mode=True, seed=6),
        maxpool_case("rect_kernel_stride_dilation_ceil", (2, 2, 9, 11), (3, 2), (2, 1), (1, 0), (1, 2), ceil_mode=True, seed=7),
        maxpool_case("nan", (1, 1, 5, 5), 3, 2, 1, nan_at=(1, 5, 6, 18, 24), seed=8),
    ],
    "avgpool2d": [
        avgpool_case("k2s2", (2, 3, 6, 6), 2, 2, seed=11),
        avgpool_case("k3s2p1_include_pad", (1, 2, 7, 5), 3, 2, 1, seed=12),
        avgpool_case("k3s2p1_exclude_pad", (1, 2, 7, 5), 3, 2, 1, count_include_pad=False, seed=12),
        avgpool_case("k3s2p1_ceil_include_pad", (1, 2, 8, 7), 3, 2, 1, ceil_mode=True, seed=13),
        avgpool_case("k3s2p1_ceil_exclude_pad", (1, 2, 8, 7), 3, 2, 1, ceil_mode=True, count_include_pad=False, seed=13),
        avgpool_case("k2s2_ceil_nopad", (2, 1, 5, 5), 2, 2, ceil_mode=True, seed=14),
        avgpool_case("rect_ceil_include_pad", (2, 2, 9, 10), (3, 2), (2, 3), (1, 1), ceil_mode=True, seed=15),
        avgpool_case("k5s3p2_ceil_exclude_pad", (1, 3, 13, 11), 5, 3, 2, ceil_mode=True, count_include_pad=False, seed=16),
    ],
    "adaptiveavgpool2d": [
        adaptive_case("global_7x7", (2, 3, 7, 7), 21),
        adaptive_case("global_1x1", (2, 4, 1, 1), 22),
        adaptive_case("global_13x5", (3, 2, 13, 5), 23),
    ],
    "batchnorm2d": [
        batchnorm_case("affine_momentum0.1", (2, 3, 5, 4), True, 0.1, 1e-5, 31),
        batchnorm_case("noaffine_momentum0.1", (3, 2, 3, 3), False, 0.1, 1e-5, 32),
        batchnorm_case("affine_cumulative", (2, 3, 4, 4), True, None, 1e-5, 33),
        batchnorm_case("noaffine_cumulative_eps1e-3", (2, 2, 3, 5), False, None, 1e-3, 34),
        # 1×1 planes: BatchNorm2d is BatchNorm1d. Batch 3, not 2: with two values per channel x̂ = ±1 up to eps and dx is
        # a residue of cancelling O(1) terms, which PyTorch's own float rounding gets wrong by ~1e-4 of its size.
        batchnorm_case("affine_spatial1_batch3", (3, 5, 1, 1), True, 0.1, 1e-5, 35),
        batchnorm_case("affine_batch1_13x13", (1, 3, 13, 13), True, 0.3, 1e-5, 36),
    ],
}

path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "layers2d.json")
with open(path, "w") as f:
    json.dump(out, f, indent=1)
print("wrote", path)
