"""PyTorch state dicts whose module names differ from a NetGen network's members (for TensorNameMap and Name = ...).

    /usr/bin/python3 tests/NetGen.Tests/Fixtures/statedict/generate.py

writes next to this script:
  sequential.safetensors  nn.Sequential(Linear(6, 10), ReLU(), Linear(10, 8), Tanh(), Linear(8, 3)): keys 0.*, 2.*, 4.*
  named.safetensors       a module with attributes fc0, fc1, out (the same architecture, other weights)
  expected.json           an input batch [5, 6] and each model's output in eval mode (torch, float32)
read by NetGen.Tests.IO.StateDictNameTests. Files are written with interop.py's minimal safetensors writer (the
package safetensors is not installed here; see that script's header).
"""
import json
import os
import sys

import torch

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "checkpoints"))
from interop import minimal_save  # noqa: E402


class Named(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.fc0 = torch.nn.Linear(6, 10)
        self.fc1 = torch.nn.Linear(10, 8)
        self.out = torch.nn.Linear(8, 3)

    def forward(self, x):
        return self.out(torch.tanh(self.fc1(torch.relu(self.fc0(x)))))


def main():
    torch.manual_seed(20261204)
    sequential = torch.nn.Sequential(torch.nn.Linear(6, 10), torch.nn.ReLU(), torch.nn.Linear(10, 8), torch.nn.Tanh(), torch.nn.Linear(8, 3))
    named = Named()
    x = torch.randn(5, 6)
    sequential.eval()
    named.eval()
    with torch.no_grad():
        outputs = {"sequential": sequential(x), "named": named(x)}
    minimal_save(dict(sequential.state_dict()), os.path.join(HERE, "sequential.safetensors"), {"format": "pt"})
    minimal_save(dict(named.state_dict()), os.path.join(HERE, "named.safetensors"), {"format": "pt"})
    with open(os.path.join(HERE, "expected.json"), "w") as f:
        json.dump({
            "torch": torch.__version__,
            "input": x.flatten().tolist(),
            "sequential": outputs["sequential"].flatten().tolist(),
            "named": outputs["named"].flatten().tolist(),
        }, f, indent=1)
    print("wrote sequential.safetensors, named.safetensors, expected.json with torch", torch.__version__)


if __name__ == "__main__":
    main()
