#!/usr/bin/python3
"""Learning-rate schedules from real PyTorch (torch.optim.lr_scheduler).

Run from the repository root:
    /usr/bin/python3 tests/NetGen.Tests/Fixtures/schedulers/generate.py
Writes tests/NetGen.Tests/Fixtures/schedulers/schedules.json.

Each case builds an optimizer on one float32 parameter with a float32-rounded base lr (the C# optimizer
stored a float when this fixture was recorded; the C# test passes the same rounded value), constructs the scheduler (epoch 0) and records get_last_lr() after construction and after
every step (optimizer.step() first, as PyTorch requires). OneCycleLR also records the momentum / beta1
it writes into the optimizer; ReduceLROnPlateau records the metric fed at each step. Options use the C#
constructor parameter names.
"""
import json
import math
import os
import warnings

import numpy as np
import torch

warnings.filterwarnings("ignore")


def f32(x):
    return float(np.float32(x))


def optimizer(kind, lr, momentum=0.0):
    p = torch.nn.Parameter(torch.zeros(1))
    p.grad = torch.zeros(1)
    if kind == "SGD":
        return torch.optim.SGD([p], lr=f32(lr), momentum=f32(momentum))
    if kind == "Adam":
        return torch.optim.Adam([p], lr=f32(lr))
    if kind == "Adagrad":
        return torch.optim.Adagrad([p], lr=f32(lr))
    raise ValueError(kind)


def momentum_of(opt):
    g = opt.param_groups[0]
    return g["betas"][0] if "betas" in g else g.get("momentum")


def plateau_metrics(kind, n):
    """Deterministic metric sequences with improvements, plateaus and noise."""
    out = []
    for t in range(n):
        if kind == "loss":
            # improves for 30 epochs, plateaus with small wiggles, improves again at 90 and 150
            base = 1.0 / (1 + 0.1 * min(t, 30)) - 0.05 * (t >= 90) - 0.02 * (t >= 150)
            out.append(base + 1e-5 * math.sin(1.7 * t))
        elif kind == "accuracy":
            base = 0.5 + 0.01 * min(t, 25) + 0.03 * (t >= 70) + 0.0004 * (t >= 130)
            out.append(base + 1e-3 * math.cos(0.9 * t))
        else:
            out.append(2.0 + 0.5 * math.sin(0.05 * t))
    return out


def run(case):
    name, opts, kind, lr, epochs = case["scheduler"], case["options"], case["optimizer"], case["lr"], case["epochs"]
    opt = optimizer(kind, lr, case.get("momentum", 0.0))
    s = torch.optim.lr_scheduler
    o = dict(opts)
    if name == "StepLR":
        sch = s.StepLR(opt, step_size=o["stepSize"], gamma=o.get("gamma", 0.1))
    elif name == "MultiStepLR":
        sch = s.MultiStepLR(opt, milestones=o["milestones"], gamma=o.get("gamma", 0.1))
    elif name == "ExponentialLR":
        sch = s.ExponentialLR(opt, gamma=o["gamma"])
    elif name == "CosineAnnealingLR":
        sch = s.CosineAnnealingLR(opt, T_max=o["tMax"], eta_min=o.get("etaMin", 0.0))
    elif name == "LinearLR":
        sch = s.LinearLR(opt, start_factor=o.get("startFactor", 1.0 / 3), end_factor=o.get("endFactor", 1.0),
                         total_iters=o.get("totalIters", 5))
    elif name == "OneCycleLR":
        sch = s.OneCycleLR(opt, max_lr=o["maxLearningRate"], total_steps=o["totalSteps"], pct_start=o.get("pctStart", 0.3),
                           anneal_strategy={"Cosine": "cos", "Linear": "linear"}[o.get("annealStrategy", "Cosine")],
                           cycle_momentum=o.get("cycleMomentum", True), base_momentum=o.get("baseMomentum", 0.85),
                           max_momentum=o.get("maxMomentum", 0.95), div_factor=o.get("divFactor", 25.0),
                           final_div_factor=o.get("finalDivFactor", 1e4), three_phase=o.get("threePhase", False))
    elif name == "ReduceLROnPlateau":
        sch = s.ReduceLROnPlateau(opt, mode=o.get("mode", "Min").lower(), factor=o.get("factor", 0.1),
                                  patience=o.get("patience", 10), threshold=o.get("threshold", 1e-4),
                                  threshold_mode={"Relative": "rel", "Absolute": "abs"}[o.get("thresholdMode", "Relative")],
                                  cooldown=o.get("cooldown", 0), min_lr=o.get("minLearningRate", 0.0), eps=o.get("eps", 1e-8))
    else:
        raise ValueError(name)

    lrs, moms, metrics = [], [], []
    if name == "ReduceLROnPlateau":
        metrics = plateau_metrics(case["metrics"], epochs)
        for m in metrics:
            opt.step()
            sch.step(m)
            lrs.append(opt.param_groups[0]["lr"])
    else:
        lrs.append(sch.get_last_lr()[0])
        moms.append(momentum_of(opt) if name == "OneCycleLR" else None)
        for _ in range(epochs):
            opt.step()
            sch.step()
            lrs.append(sch.get_last_lr()[0])
            moms.append(momentum_of(opt) if name == "OneCycleLR" else None)
    out = dict(case)
    out["lrs"] = lrs
    if name == "OneCycleLR":
        out["momenta"] = moms
    if metrics:
        out["metricValues"] = metrics
    return out


CASES = [
    {"scheduler": "StepLR", "options": {"stepSize": 30}, "optimizer": "SGD", "lr": 0.1, "epochs": 220},
    {"scheduler": "StepLR", "options": {"stepSize": 7, "gamma": 0.5}, "optimizer": "Adam", "lr": 0.01, "epochs": 220},
    {"scheduler": "MultiStepLR", "options": {"milestones": [30, 80, 150]}, "optimizer": "SGD", "lr": 0.1, "epochs": 220},
    {"scheduler": "MultiStepLR", "options": {"milestones": [5, 20, 20, 100], "gamma": 0.5}, "optimizer": "SGD", "lr": 0.05, "epochs": 220},
    {"scheduler": "ExponentialLR", "options": {"gamma": 0.95}, "optimizer": "SGD", "lr": 0.1, "epochs": 250},
    {"scheduler": "ExponentialLR", "options": {"gamma": 0.99}, "optimizer": "Adam", "lr": 0.003, "epochs": 250},
    {"scheduler": "CosineAnnealingLR", "options": {"tMax": 50}, "optimizer": "SGD", "lr": 0.1, "epochs": 250},
    {"scheduler": "CosineAnnealingLR", "options": {"tMax": 30, "etaMin": 0.001}, "optimizer": "SGD", "lr": 0.1, "epochs": 250},
    {"scheduler": "CosineAnnealingLR", "options": {"tMax": 7, "etaMin": 0.01}, "optimizer": "Adam", "lr": 0.05, "epochs": 250},
    {"scheduler": "CosineAnnealingLR", "options": {"tMax": 200}, "optimizer": "SGD", "lr": 1.0, "epochs": 230},
    {"scheduler": "LinearLR", "options": {}, "optimizer": "SGD", "lr": 0.1, "epochs": 200},
    {"scheduler": "LinearLR", "options": {"startFactor": 0.1, "totalIters": 20}, "optimizer": "SGD", "lr": 0.1, "epochs": 200},
    {"scheduler": "LinearLR", "options": {"startFactor": 1.0, "endFactor": 0.05, "totalIters": 100}, "optimizer": "Adam", "lr": 0.01, "epochs": 200},
    {"scheduler": "OneCycleLR", "options": {"maxLearningRate": 0.1, "totalSteps": 200}, "optimizer": "SGD", "momentum": 0.9, "lr": 0.1, "epochs": 200},
    {"scheduler": "OneCycleLR", "options": {"maxLearningRate": 0.1, "totalSteps": 200, "annealStrategy": "Linear"}, "optimizer": "SGD", "momentum": 0.9, "lr": 0.1, "epochs": 200},
    {"scheduler": "OneCycleLR", "options": {"maxLearningRate": 0.05, "totalSteps": 250, "threePhase": True}, "optimizer": "SGD", "momentum": 0.9, "lr": 0.1, "epochs": 250},
    {"scheduler": "OneCycleLR", "options": {"maxLearningRate": 0.01, "totalSteps": 210, "pctStart": 0.25, "divFactor": 10.0, "finalDivFactor": 100.0,
                                            "baseMomentum": 0.8, "maxMomentum": 0.9}, "optimizer": "Adam", "lr": 0.001, "epochs": 210},
    {"scheduler": "OneCycleLR", "options": {"maxLearningRate": 0.3, "totalSteps": 200, "cycleMomentum": False}, "optimizer": "Adagrad", "lr": 0.01, "epochs": 200},
    {"scheduler": "OneCycleLR", "options": {"maxLearningRate": 0.3, "totalSteps": 200, "threePhase": True, "annealStrategy": "Linear"}, "optimizer": "Adam", "lr": 0.01, "epochs": 200},
    {"scheduler": "ReduceLROnPlateau", "options": {}, "optimizer": "SGD", "lr": 0.1, "epochs": 220, "metrics": "loss"},
    {"scheduler": "ReduceLROnPlateau", "options": {"patience": 2, "cooldown": 3, "factor": 0.5}, "optimizer": "SGD", "lr": 0.1, "epochs": 220, "metrics": "loss"},
    {"scheduler": "ReduceLROnPlateau", "options": {"patience": 3, "factor": 0.5, "minLearningRate": 0.01}, "optimizer": "SGD", "lr": 0.1, "epochs": 220, "metrics": "loss"},
    {"scheduler": "ReduceLROnPlateau", "options": {"mode": "Max", "thresholdMode": "Absolute", "threshold": 0.005, "patience": 5, "cooldown": 2},
     "optimizer": "Adam", "lr": 0.01, "epochs": 220, "metrics": "accuracy"},
    {"scheduler": "ReduceLROnPlateau", "options": {"mode": "Max", "patience": 4}, "optimizer": "SGD", "lr": 0.1, "epochs": 220, "metrics": "accuracy"},
    {"scheduler": "ReduceLROnPlateau", "options": {"thresholdMode": "Absolute", "threshold": 0.01, "patience": 6, "factor": 0.3, "eps": 1e-3},
     "optimizer": "SGD", "lr": 0.1, "epochs": 220, "metrics": "wave"},
]


def main():
    out = {"torch": torch.__version__, "cases": [run(c) for c in CASES]}
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "schedules.json")
    with open(path, "w") as fh:
        json.dump(out, fh)
    print(f"wrote {len(out['cases'])} cases to {path}")


if __name__ == "__main__":
    main()
