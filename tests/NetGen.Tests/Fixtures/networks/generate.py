#!/usr/bin/env python3
"""Writes PyTorch reference outputs and gradients of NetGen's test networks.

Run from this folder with Debian's torch (apt-get install -y python3-torch python3-numpy):
    /usr/bin/python3 generate.py
It writes networks.json: for each network the parameters (PyTorch names and shapes, drawn
from a fixed torch seed), an input batch, dLoss/dOutput, and what PyTorch computes for the
output, every parameter's gradient and dLoss/dInput. The networks mirror
tests/NetGen.Tests/Networks/TestNetworks.cs layer for layer.
"""
import json
import torch
import torch.nn as nn

torch.manual_seed(1234)


def all_activations():
    return nn.ModuleDict(dict(
        L1=nn.Linear(5, 7), L2=nn.Linear(7, 6), L3=nn.Linear(6, 5), L4=nn.Linear(5, 6), L5=nn.Linear(6, 5),
        L6=nn.Linear(5, 6), L7=nn.Linear(6, 5), L8=nn.Linear(5, 4, bias=False), L9=nn.Linear(4, 3))), [
        ("L1", torch.sigmoid), ("L2", lambda x: nn.functional.leaky_relu(x, 0.2)),
        ("L3", lambda x: nn.functional.elu(x, 0.5)), ("L4", nn.functional.selu),
        ("L5", lambda x: nn.functional.gelu(x)), ("L6", nn.functional.silu),
        ("L7", lambda x: nn.functional.softplus(x, beta=2, threshold=10)), ("L8", torch.tanh),
        (None, torch.relu), ("L9", None), (None, lambda x: torch.log_softmax(x, dim=1))]


def softmax_net():
    return nn.ModuleDict(dict(Hidden=nn.Linear(4, 6), Output=nn.Linear(6, 3))), [
        ("Hidden", torch.relu), ("Output", lambda x: torch.softmax(x, dim=1))]


def phone_net():
    return nn.ModuleDict(dict(Hidden1=nn.Linear(20, 128), Hidden2=nn.Linear(128, 64), Output=nn.Linear(64, 4))), [
        ("Hidden1", torch.relu), ("Hidden2", torch.relu), ("Output", None)]


def activation_first():
    return nn.ModuleDict(dict(Output=nn.Linear(3, 2))), [(None, torch.tanh), ("Output", torch.sigmoid)]


def floats(t):
    # float32 values need 9 significant digits to round-trip
    return [float("%.9g" % v) for v in t.detach().flatten().tolist()]


def run(name, build, inputs, batch, scale):
    modules, steps = build()
    x = (torch.randn(batch, inputs) * scale).requires_grad_(True)
    h = x
    for layer, act in steps:
        if layer is not None:
            h = modules[layer](h)
        if act is not None:
            h = act(h)
    dy = torch.randn_like(h)
    (h * dy).sum().backward()
    params = []
    for pname, p in modules.named_parameters():
        params.append(dict(name=pname, shape=list(p.shape), values=floats(p), gradient=floats(p.grad)))
    return dict(name=name, batch=batch, input=floats(x), output=floats(h),
                outputGradient=floats(dy), inputGradient=floats(x.grad), parameters=params)


cases = [
    run("AllActivationsNet", all_activations, 5, 8, 2.0),
    run("SoftmaxNet", softmax_net, 4, 16, 1.0),
    run("PhoneShapedNet", phone_net, 20, 64, 1.0),
    run("ActivationFirstNet", activation_first, 3, 4, 1.5),
]
with open("networks.json", "w") as f:
    json.dump(dict(generator="generate.py", torch=torch.__version__, cases=cases), f)
print("wrote", len(cases), "cases")
