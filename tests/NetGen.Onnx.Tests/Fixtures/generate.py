"""ONNX models written by torch.onnx.export, for NetGen.Onnx.Tests.OnnxImportTests (weights into declared networks).

    /usr/bin/python3 tests/NetGen.Onnx.Tests/Fixtures/generate.py

writes next to this script (torch 1.13 from Debian, opset 17, eval mode, dynamic batch):
  torch_mlp.onnx   nn.Sequential(Linear(6, 10), ReLU(), Linear(10, 8), Tanh(), Linear(8, 3))
  torch_mlp.safetensors  the same model's state dict (0.weight, 0.bias, 2.*, 4.*), written with the minimal safetensors
                   writer of tests/NetGen.Tests/Fixtures/checkpoints/interop.py: the one MLP loads both ways
  torch_cnn.onnx   nn.Sequential(Conv2d(1, 4, 3, padding=1), ReLU(), MaxPool2d(2), Conv2d(4, 6, 3), BatchNorm2d(6), ReLU(),
                   Flatten(), Linear(6*2*2, 5)) on 1x8x8 images, batch norm with trained running statistics
  expected.json    an input batch for each and torch's outputs (float32)
"""
import io
import json
import os

import sys

import torch

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "NetGen.Tests", "Fixtures", "checkpoints"))
from interop import minimal_save  # noqa: E402


def export(model, x, name):
    model.eval()
    torch.onnx.export(model, x, os.path.join(HERE, name), opset_version=17, input_names=["input"], output_names=["output"],
                      dynamic_axes={"input": {0: "batch"}, "output": {0: "batch"}}, do_constant_folding=False,
                      # EVAL would fold the batch norm into the convolution before it (a graph NetGen cannot declare);
                      # PRESERVE keeps it, in inference mode since the model is in eval mode.
                      training=torch.onnx.TrainingMode.PRESERVE)
    with torch.no_grad():
        return model(x)


def main():
    torch.manual_seed(17)
    mlp = torch.nn.Sequential(torch.nn.Linear(6, 10), torch.nn.ReLU(), torch.nn.Linear(10, 8), torch.nn.Tanh(), torch.nn.Linear(8, 3))
    cnn = torch.nn.Sequential(torch.nn.Conv2d(1, 4, 3, padding=1), torch.nn.ReLU(), torch.nn.MaxPool2d(2), torch.nn.Conv2d(4, 6, 3),
                              torch.nn.BatchNorm2d(6), torch.nn.ReLU(), torch.nn.Flatten(), torch.nn.Linear(6 * 2 * 2, 5))
    cnn.train()
    with torch.no_grad():
        for _ in range(3):
            cnn(torch.randn(16, 1, 8, 8))  # running statistics away from (0, 1)
    x_mlp = torch.randn(4, 6)
    x_cnn = torch.randn(3, 1, 8, 8)
    y_mlp = export(mlp, x_mlp, "torch_mlp.onnx")
    y_cnn = export(cnn, x_cnn, "torch_cnn.onnx")
    minimal_save(dict(mlp.state_dict()), os.path.join(HERE, "torch_mlp.safetensors"), {"format": "pt"})
    with open(os.path.join(HERE, "expected.json"), "w") as f:
        json.dump({"torch": torch.__version__,
                   "mlp": {"input": x_mlp.flatten().tolist(), "output": y_mlp.flatten().tolist()},
                   "cnn": {"input": x_cnn.flatten().tolist(), "output": y_cnn.flatten().tolist()}}, f, indent=1)
    print("wrote torch_mlp.onnx, torch_mlp.safetensors, torch_cnn.onnx, expected.json with torch", torch.__version__)


if __name__ == "__main__":
    main()
