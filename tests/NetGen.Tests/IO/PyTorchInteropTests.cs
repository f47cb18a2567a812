using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Text.Json;
using NetGen.IO;
using Xunit;
using Xunit.Abstractions;
using static NetGen.Tests.IO.SafeTensorsTestFiles;

namespace NetGen.Tests.IO;

/// <summary>
/// Files exchanged with PyTorch through Fixtures/checkpoints/interop.py. The package <c>safetensors</c> is not
/// installed on the development machine, so the script's own spec-following reader/writer was used (see its header).
/// </summary>
public sealed class PyTorchInteropTests
{
    private const string Python = "/usr/bin/python3";
    private readonly ITestOutputHelper _output;

    public PyTorchInteropTests(ITestOutputHelper output) => _output = output;

    private static ParameterBuffer TinyNetwork()
    {
        // Layout in NetGen's order (weight before bias); the file lists tensors sorted by name.
        var layout = new List<ParameterInfo>();
        int offset = 0;
        foreach ((string name, int[] shape, ParameterRole role) in new[]
        {
            ("Hidden.weight", new[] { 3, 2 }, ParameterRole.Weight),
            ("Hidden.bias", new[] { 3 }, ParameterRole.Bias),
            ("Output.weight", new[] { 1, 3 }, ParameterRole.Weight),
            ("Output.bias", new[] { 1 }, ParameterRole.Bias),
        })
        {
            layout.Add(new ParameterInfo(name, offset, shape, role));
            offset += layout[^1].Length;
        }
        return new ParameterBuffer(layout);
    }

    [Fact]
    public void Loads_The_File_PyTorch_Wrote_Bit_Exactly()
    {
        using JsonDocument expected = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "checkpoints", "from_pytorch.json")));
        string file = Path.Combine(FixtureDirectory(), "from_pytorch.safetensors");
        _output.WriteLine("fixture written by: " + expected.RootElement.GetProperty("writer").GetString());

        ParameterBuffer net = TinyNetwork();
        IReadOnlyDictionary<string, string> meta = Checkpoint.Load(file, net);
        Assert.Equal("pt", meta["format"]);

        int checkedTensors = 0;
        foreach (JsonElement t in expected.RootElement.GetProperty("tensors").EnumerateArray())
        {
            ParameterInfo p = net.Find(t.GetProperty("name").GetString()!)!;
            Assert.NotNull(p);
            var shape = new List<int>();
            foreach (JsonElement d in t.GetProperty("shape").EnumerateArray()) shape.Add(d.GetInt32());
            Assert.Equal(shape, p.Shape);
            var bits = new List<uint>();
            foreach (JsonElement b in t.GetProperty("bits").EnumerateArray()) bits.Add(b.GetUInt32());
            var got = new List<uint>();
            foreach (float v in net.ValuesOf(p)) got.Add(BitConverter.SingleToUInt32Bits(v));
            Assert.Equal(bits, got);
            checkedTensors++;
        }
        Assert.Equal(4, checkedTensors);
        // The fixture deliberately holds -0, a subnormal and float.MaxValue in Hidden.bias.
        Assert.Equal(new uint[] { 0x80000000, BitConverter.SingleToUInt32Bits(1e-40f), 0x7F7FFFFF },
            Array.ConvertAll(net.ValuesOf(net.Find("Hidden.bias")!).ToArray(), BitConverter.SingleToUInt32Bits));
    }

    [Fact]
    public void PyTorch_Loads_The_File_NetGen_Wrote_Into_An_nn_Module()
    {
        if (!File.Exists(Python) || Run(Python, "-c \"import torch\"", out _) != 0)
        {
            _output.WriteLine($"NOT RUN: {Python} with torch is not available; the PyTorch side of the interop was not checked.");
            return;
        }

        string dir = NewDirectory();
        try
        {
            ParameterBuffer net = TinyNetwork();
            float[] values = { 0.5f, -1.25f, -0f, 3e-39f, 1e30f, -7f, 0.1f, 0.2f, 0.3f, 0.4f, -0.5f, 2f, 1f };
            Assert.Equal(values.Length, net.Count);
            values.CopyTo(net.Values);
            var state = new AdamLike(net.Count) { StepCount = 17 };
            for (int i = 0; i < net.Count; i++) { state.ExpAvg[i] = i * 0.01f; state.ExpAvgSq[i] = i * i * 1e-4f; }

            string file = Path.Combine(dir, "from_netgen.safetensors");
            Checkpoint.Save(file, net, state);

            // Expected names, shapes and bit patterns, built from the inputs above (not from the written file).
            var tensors = new List<object>();
            void Expect(string name, ParameterInfo p, float[] source)
            {
                var bits = new uint[p.Length];
                for (int i = 0; i < bits.Length; i++) bits[i] = BitConverter.SingleToUInt32Bits(source[p.Offset + i]);
                tensors.Add(new { name, shape = p.Shape, bits });
            }
            foreach (ParameterInfo p in net.Layout)
            {
                Expect(p.Name, p, values);
                Expect("optimizer.exp_avg." + p.Name, p, state.ExpAvg);
                Expect("optimizer.exp_avg_sq." + p.Name, p, state.ExpAvgSq);
            }
            string expectedPath = Path.Combine(dir, "expected.json");
            File.WriteAllText(expectedPath, JsonSerializer.Serialize(new
            {
                metadata = new Dictionary<string, string> { ["format"] = "pt", ["optimizer.step"] = "17" },
                tensors,
            }));

            string script = Path.Combine(FixtureDirectory(), "interop.py");
            int code = Run(Python, $"\"{script}\" --check \"{file}\" \"{expectedPath}\"", out string output);
            _output.WriteLine(output);
            Assert.True(code == 0, output);
            Assert.StartsWith("OK", output.Trim());
            Assert.Contains("accepted 4 tensors", output);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    /// <summary>
    /// A convolutional network's checkpoint (PyTorch names and shapes: Conv1.weight [8, 3, 3, 3], Bn1.running_mean, ...)
    /// loads into the equivalent torch modules with load_state_dict(strict=True), and torch in eval mode computes the
    /// outputs NetGen computes.
    /// </summary>
    [Fact]
    public void PyTorch_Loads_A_Convolutional_Checkpoint_And_Computes_The_Same_Outputs()
    {
        if (!File.Exists(Python) || Run(Python, "-c \"import torch\"", out _) != 0)
        {
            _output.WriteLine($"NOT RUN: {Python} with torch is not available; the PyTorch side of the interop was not checked.");
            return;
        }
        string dir = NewDirectory();
        try
        {
            var net = new NetGen.Tests.Networks.ConvBnNet();
            NetGen.Tests.Networks.NetworkFixtures.Case fixture = NetGen.Tests.Networks.NetworkFixtures.Get("ConvBnNet");
            NetGen.Tests.Networks.NetworkFixtures.Load(net, fixture);
            var output = new float[fixture.Output.Length];
            net.Forward(fixture.Input, output, fixture.Batch); // a training step moves the running statistics
            net.Eval();
            net.ForwardNoGrad(fixture.Input, output, fixture.Batch);
            string file = Path.Combine(dir, "cnn.safetensors");
            Checkpoint.Save(file, net);
            string io = Path.Combine(dir, "io.json");
            File.WriteAllText(io, JsonSerializer.Serialize(new { batch = fixture.Batch, input = fixture.Input, output }));
            int code = Run(Python, $"\"{Path.Combine(FixtureDirectory(), "interop.py")}\" --check-cnn \"{file}\" \"{io}\"", out string text);
            _output.WriteLine(text);
            Assert.True(code == 0, text);
            Assert.StartsWith("OK", text.Trim());
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private sealed class AdamLike : ICheckpointState
    {
        public AdamLike(int count) { ExpAvg = new float[count]; ExpAvgSq = new float[count]; }
        public float[] ExpAvg { get; }
        public float[] ExpAvgSq { get; }
        public IReadOnlyList<(string Name, float[] Values)> CheckpointBuffers => new[] { ("exp_avg", ExpAvg), ("exp_avg_sq", ExpAvgSq) };
        public long StepCount { get; set; }
    }

    private static int Run(string exe, string arguments, out string output)
    {
        var info = new ProcessStartInfo(exe, arguments)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using Process process = Process.Start(info)!;
        System.Threading.Tasks.Task<string> stderr = process.StandardError.ReadToEndAsync();
        string stdout = process.StandardOutput.ReadToEnd();
        if (!process.WaitForExit(120_000))
        {
            process.Kill(entireProcessTree: true);
            output = stdout + "\n(timed out)";
            return -1;
        }
        output = stdout + stderr.Result;
        return process.ExitCode;
    }
}
