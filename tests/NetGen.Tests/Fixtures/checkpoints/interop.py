"""PyTorch <-> NetGen checkpoint interop (safetensors format).

Run with the interpreter that has torch:

    /usr/bin/python3 tests/NetGen.Tests/Fixtures/checkpoints/interop.py
        writes from_pytorch.safetensors and from_pytorch.json next to this script (the committed fixture,
        read by NetGen.Tests.IO.PyTorchInteropTests).

    /usr/bin/python3 tests/NetGen.Tests/Fixtures/checkpoints/interop.py --check-cnn FILE IO.json
        loads a convolutional NetGen checkpoint (ConvBnNet) into the equivalent torch modules with
        load_state_dict(strict=True), runs them in eval mode on IO.json's input and compares with its output.

    /usr/bin/python3 tests/NetGen.Tests/Fixtures/checkpoints/interop.py --check FILE [EXPECTED.json]
        loads FILE (written by NetGen) into torch tensors, loads the dense layers into an nn.Module with
        load_state_dict(strict=True), and when EXPECTED.json is given compares names, shapes and the exact
        float32 bit patterns. Prints "OK ..." and exits 0 on success, prints the problems and exits 1 otherwise.

Which implementation was used: the Python package `safetensors` (safetensors.torch.save_file / load_file)
is used when it is importable. On the machine where the committed fixture was generated it was NOT
installable (no PyPI access, no Debian package; torch 1.13), so from_pytorch.safetensors was written by the
minimal writer below, which follows the published format exactly the way the reference (Rust) writer does:
u64 little-endian header length N, N bytes of compact UTF-8 JSON ("__metadata__" first, then tensors sorted
by dtype alignment descending then name, each {"dtype","shape","data_offsets"}), padded with spaces to a
multiple of 8 bytes, then the raw little-endian tensor bytes, contiguous. The "writer"/"reader" fields of
the JSON output and the printed lines say which implementation ran.
"""
import json
import os
import struct
import sys

import numpy as np
import torch

HERE = os.path.dirname(os.path.abspath(__file__))

try:  # pragma: no cover - depends on the machine
    import safetensors.torch as st  # type: ignore
except ImportError:
    st = None


def minimal_save(tensors, path, metadata=None):
    """Writes a safetensors file of float32 tensors following the published format."""
    items = sorted(tensors.items(), key=lambda kv: kv[0])  # all F32: reference order is by name
    header = {}
    if metadata:
        header["__metadata__"] = dict(metadata)
    blobs = []
    offset = 0
    for name, t in items:
        assert t.dtype == torch.float32
        data = t.detach().contiguous().numpy().astype("<f4").tobytes()
        header[name] = {"dtype": "F32", "shape": list(t.shape), "data_offsets": [offset, offset + len(data)]}
        offset += len(data)
        blobs.append(data)
    text = json.dumps(header, separators=(",", ":")).encode("utf-8")
    text += b" " * ((8 - len(text) % 8) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)))
        f.write(text)
        for b in blobs:
            f.write(b)


def minimal_load(path):
    """Reads a safetensors file of F32 tensors, checking it the way the reference reader does."""
    with open(path, "rb") as f:
        raw = f.read()
    if len(raw) < 8:
        raise ValueError("file shorter than 8 bytes")
    (n,) = struct.unpack("<Q", raw[:8])
    if n > 100_000_000 or 8 + n > len(raw):
        raise ValueError(f"bad header length {n} for a file of {len(raw)} bytes")
    if raw[8:9] != b"{":
        raise ValueError("header does not start with '{'")
    header = json.loads(raw[8:8 + n].decode("utf-8"))
    metadata = header.pop("__metadata__", None)
    data = raw[8 + n:]
    entries = sorted(header.items(), key=lambda kv: tuple(kv[1]["data_offsets"]))
    expected = 0
    out = {}
    for name, info in entries:
        b, e = info["data_offsets"]
        if e > len(data):
            raise ValueError(f"{name}: data_offsets {info['data_offsets']} beyond the {len(data)}-byte data section (truncated)")
        if b != expected or e < b:
            raise ValueError(f"invalid offsets for {name}: {info['data_offsets']} (expected begin {expected})")
        if info["dtype"] != "F32":
            raise ValueError(f"{name}: dtype {info['dtype']} not handled by the minimal reader")
        count = int(np.prod(info["shape"], dtype=np.int64))
        if e - b != 4 * count:
            raise ValueError(f"{name}: shape {info['shape']} does not match {e - b} bytes")
        expected = e
        arr = np.frombuffer(data[b:e], dtype="<f4").astype(np.float32).reshape(info["shape"])
        out[name] = torch.from_numpy(arr.copy())
    if expected != len(data):
        raise ValueError(f"data section is {len(data)} bytes, header covers {expected}")
    return out, (metadata or {}), n


def bits(t):
    return [int(x) for x in t.contiguous().view(torch.int32).flatten().numpy().astype(np.uint32)]


def generate():
    torch.manual_seed(20240611)
    state = {
        "Hidden.weight": torch.randn(3, 2),
        "Hidden.bias": torch.tensor([-0.0, 1e-40, 3.4028234663852886e38], dtype=torch.float32),  # -0, subnormal, max
        "Output.weight": torch.randn(1, 3),
        "Output.bias": torch.tensor([0.125], dtype=torch.float32),
    }
    path = os.path.join(HERE, "from_pytorch.safetensors")
    if st is not None:
        st.save_file(state, path, metadata={"format": "pt"})
        writer = "safetensors.torch.save_file"
    else:
        minimal_save(state, path, metadata={"format": "pt"})
        writer = "interop.py minimal_save (package safetensors not importable)"
    # Sanity: read it back with the same implementation family.
    loaded = st.load_file(path) if st is not None else minimal_load(path)[0]
    for k, v in state.items():
        assert bits(loaded[k]) == bits(v), k
    doc = {
        "writer": writer,
        "torch": torch.__version__,
        "metadata": {"format": "pt"},
        "tensors": [
            {"name": k, "shape": list(v.shape), "values": [float(x) for x in v.flatten().tolist()], "bits": bits(v)}
            for k, v in state.items()
        ],
    }
    with open(os.path.join(HERE, "from_pytorch.json"), "w") as f:
        json.dump(doc, f, indent=1)
        f.write("\n")
    print(f"wrote {path} with {writer}")


class Dense(torch.nn.Module):
    """An nn.Module with one nn.Linear per '<name>.weight' [out, in] / '<name>.bias' [out] pair."""

    def __init__(self, state):
        super().__init__()
        for key, t in state.items():
            if key.endswith(".weight") and t.dim() == 2 and not key.startswith("optimizer."):
                layer = key[: -len(".weight")]
                has_bias = (layer + ".bias") in state
                setattr(self, layer, torch.nn.Linear(t.shape[1], t.shape[0], bias=has_bias))


def check(path, expected_path=None):
    problems = []
    if st is not None:
        state = st.load_file(path)
        reader = "safetensors.torch.load_file"
        with open(path, "rb") as f:
            (n,) = struct.unpack("<Q", f.read(8))
        metadata = {}
    else:
        state, metadata, n = minimal_load(path)
        reader = "interop.py minimal_load (package safetensors not importable)"
    if n % 8 != 0:
        problems.append(f"header length {n} is not a multiple of 8")

    module = Dense(state)
    dense = {k: v for k, v in state.items() if not k.startswith("optimizer.") and k.split(".")[0] in dict(module.named_children())}
    try:
        module.load_state_dict(dense, strict=True)
    except RuntimeError as e:
        problems.append(f"load_state_dict(strict=True) failed: {e}")

    if expected_path is not None:
        with open(expected_path) as f:
            expected = json.load(f)
        names = [t["name"] for t in expected["tensors"]]
        if sorted(names) != sorted(state.keys()):
            problems.append(f"names differ: file {sorted(state.keys())}, expected {sorted(names)}")
        for t in expected["tensors"]:
            got = state.get(t["name"])
            if got is None:
                continue
            if list(got.shape) != t["shape"]:
                problems.append(f"{t['name']}: shape {list(got.shape)}, expected {t['shape']}")
            elif bits(got) != [int(b) for b in t["bits"]]:
                problems.append(f"{t['name']}: values differ bitwise")
        for k, v in expected.get("metadata", {}).items():
            if st is None and metadata.get(k) != v:
                problems.append(f"metadata {k}: {metadata.get(k)!r}, expected {v!r}")

    if problems:
        print("FAIL " + path)
        for p in problems:
            print("  " + p)
        return 1
    shapes = ", ".join(f"{k} {list(v.shape)}" for k, v in sorted(state.items()))
    print(f"OK read with {reader} (torch {torch.__version__}): {shapes}; nn.Module.load_state_dict(strict=True) accepted {len(dense)} tensors")
    return 0


def check_cnn(path, io_path):
    """Loads a NetGen ConvBnNet checkpoint (tests/NetGen.Tests/Networks/ConvolutionalNetworks.cs) into the equivalent
    torch modules with load_state_dict(strict=True) (parameters and BatchNorm2d buffers), runs them in eval mode on the
    input in IO_PATH and compares with NetGen's output there (within 1e-5 of its scale)."""
    import torch.nn as nn
    import torch.nn.functional as F
    state = st.load_file(path) if st is not None else minimal_load(path)[0]
    m = nn.ModuleDict(dict(
        Conv1=nn.Conv2d(3, 8, 3, padding=1, bias=False), Bn1=nn.BatchNorm2d(8),
        Conv2=nn.Conv2d(8, 8, 3, bias=False), Bn2=nn.BatchNorm2d(8), Output=nn.Linear(8, 10)))
    model_state = {k: v for k, v in state.items() if not k.startswith("optimizer.")}
    try:
        m.load_state_dict(model_state, strict=True)
    except RuntimeError as e:
        print(f"FAIL load_state_dict(strict=True): {e}")
        return 1
    m.eval()
    with open(io_path) as f:
        io = json.load(f)
    x = torch.tensor(io["input"], dtype=torch.float32).reshape(io["batch"], 3, 12, 12)
    with torch.no_grad():
        h = F.relu(m["Bn1"](m["Conv1"](x)))
        h = F.max_pool2d(h, 2)
        h = F.relu(m["Bn2"](m["Conv2"](h)))
        h = F.max_pool2d(h, 3, stride=1, padding=1)
        h = torch.flatten(F.adaptive_avg_pool2d(h, 1), 1)
        y = m["Output"](h).flatten()
    expected = torch.tensor(io["output"], dtype=torch.float32)
    scale = max(float(expected.abs().max()), 1e-30)
    error = float((y - expected).abs().max()) / scale
    if error > 1e-5:
        print(f"FAIL outputs differ: {error:.2e} of scale {scale:.4g}")
        return 1
    print(f"OK torch {torch.__version__}: load_state_dict(strict=True) accepted {len(model_state)} tensors; eval outputs agree within {error:.2e} of scale")
    return 0


if __name__ == "__main__":
    if len(sys.argv) >= 4 and sys.argv[1] == "--check-cnn":
        sys.exit(check_cnn(sys.argv[2], sys.argv[3]))
    if len(sys.argv) >= 3 and sys.argv[1] == "--check":
        sys.exit(check(sys.argv[2], sys.argv[3] if len(sys.argv) > 3 else None))
    generate()
