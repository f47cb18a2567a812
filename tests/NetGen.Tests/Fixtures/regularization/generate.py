#!/usr/bin/python3
"""Gradient clipping and penalty references from real PyTorch.

Run from the repository root:
    /usr/bin/python3 tests/NetGen.Tests/Fixtures/regularization/generate.py
Writes tests/NetGen.Tests/Fixtures/regularization/regularization.json.

Layout: "fc.weight" [3, 4] (Weight), "fc.bias" [3] (Bias), "out.weight" [2, 3] (Weight), "out.bias" [2] (Bias).
clip: torch.nn.utils.clip_grad_norm_(params, max_norm, norm_type) on fixed float32 gradients; records the
returned total norm and the clipped gradients (flat, in layout order).
penalties: value and gradient by autograd of l1*sum|w| + l2*sum(w^2) over the weight tensors only
(the C# default scope) and over all tensors.
"""
import json
import os

import torch

SHAPES = [("fc.weight", [3, 4], "Weight"), ("fc.bias", [3], "Bias"), ("out.weight", [2, 3], "Weight"), ("out.bias", [2], "Bias")]


def tensors(seed, scale):
    g = torch.Generator().manual_seed(seed)
    return [(torch.randn(shape, generator=g) * scale).float() for _, shape, _ in SHAPES]


def flat(ts):
    return [float(x) for t in ts for x in t.reshape(-1).tolist()]


def main():
    out = {"torch": torch.__version__, "layout": [{"name": n, "shape": s, "role": r} for n, s, r in SHAPES],
           "clip": [], "penalties": []}
    for seed, scale in ((1, 1.0), (2, 0.01), (3, 5.0)):
        grads = tensors(seed, scale)
        for norm_type in (2.0, 1.0, float("inf"), 3.0):
            for max_norm in (0.5, 1.0, 100.0):
                params = [torch.nn.Parameter(torch.zeros_like(gr)) for gr in grads]
                for p, gr in zip(params, grads):
                    p.grad = gr.clone()
                total = torch.nn.utils.clip_grad_norm_(params, max_norm, norm_type)
                out["clip"].append({"grads": flat(grads), "maxNorm": max_norm,
                                    "normType": "inf" if norm_type == float("inf") else norm_type,
                                    "totalNorm": float(total), "clipped": flat([p.grad for p in params])})
    for seed, (l1, l2) in ((4, (0.01, 0.0)), (5, (0.0, 0.05)), (6, (0.02, 0.03))):
        values = tensors(seed, 1.0)
        values[0][0, 0] = 0.0  # sign(0) = 0
        for scope in ("WeightsOnly", "AllParameters"):
            params = [v.clone().requires_grad_(True) for v in values]
            penalised = [p for p, (_, _, role) in zip(params, SHAPES) if scope == "AllParameters" or role == "Weight"]
            loss = sum(l1 * p.abs().sum() + l2 * (p * p).sum() for p in penalised)
            loss.backward()
            out["penalties"].append({"values": flat(values), "lambda1": l1, "lambda2": l2, "scope": scope,
                                     "penalty": float(loss),
                                     "gradient": flat([p.grad if p.grad is not None else torch.zeros_like(p) for p in params])})
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "regularization.json")
    with open(path, "w") as fh:
        json.dump(out, fh)
    print(f"wrote {len(out['clip'])} clip and {len(out['penalties'])} penalty cases to {path}")


if __name__ == "__main__":
    main()
