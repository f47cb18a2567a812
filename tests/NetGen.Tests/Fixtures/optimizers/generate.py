#!/usr/bin/python3
"""Optimizer trajectories from real PyTorch (torch.optim, single-tensor code path, float32).

Run from the repository root:
    /usr/bin/python3 tests/NetGen.Tests/Fixtures/optimizers/generate.py
Writes tests/NetGen.Tests/Fixtures/optimizers/trajectories.json.

Parameters: a 2x2 "weight" and a 3-element "bias" (7 float32 values). The objective is
f(w) = sum(c_i * w_i^2 + sin(w_i)), whose gradient g = 2*c*w + cos(w) is evaluated in float32 by
hand (the C# test computes it the same way). Every hyperparameter is rounded to float32 first: the
C# API took floats when this fixture was recorded; it takes doubles now, and the C# test passes the
same float32-rounded values, so both sides still see identical inputs. Options use the C# constructor
parameter names.
WeightsOnly cases are PyTorch parameter groups: the bias group has weight_decay = 0.
"""
import json
import os

import numpy as np
import torch

torch.set_default_dtype(torch.float32)
STEPS = 25
C = [0.5, 1.0, 1.5, 2.0, 0.25, 0.75, 1.25]
W0 = [1.0, -0.5, 0.8, -1.2, 0.3, -0.7, 0.45]


def f32(x):
    return float(np.float32(x))


def make(name, opts, params_groups):
    o = {k: (f32(v) if isinstance(v, float) else v) for k, v in opts.items()}
    g = lambda k, d: o.get(k, d)
    if name == "SGD":
        return torch.optim.SGD(params_groups, lr=g("learningRate", None), momentum=g("momentum", 0.0),
                               dampening=g("dampening", 0.0), weight_decay=g("weightDecay", 0.0),
                               nesterov=g("nesterov", False), maximize=g("maximize", False), foreach=False)
    if name == "Adagrad":
        return torch.optim.Adagrad(params_groups, lr=g("learningRate", f32(1e-2)), lr_decay=g("learningRateDecay", 0.0),
                                   weight_decay=g("weightDecay", 0.0),
                                   initial_accumulator_value=g("initialAccumulatorValue", 0.0),
                                   eps=g("epsilon", f32(1e-10)), maximize=g("maximize", False), foreach=False)
    if name == "RMSprop":
        return torch.optim.RMSprop(params_groups, lr=g("learningRate", f32(1e-2)), alpha=g("alpha", f32(0.99)),
                                   eps=g("epsilon", f32(1e-8)), weight_decay=g("weightDecay", 0.0),
                                   momentum=g("momentum", 0.0), centered=g("centered", False),
                                   maximize=g("maximize", False), foreach=False)
    if name in ("Adam", "AdamW"):
        cls = torch.optim.Adam if name == "Adam" else torch.optim.AdamW
        return cls(params_groups, lr=g("learningRate", f32(1e-3)), betas=(g("beta1", f32(0.9)), g("beta2", f32(0.999))),
                   eps=g("epsilon", f32(1e-8)),
                   weight_decay=g("weightDecay", 0.0 if name == "Adam" else f32(1e-2)),
                   amsgrad=g("amsgrad", False), maximize=g("maximize", False), foreach=False)
    raise ValueError(name)


def run(name, opts, scope):
    c = torch.tensor(C, dtype=torch.float32)
    weight = torch.tensor(W0[:4], dtype=torch.float32).reshape(2, 2).requires_grad_(False)
    bias = torch.tensor(W0[4:], dtype=torch.float32).requires_grad_(False)
    weight.grad = torch.zeros_like(weight)
    bias.grad = torch.zeros_like(bias)
    if scope == "WeightsOnly":
        groups = [{"params": [weight]}, {"params": [bias], "weight_decay": 0.0}]
    else:
        groups = [weight, bias]
    opt = make(name, opts, groups)
    traj = []
    for _ in range(STEPS):
        w = torch.cat([weight.reshape(-1), bias])
        grad = 2 * c * w + torch.cos(w)
        weight.grad.copy_(grad[:4].reshape(2, 2))
        bias.grad.copy_(grad[4:])
        opt.step()
        traj.append([float(x) for x in torch.cat([weight.reshape(-1), bias]).tolist()])
    return traj


CASES = [
    ("SGD", {"learningRate": 0.1}),
    ("SGD", {"learningRate": 0.05, "momentum": 0.9}),
    ("SGD", {"learningRate": 0.05, "momentum": 0.9, "dampening": 0.5}),
    ("SGD", {"learningRate": 0.05, "momentum": 0.9, "dampening": 0.9}),
    ("SGD", {"learningRate": 0.05, "momentum": 0.9, "nesterov": True}),
    ("SGD", {"learningRate": 0.1, "weightDecay": 0.1}),
    ("SGD", {"learningRate": 0.05, "momentum": 0.8, "weightDecay": 0.05}),
    ("SGD", {"learningRate": 0.05, "momentum": 0.9, "nesterov": True, "weightDecay": 0.05}),
    ("SGD", {"learningRate": 0.01, "maximize": True}),
    ("SGD", {"learningRate": 0.01, "momentum": 0.5, "maximize": True, "weightDecay": 0.1}),
    ("Adagrad", {}),
    ("Adagrad", {"learningRate": 0.1}),
    ("Adagrad", {"learningRate": 0.1, "learningRateDecay": 0.1}),
    ("Adagrad", {"learningRate": 0.1, "weightDecay": 0.2}),
    ("Adagrad", {"learningRate": 0.1, "initialAccumulatorValue": 0.5}),
    ("Adagrad", {"learningRate": 0.1, "epsilon": 0.1}),
    ("Adagrad", {"learningRate": 0.05, "maximize": True}),
    ("Adagrad", {"learningRate": 0.1, "learningRateDecay": 0.05, "weightDecay": 0.1, "initialAccumulatorValue": 0.1}),
    ("RMSprop", {}),
    ("RMSprop", {"alpha": 0.9}),
    ("RMSprop", {"alpha": 0.9, "momentum": 0.9}),
    ("RMSprop", {"centered": True}),
    ("RMSprop", {"centered": True, "momentum": 0.5}),
    ("RMSprop", {"weightDecay": 0.1}),
    ("RMSprop", {"epsilon": 0.01, "alpha": 0.8}),
    ("RMSprop", {"maximize": True}),
    ("RMSprop", {"centered": True, "momentum": 0.9, "weightDecay": 0.05, "alpha": 0.95, "learningRate": 0.005}),
    ("Adam", {}),
    ("Adam", {"learningRate": 0.05}),
    ("Adam", {"learningRate": 0.05, "beta1": 0.5, "beta2": 0.9}),
    ("Adam", {"learningRate": 0.05, "weightDecay": 0.1}),
    ("Adam", {"learningRate": 0.05, "amsgrad": True}),
    ("Adam", {"learningRate": 0.05, "amsgrad": True, "weightDecay": 0.1}),
    ("Adam", {"learningRate": 0.02, "maximize": True}),
    ("Adam", {"learningRate": 0.05, "epsilon": 0.1}),
    ("Adam", {"learningRate": 0.05, "beta1": 0.0}),
    ("AdamW", {}),
    ("AdamW", {"learningRate": 0.05}),
    ("AdamW", {"learningRate": 0.05, "weightDecay": 0.5}),
    ("AdamW", {"learningRate": 0.05, "weightDecay": 0.0}),
    ("AdamW", {"learningRate": 0.05, "amsgrad": True}),
    ("AdamW", {"learningRate": 0.02, "maximize": True}),
    ("AdamW", {"learningRate": 0.05, "beta1": 0.8, "beta2": 0.99, "epsilon": 1e-6}),
]

WEIGHTS_ONLY = [
    ("SGD", {"learningRate": 0.05, "momentum": 0.9, "weightDecay": 0.5}),
    ("Adagrad", {"learningRate": 0.1, "weightDecay": 0.5}),
    ("RMSprop", {"weightDecay": 0.5, "momentum": 0.5}),
    ("Adam", {"learningRate": 0.05, "weightDecay": 0.5}),
    ("AdamW", {"learningRate": 0.05, "weightDecay": 0.5}),
]


def main():
    out = {"torch": torch.__version__, "steps": STEPS, "c": C, "w0": W0,
           "layout": [{"name": "weight", "shape": [2, 2], "role": "Weight"},
                      {"name": "bias", "shape": [3], "role": "Bias"}],
           "cases": []}
    for scope, cases in (("AllParameters", CASES), ("WeightsOnly", WEIGHTS_ONLY)):
        for name, opts in cases:
            out["cases"].append({"optimizer": name, "options": {k: (f32(v) if isinstance(v, float) else v) for k, v in opts.items()},
                                 "weightDecayScope": scope, "trajectory": run(name, opts, scope)})
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "trajectories.json")
    with open(path, "w") as fh:
        json.dump(out, fh)
    print(f"wrote {len(out['cases'])} cases to {path}")


if __name__ == "__main__":
    main()
