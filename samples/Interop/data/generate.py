"""A phone-price classifier trained in PyTorch, for the Interop sample to load by name and predict with.

    /usr/bin/python3 samples/Interop/data/generate.py

Reads samples/PhonePrice/data/mobile_price_train.csv, standardises the 20 features with the statistics of all 2000
rows, trains nn.Sequential(Linear(20, 32), ReLU(), Linear(32, 4)) with Adam (seed 3, 200 epochs of batch 64), and writes
next to this script:
  torch_phone.safetensors  the state dict (keys 0.weight, 0.bias, 2.weight, 2.bias), written with the minimal
                           safetensors writer of tests/NetGen.Tests/Fixtures/checkpoints/interop.py
  torch_phone.json         the standardisation (mean, std), torch's predicted band for every row, its accuracy
"""
import csv
import json
import os
import sys

import torch

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", "..", ".."))
sys.path.insert(0, os.path.join(ROOT, "tests", "NetGen.Tests", "Fixtures", "checkpoints"))
from interop import minimal_save  # noqa: E402


def main():
    with open(os.path.join(ROOT, "samples", "PhonePrice", "data", "mobile_price_train.csv")) as f:
        rows = list(csv.reader(f))[1:]
    x = torch.tensor([[float(v) for v in r[:20]] for r in rows])
    y = torch.tensor([int(r[20]) for r in rows])
    mean, std = x.mean(0), x.std(0, unbiased=False)
    xs = (x - mean) / std
    torch.manual_seed(3)
    model = torch.nn.Sequential(torch.nn.Linear(20, 32), torch.nn.ReLU(), torch.nn.Linear(32, 4))
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    for epoch in range(200):
        order = torch.randperm(len(xs))
        for start in range(0, len(xs), 64):
            batch = order[start:start + 64]
            optimizer.zero_grad()
            loss = torch.nn.functional.cross_entropy(model(xs[batch]), y[batch])
            loss.backward()
            optimizer.step()
    model.eval()
    with torch.no_grad():
        predicted = model(xs).argmax(1)
    accuracy = (predicted == y).float().mean().item()
    minimal_save(dict(model.state_dict()), os.path.join(HERE, "torch_phone.safetensors"), {"format": "pt"})
    with open(os.path.join(HERE, "torch_phone.json"), "w") as f:
        json.dump({"torch": torch.__version__, "mean": mean.tolist(), "std": std.tolist(),
                   "predicted": predicted.tolist(), "accuracy": accuracy}, f)
    print(f"torch {torch.__version__}: training accuracy {accuracy:.4f}; wrote torch_phone.safetensors, torch_phone.json")


if __name__ == "__main__":
    main()
