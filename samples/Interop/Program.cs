// Interop: NetGen ⇄ ONNX Runtime ⇄ PyTorch. Trains the phone-price network, exports it to ONNX and checks that ONNX
// Runtime predicts the same bands; then loads a state dict PyTorch trained (data/generate.py) and predicts with it.
// The steps are in InteropCase.cs.
using System;

Interop.InteropCase.Run(Console.Out);
