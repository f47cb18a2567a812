#!/usr/bin/env python3
"""Writes PyTorch reference outputs and gradients of NetGen's convolutional test networks.

Run from this folder with Debian's torch (apt-get install -y python3-torch python3-numpy):
    /usr/bin/python3 generate.py
It writes cnn.json in the format of ../networks/networks.json: for each network the parameters (PyTorch names
and shapes, drawn from a fixed torch seed), an input batch [N, C, H, W] flattened, dLoss/dOutput, and what PyTorch
computes in training mode for the output, every parameter's gradient and dLoss/dInput, plus the batch-norm running
statistics after that step. The networks mirror tests/NetGen.Tests/Networks/ConvolutionalNetworks.cs layer for layer.
"""
import json
import torch
import torch.nn as nn
import torch.nn.functional as F

torch.manual_seed(2024)


def conv_stack():
    # Conv2d with padding, a rectangular kernel with stride and dilation per axis, groups without bias, then a
    # dense head after Flatten.
    m = nn.ModuleDict(dict(
        Conv1=nn.Conv2d(2, 4, 3, padding=1),
        Conv2=nn.Conv2d(4, 6, (3, 2), stride=(2, 1), dilation=(1, 2)),
        Conv3=nn.Conv2d(6, 6, 3, padding=1, groups=3, bias=False),
        Output=nn.Linear(6 * 4 * 6, 5)))
    steps = [("Conv1", torch.relu), ("Conv2", None), ("Conv3", torch.tanh), (None, lambda x: torch.flatten(x, 1)), ("Output", None)]
    return m, steps, (2, 9, 8)


def lenet():
    # LeNet-5 style: tanh and average pooling (the second with padding, ceil mode and count_include_pad=False).
    m = nn.ModuleDict(dict(
        Conv1=nn.Conv2d(1, 6, 5, padding=2), Conv2=nn.Conv2d(6, 8, 3),
        Fc1=nn.Linear(8 * 4 * 4, 16), Output=nn.Linear(16, 10)))
    steps = [("Conv1", torch.tanh), (None, lambda x: F.avg_pool2d(x, 2)),
             ("Conv2", torch.tanh), (None, lambda x: F.avg_pool2d(x, 3, stride=2, padding=1, ceil_mode=True, count_include_pad=False)),
             (None, lambda x: torch.flatten(x, 1)), ("Fc1", torch.tanh), ("Output", None)]
    return m, steps, (1, 16, 16)


def conv_bn():
    # Conv -> BatchNorm2d -> ReLU -> MaxPool, twice (the second pool with stride 1 and padding), global average pool.
    # No conv bias before a batch norm (it cancels: its exact gradient is 0, and comparing two roundings of 0 says nothing).
    m = nn.ModuleDict(dict(
        Conv1=nn.Conv2d(3, 8, 3, padding=1, bias=False), Bn1=nn.BatchNorm2d(8),
        Conv2=nn.Conv2d(8, 8, 3, bias=False), Bn2=nn.BatchNorm2d(8), Output=nn.Linear(8, 10)))
    steps = [("Conv1", None), ("Bn1", None), (None, torch.relu), (None, lambda x: F.max_pool2d(x, 2)),
             ("Conv2", None), ("Bn2", None), (None, torch.relu), (None, lambda x: F.max_pool2d(x, 3, stride=1, padding=1)),
             (None, lambda x: F.adaptive_avg_pool2d(x, 1)), (None, lambda x: torch.flatten(x, 1)), ("Output", None)]
    return m, steps, (3, 12, 12)


def floats(t):
    # float32 values need 9 significant digits to round-trip
    return [float("%.9g" % v) for v in t.detach().flatten().tolist()]


def run(name, build, batch):
    modules, steps, shape = build()
    modules.train()
    x = torch.randn(batch, *shape).requires_grad_(True)
    h = x
    for layer, act in steps:
        if layer is not None:
            h = modules[layer](h)
        if act is not None:
            h = act(h)
    dy = torch.randn_like(h)
    (h * dy).sum().backward()
    params = [dict(name=n, shape=list(p.shape), values=floats(p), gradient=floats(p.grad)) for n, p in modules.named_parameters()]
    buffers = [dict(name=n, shape=list(b.shape), values=floats(b)) for n, b in modules.named_buffers() if not n.endswith("num_batches_tracked")]
    return dict(name=name, batch=batch, input=floats(x), output=floats(h), outputGradient=floats(dy),
                inputGradient=floats(x.grad), parameters=params, buffers=buffers)


cases = [run("ConvStackNet", conv_stack, 3), run("LeNetNet", lenet, 4), run("ConvBnNet", conv_bn, 4)]
with open("cnn.json", "w") as f:
    json.dump(dict(generator="generate.py", torch=torch.__version__, cases=cases), f)
print("wrote", len(cases), "cases")
