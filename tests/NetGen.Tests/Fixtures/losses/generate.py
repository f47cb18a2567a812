# PyTorch parity fixtures for src/NetGen/Losses.
#
# Run from the repository root with the system interpreter that has torch installed:
#     /usr/bin/python3 tests/NetGen.Tests/Fixtures/losses/generate.py
# It rewrites tests/NetGen.Tests/Fixtures/losses/<family>.json (deterministic: fixed seeds).
#
# Inputs are float32 numbers (what NetGen sees); reference values and gradients are computed by PyTorch autograd in
# float64 on exactly those numbers (float32 -> float64 is exact), i.e. the "true" PyTorch result without float32
# rounding. The script also evaluates every case in float32 PyTorch and prints the largest float32-vs-float64 deviation
# under the same metric the C# tests use, to show that the tolerance is one PyTorch float32 itself meets.
#
# Case fields: name, loss, reduction ("mean"|"sum"|"none"), options, batch, features, predictions, targets
# (class indices as numbers for index targets), value (mean/sum) or losses (none), gradient (autograd; for "none" the
# backward of grad_output = ones), denominator (what a mean divides by: N elements, Σ w[t] of non-ignored targets
# for class-index CE/NLL, batch for probability-target CE; 1 for sum/none). Tests scale gradients by it.
import json
import os

import torch
import torch.nn.functional as F

HERE = os.path.dirname(os.path.abspath(__file__))
REDUCTIONS = ["mean", "sum", "none"]
worst32 = {}


def f32(t):
    return torch.as_tensor(t, dtype=torch.float32)


def flat(t):
    return [float(v) for v in t.detach().reshape(-1).tolist()]


def run(fn, pred, reduction, dtype):
    x = pred.to(dtype).clone().requires_grad_(True)
    out = fn(x, dtype)
    if reduction == "none":
        out.backward(torch.ones_like(out))
    else:
        out.backward()
    return out.detach(), x.grad.detach()


def make_case(family, name, loss, reduction, options, pred, targets, fn, denominator):
    """fn(x, dtype) -> loss tensor. pred/targets are float32 tensors [batch, features] (targets may be [batch])."""
    out64, g64 = run(fn, pred, reduction, torch.float64)
    out32, g32 = run(fn, pred, reduction, torch.float32)
    den = denominator if reduction == "mean" else 1.0
    err = 0.0
    for a, b in zip(flat(out32), flat(out64)):
        err = max(err, abs(a - b) / max(1.0, abs(b)))
    for a, b in zip(flat(g32), flat(g64)):
        err = max(err, abs(a - b) * den / max(1.0, abs(b) * den))
    worst32[family] = max(worst32.get(family, 0.0), err)
    case = {
        "name": name, "loss": loss, "reduction": reduction, "options": options,
        "batch": int(pred.shape[0]), "features": int(pred.shape[1]),
        "predictions": flat(pred), "targets": flat(targets),
        "gradient": flat(g64), "denominator": float(den),
    }
    if reduction == "none":
        case["losses"] = flat(out64)
    else:
        case["value"] = float(out64)
    return case


def write(family, cases):
    with open(os.path.join(HERE, family + ".json"), "w", encoding="utf-8") as f:
        json.dump({"family": family, "torch": torch.__version__, "cases": cases}, f, indent=None, separators=(",", ":"))
        f.write("\n")
    print(f"{family}: {len(cases)} cases, worst float32-vs-float64 PyTorch deviation {worst32.get(family, 0.0):.3g}")


# ---------------------------------------------------------------- regression losses
def regression_sets(seed, exact_pairs):
    g = torch.Generator().manual_seed(seed)
    p = f32(torch.randn(4, 5, generator=g, dtype=torch.float64) * 2)
    t = f32(torch.randn(4, 5, generator=g, dtype=torch.float64) * 2)
    t[0, 0] = p[0, 0]  # d = 0 exactly
    for k, (pp, tt) in enumerate(exact_pairs):  # |d| exactly at thresholds
        p[1 + k // 5, k % 5] = pp
        t[1 + k // 5, k % 5] = tt
    big_p = f32(torch.randn(7, 13, generator=g, dtype=torch.float64) * 10)
    big_t = f32(torch.randn(7, 13, generator=g, dtype=torch.float64) * 10)
    big_t[3, 4] = big_p[3, 4]
    return [("small", p, t), ("odd7x13", big_p, big_t)]


def regression_family(family, loss, option_sets, seed):
    cases = []
    for opts, torch_fn, exact in option_sets:
        for set_name, p, t in regression_sets(seed, exact):
            n = p.numel()
            for red in REDUCTIONS:
                fn = (lambda x, dt, red=red, torch_fn=torch_fn, t=t: torch_fn(x, t.to(dt), red))
                name = f"{loss}/{json.dumps(opts, sort_keys=True)}/{set_name}/{red}"
                cases.append(make_case(family, name, loss, red, opts, p, t, fn, float(n)))
    write(family, cases)


def half_mse(x, t, red):
    return 0.5 * F.mse_loss(x, t, reduction=red)


regression_family("mse", "MSELoss", [
    ({"halfScaling": False}, lambda x, t, r: F.mse_loss(x, t, reduction=r), []),
    ({"halfScaling": True}, half_mse, []),
], 1)
regression_family("l1", "L1Loss", [({}, lambda x, t, r: F.l1_loss(x, t, reduction=r), [])], 2)
# beta = 0 is defined as L1Loss (as torch._refs.nn.functional.smooth_l1_loss and later PyTorch releases dispatch it):
# torch 1.13's fused smooth_l1 kernel gives the same values but a gradient of -1 at d = 0 (its `x <= -beta` branch),
# whereas L1Loss (and NetGen) give sign(0) = 0. The reference for beta = 0 is therefore F.l1_loss.
def smooth_l1_reference(x, t, r, b):
    if b == 0.0:
        assert torch.allclose(F.smooth_l1_loss(x.detach(), t, reduction=r, beta=0.0), F.l1_loss(x.detach(), t, reduction=r))
        return F.l1_loss(x, t, reduction=r)
    return F.smooth_l1_loss(x, t, reduction=r, beta=b)


regression_family("smoothl1", "SmoothL1Loss", [
    ({"beta": b}, (lambda x, t, r, b=b: smooth_l1_reference(x, t, r, b)),
     [(1.5, 1.5 - b), (-0.25, -0.25 + b), (0.75, 0.75 - b / 2)])
    for b in [1.0, 0.0, 0.5, 2.0]
], 3)
regression_family("huber", "HuberLoss", [
    ({"delta": d}, (lambda x, t, r, d=d: F.huber_loss(x, t, reduction=r, delta=d)),
     [(3.0, 3.0 - d), (-0.5, -0.5 + d), (1.0, 1.0 - d / 2)])
    for d in [1.0, 0.5, 2.5]
], 4)

# ---------------------------------------------------------------- BCE on probabilities
def bce_family():
    g = torch.Generator().manual_seed(5)
    p = f32(torch.sigmoid(torch.randn(5, 4, generator=g, dtype=torch.float64) * 2))
    t = f32((torch.rand(5, 4, generator=g, dtype=torch.float64) > 0.5).double())
    p[0] = f32([0.0, 0.0, 1.0, 1.0]); t[0] = f32([0.0, 1.0, 1.0, 0.0])  # exact 0/1 probabilities, every target combination
    p[1, 0] = 0.0; t[1, 0] = 0.3  # soft targets at the clamp
    p[1, 1] = 1.0; t[1, 1] = 0.7
    t[2] = f32([0.25, 0.5, 0.75, 0.1])
    w = f32([0.5, 2.0, 1.0, 3.0])
    cases = []
    for weight in [None, w]:
        for red in REDUCTIONS:
            opts = {} if weight is None else {"weight": flat(weight)}
            fn = (lambda x, dt, red=red, weight=weight: F.binary_cross_entropy(
                x, t.to(dt), weight=None if weight is None else weight.to(dt), reduction=red))
            cases.append(make_case("bce", f"BCELoss/{'w' if weight is not None else '-'}/{red}", "BCELoss", red, opts, p, t, fn, float(p.numel())))
    write("bce", cases)


def bce_logits_family():
    g = torch.Generator().manual_seed(6)
    x = f32(torch.randn(5, 4, generator=g, dtype=torch.float64) * 3)
    t = f32((torch.rand(5, 4, generator=g, dtype=torch.float64) > 0.5).double())
    x[0] = f32([100.0, -100.0, 100.0, -100.0]); t[0] = f32([1.0, 0.0, 0.0, 1.0])  # extreme logits, easy and hopeless
    x[1] = f32([20.0, -20.0, 0.0, 35.0]); t[1] = f32([0.0, 1.0, 0.5, 0.25])
    t[2] = f32([0.1, 0.9, 0.5, 0.0])
    w = f32([0.5, 2.0, 1.0, 3.0])
    pw = f32([3.0, 0.25, 1.0, 10.0])
    cases = []
    for weight in [None, w]:
        for pos in [None, pw]:
            for red in REDUCTIONS:
                opts = {}
                if weight is not None: opts["weight"] = flat(weight)
                if pos is not None: opts["posWeight"] = flat(pos)
                fn = (lambda xx, dt, red=red, weight=weight, pos=pos: F.binary_cross_entropy_with_logits(
                    xx, t.to(dt), weight=None if weight is None else weight.to(dt),
                    pos_weight=None if pos is None else pos.to(dt), reduction=red))
                name = f"BCEWithLogitsLoss/{'w' if weight is not None else '-'}/{'pw' if pos is not None else '-'}/{red}"
                cases.append(make_case("bce_logits", name, "BCEWithLogitsLoss", red, opts, x, t, fn, float(x.numel())))
    write("bce_logits", cases)


bce_family()
bce_logits_family()

# ---------------------------------------------------------------- cross-entropy and NLL
def logits_batch(seed, batch, classes):
    g = torch.Generator().manual_seed(seed)
    x = f32(torch.randn(batch, classes, generator=g, dtype=torch.float64) * 3)
    x[0] = f32([100.0, -100.0] + [0.0] * (classes - 2))  # extreme logits
    x[1] = f32([-100.0] * (classes - 1) + [100.0])
    return x


def class_denominator(targets, ignore, weight):
    d = 0.0
    for t in targets.tolist():
        t = int(t)
        if t != ignore:
            d += 1.0 if weight is None else float(weight[t])
    return d


def ce_family():
    batch, classes = 6, 5
    x = logits_batch(7, batch, classes)
    w = f32([0.5, 2.0, 1.0, 3.0, 0.25])
    index_sets = {
        "plain": (f32([1, 4, 0, 2, 3, 1]), -100),       # targets at the extreme rows: hopeless (1 vs 100) and easy
        "ignore-100": (f32([1, -100, 0, 2, -100, 3]), -100),
        "ignore1": (f32([1, 4, 0, 1, 3, 2]), 1),        # ignore_index that is a valid class
    }
    cases = []
    for set_name, (t, ignore) in index_sets.items():
        for weight in [None, w]:
            for eps in [0.0, 0.1]:
                for red in REDUCTIONS:
                    opts = {"ignoreIndex": ignore, "labelSmoothing": eps}
                    if weight is not None: opts["weight"] = flat(weight)
                    fn = (lambda xx, dt, red=red, weight=weight, eps=eps, t=t, ignore=ignore: F.cross_entropy(
                        xx, t.long(), weight=None if weight is None else weight.to(dt), ignore_index=ignore,
                        label_smoothing=eps, reduction=red))
                    name = f"CrossEntropyLoss/index-{set_name}/{'w' if weight is not None else '-'}/eps{eps}/{red}"
                    cases.append(make_case("cross_entropy", name, "CrossEntropyLoss", red, opts, x, t, fn,
                                           class_denominator(t, ignore, weight)))
    g = torch.Generator().manual_seed(8)
    onehot = f32(F.one_hot(torch.tensor([1, 4, 0, 2, 3, 1]), classes).double())
    soft = f32(torch.softmax(torch.randn(batch, classes, generator=g, dtype=torch.float64), dim=1))
    for set_name, y in [("onehot", onehot), ("soft", soft)]:
        for weight in [None, w]:
            for eps in [0.0, 0.1]:
                for red in REDUCTIONS:
                    opts = {"labelSmoothing": eps}
                    if weight is not None: opts["weight"] = flat(weight)
                    fn = (lambda xx, dt, red=red, weight=weight, eps=eps, y=y: F.cross_entropy(
                        xx, y.to(dt), weight=None if weight is None else weight.to(dt), label_smoothing=eps, reduction=red))
                    name = f"CrossEntropyLoss/prob-{set_name}/{'w' if weight is not None else '-'}/eps{eps}/{red}"
                    cases.append(make_case("cross_entropy", name, "CrossEntropyLoss", red, opts, x, y, fn, float(batch)))
    # A wide row (37 classes: several SIMD vectors plus a tail) with weights, ignore_index and smoothing.
    wide_classes = 37
    xw = logits_batch(10, 3, wide_classes)
    gw = torch.Generator().manual_seed(11)
    ww = f32(torch.rand(wide_classes, generator=gw, dtype=torch.float64) * 2 + 0.1)
    tw = f32([36, -100, 17])
    yw = f32(torch.softmax(torch.randn(3, wide_classes, generator=gw, dtype=torch.float64) * 2, dim=1))
    for red in REDUCTIONS:
        opts = {"ignoreIndex": -100, "labelSmoothing": 0.1, "weight": flat(ww)}
        fn = (lambda xx, dt, red=red: F.cross_entropy(xx, tw.long(), weight=ww.to(dt), ignore_index=-100, label_smoothing=0.1, reduction=red))
        cases.append(make_case("cross_entropy", f"CrossEntropyLoss/index-wide37/w/eps0.1/{red}", "CrossEntropyLoss", red, opts, xw, tw, fn,
                               class_denominator(tw, -100, ww)))
        fn = (lambda xx, dt, red=red: F.cross_entropy(xx, yw.to(dt), weight=ww.to(dt), label_smoothing=0.1, reduction=red))
        cases.append(make_case("cross_entropy", f"CrossEntropyLoss/prob-wide37/w/eps0.1/{red}", "CrossEntropyLoss", red,
                               {"labelSmoothing": 0.1, "weight": flat(ww)}, xw, yw, fn, 3.0))
    write("cross_entropy", cases)


def nll_family():
    batch, classes = 6, 4
    x = f32(torch.log_softmax(logits_batch(9, batch, classes).double(), dim=1))
    w = f32([0.5, 2.0, 1.0, 3.0])
    index_sets = {
        "plain": (f32([1, 3, 0, 2, 3, 1]), -100),
        "ignore-100": (f32([1, -100, 0, 2, -100, 3]), -100),
        "ignore2": (f32([2, 3, 0, 2, 1, 1]), 2),
    }
    cases = []
    for set_name, (t, ignore) in index_sets.items():
        for weight in [None, w]:
            for red in REDUCTIONS:
                opts = {"ignoreIndex": ignore}
                if weight is not None: opts["weight"] = flat(weight)
                fn = (lambda xx, dt, red=red, weight=weight, t=t, ignore=ignore: F.nll_loss(
                    xx, t.long(), weight=None if weight is None else weight.to(dt), ignore_index=ignore, reduction=red))
                name = f"NLLLoss/{set_name}/{'w' if weight is not None else '-'}/{red}"
                cases.append(make_case("nll", name, "NLLLoss", red, opts, x, t, fn, class_denominator(t, ignore, weight)))
    write("nll", cases)


ce_family()
nll_family()
