using System;
using System.Collections.Generic;
using System.IO;
using NetGen.IO;
using Xunit;
using static NetGen.Tests.IO.SafeTensorsTestFiles;

namespace NetGen.Tests.IO;

/// <summary>Checkpoint save/load: round trip, naming, mismatch reports, all-or-nothing load, atomic save.</summary>
public sealed class CheckpointTests : IDisposable
{
    private readonly string _dir = NewDirectory();

    public void Dispose()
    {
        Checkpoint.StreamWrapperForTests.Value = null;
        Directory.Delete(_dir, recursive: true);
    }

    private string PathOf(string name) => Path.Combine(_dir, name);

    /// <summary>An optimizer-like state: two moment buffers in the parameter layout and a step count.</summary>
    private sealed class MomentState : ICheckpointState
    {
        public MomentState(int count)
        {
            ExpAvg = new float[count];
            ExpAvgSq = new float[count];
        }
        public float[] ExpAvg { get; }
        public float[] ExpAvgSq { get; }
        public IReadOnlyList<(string Name, float[] Values)> CheckpointBuffers => new[] { ("exp_avg", ExpAvg), ("exp_avg_sq", ExpAvgSq) };
        public long StepCount { get; set; }
    }

    private static ParameterBuffer Network(int inputs, int hidden, int outputs, bool outputBias = true, string? extraName = null)
    {
        var layout = new List<ParameterInfo>();
        int offset = 0;
        void Add(string name, int[] shape, ParameterRole role)
        {
            var p = new ParameterInfo(name, offset, shape, role);
            layout.Add(p);
            offset += p.Length;
        }
        Add("Hidden1.weight", new[] { hidden, inputs }, ParameterRole.Weight);
        Add("Hidden1.bias", new[] { hidden }, ParameterRole.Bias);
        Add("Output.weight", new[] { outputs, hidden }, ParameterRole.Weight);
        if (outputBias) Add("Output.bias", new[] { outputs }, ParameterRole.Bias);
        if (extraName is not null) Add(extraName, new[] { 3, 3 }, ParameterRole.Weight);
        return new ParameterBuffer(layout);
    }

    private static void Fill(Span<float> values, uint seed)
    {
        uint s = seed;
        for (int i = 0; i < values.Length; i++)
        {
            s = s * 1664525u + 1013904223u;
            values[i] = BitConverter.UInt32BitsToSingle(s); // arbitrary bit patterns, NaNs and subnormals included
        }
        if (values.Length > 2)
        {
            values[0] = -0f;
            values[1] = BitConverter.UInt32BitsToSingle(0x7FC0BEEF); // NaN with a payload
            values[2] = BitConverter.UInt32BitsToSingle(0x00000003); // subnormal
        }
    }

    private static uint[] Bits(ReadOnlySpan<float> values)
    {
        var bits = new uint[values.Length];
        for (int i = 0; i < bits.Length; i++) bits[i] = BitConverter.SingleToUInt32Bits(values[i]);
        return bits;
    }

    [Fact]
    public void Save_Then_Load_Restores_Parameters_Optimizer_State_And_Extras_Bit_Exactly()
    {
        ParameterBuffer saved = Network(3, 4, 2);
        Fill(saved.Values, 1);
        var state = new MomentState(saved.Count) { StepCount = 1234567890123 };
        Fill(state.ExpAvg, 2);
        Fill(state.ExpAvgSq, 3);
        var extra = new NamedTensor("scheduler.best", new[] { 2 }, new[] { 0.5f, float.NegativeInfinity });
        string path = PathOf("model.safetensors");
        Checkpoint.Save(path, saved, state, new[] { extra }, new Dictionary<string, string> { ["epoch"] = "7" });

        ParameterBuffer loaded = Network(3, 4, 2);
        var loadedState = new MomentState(loaded.Count);
        var loadedExtra = new NamedTensor("scheduler.best", new[] { 2 }, new float[2]);
        IReadOnlyDictionary<string, string> meta = Checkpoint.Load(path, loaded, loadedState, new[] { loadedExtra });

        Assert.Equal(Bits(saved.Values), Bits(loaded.Values));
        Assert.Equal(Bits(state.ExpAvg), Bits(loadedState.ExpAvg));
        Assert.Equal(Bits(state.ExpAvgSq), Bits(loadedState.ExpAvgSq));
        Assert.Equal(1234567890123, loadedState.StepCount);
        Assert.Equal(Bits(extra.Data.Span), Bits(loadedExtra.Data.Span));
        Assert.Equal("7", meta["epoch"]);
        Assert.Equal("pt", meta["format"]);
        Assert.Equal(new[] { "model.safetensors" }, Array.ConvertAll(Directory.GetFiles(_dir), Path.GetFileName));
    }

    [Fact]
    public void File_Uses_PyTorch_Names_And_Shapes_And_Splits_Optimizer_Buffers_Per_Parameter()
    {
        ParameterBuffer net = Network(3, 4, 2);
        for (int i = 0; i < net.Count; i++) net.Values[i] = i;
        var state = new MomentState(net.Count) { StepCount = 42 };
        for (int i = 0; i < net.Count; i++) state.ExpAvg[i] = 1000 + i;
        string path = PathOf("named.safetensors");
        Checkpoint.Save(path, net, state);

        SafeTensorsContent c = SafeTensors.ReadFile(path);
        var listed = new List<string>();
        foreach (NamedTensor t in c.Tensors) listed.Add(t.ToString());
        Assert.Equal(new[]
        {
            "Hidden1.weight [4, 3]", "Hidden1.bias [4]", "Output.weight [2, 4]", "Output.bias [2]",
            "optimizer.exp_avg.Hidden1.weight [4, 3]", "optimizer.exp_avg.Hidden1.bias [4]",
            "optimizer.exp_avg.Output.weight [2, 4]", "optimizer.exp_avg.Output.bias [2]",
            "optimizer.exp_avg_sq.Hidden1.weight [4, 3]", "optimizer.exp_avg_sq.Hidden1.bias [4]",
            "optimizer.exp_avg_sq.Output.weight [2, 4]", "optimizer.exp_avg_sq.Output.bias [2]",
        }, listed);
        // Output.weight starts at flat offset 4·3 + 4 = 16: values 16..23, row-major [out, in].
        Assert.Equal(new float[] { 16, 17, 18, 19, 20, 21, 22, 23 }, c.Find("Output.weight")!.Data.ToArray());
        Assert.Equal(new float[] { 1016, 1017, 1018, 1019, 1020, 1021, 1022, 1023 }, c.Find("optimizer.exp_avg.Output.weight")!.Data.ToArray());
        Assert.Equal("42", c.Metadata["optimizer.step"]);
        Assert.Equal("pt", c.Metadata["format"]);
    }

    [Fact]
    public void Names_And_Shapes_That_Differ_Give_One_Exception_Listing_Every_Mismatch_And_Leave_The_Network_Unchanged()
    {
        ParameterBuffer fileNet = Network(3, 4, 2, outputBias: false, extraName: "Extra.weight");
        Fill(fileNet.Values, 5);
        string path = PathOf("other.safetensors");
        Checkpoint.Save(path, fileNet);

        ParameterBuffer target = Network(3, 8, 2);
        Fill(target.Values, 9);
        uint[] before = Bits(target.Values);

        var ex = Assert.Throws<CheckpointMismatchException>(() => Checkpoint.Load(path, target));
        Assert.Equal(new[]
        {
            "Hidden1.weight: file [4, 3], network [8, 3]",
            "Hidden1.bias: file [4], network [8]",
            "Output.weight: file [2, 4], network [2, 8]",
            "missing Output.bias [2]",
            "unexpected Extra.weight [3, 3]",
        }, ex.Mismatches);
        foreach (string m in ex.Mismatches) Assert.Contains(m, ex.Message);
        Assert.Contains(path, ex.Message);
        Assert.Equal(path, ex.Path);
        Assert.Equal(before, Bits(target.Values));
    }

    [Fact]
    public void A_Single_Mismatch_Anywhere_Means_Nothing_Is_Copied_Not_Even_Matching_Tensors()
    {
        ParameterBuffer saved = Network(3, 4, 2);
        Fill(saved.Values, 11);
        string path = PathOf("partial.safetensors");
        Checkpoint.Save(path, saved, extraTensors: new[] { new NamedTensor("extra", new[] { 2, 2 }, new float[4]) });

        ParameterBuffer target = Network(3, 4, 2);
        Fill(target.Values, 12);
        uint[] before = Bits(target.Values);
        var state = new MomentState(target.Count) { StepCount = 5 };
        Fill(state.ExpAvg, 13);
        uint[] stateBefore = Bits(state.ExpAvg);
        var extra = new NamedTensor("extra", new[] { 4 }, new[] { 1f, 2f, 3f, 4f });

        var ex = Assert.Throws<CheckpointMismatchException>(() => Checkpoint.Load(path, target, state, new[] { extra }));
        Assert.Contains("missing optimizer.exp_avg.Hidden1.weight [4, 3]", ex.Mismatches);
        Assert.Contains("missing optimizer.exp_avg_sq.Output.bias [2]", ex.Mismatches);
        Assert.Contains("missing metadata optimizer.step", ex.Mismatches);
        Assert.Contains("extra: file [2, 2], network [4]", ex.Mismatches);
        Assert.Equal(10, ex.Mismatches.Count); // 2 buffers × 4 tensors + the step + the extra shape
        Assert.Equal(before, Bits(target.Values));
        Assert.Equal(stateBefore, Bits(state.ExpAvg));
        Assert.Equal(5, state.StepCount);
        Assert.Equal(new[] { 1f, 2f, 3f, 4f }, extra.Data.ToArray());
    }

    [Fact]
    public void Weights_Only_Load_Ignores_Optimizer_State_In_The_File()
    {
        ParameterBuffer saved = Network(3, 4, 2);
        Fill(saved.Values, 21);
        var state = new MomentState(saved.Count) { StepCount = 3 };
        string path = PathOf("full.safetensors");
        Checkpoint.Save(path, saved, state);

        ParameterBuffer target = Network(3, 4, 2);
        IReadOnlyDictionary<string, string> meta = Checkpoint.Load(path, target);
        Assert.Equal(Bits(saved.Values), Bits(target.Values));
        Assert.Equal("3", meta["optimizer.step"]);
    }

    [Fact]
    public void Truncated_Or_Corrupt_Files_Throw_InvalidDataException_Naming_The_File_And_Leave_The_Network_Unchanged()
    {
        ParameterBuffer saved = Network(3, 4, 2);
        Fill(saved.Values, 31);
        string good = PathOf("good.safetensors");
        Checkpoint.Save(good, saved, new MomentState(saved.Count) { StepCount = 1 });
        byte[] bytes = File.ReadAllBytes(good);

        ParameterBuffer target = Network(3, 4, 2);
        Fill(target.Values, 32);
        var state = new MomentState(target.Count) { StepCount = 99 };
        Fill(state.ExpAvg, 33);
        uint[] before = Bits(target.Values), stateBefore = Bits(state.ExpAvg);

        string bad = PathOf("bad.safetensors");
        var corruptions = new List<byte[]>();
        foreach (int cut in new[] { 0, 4, 8, 60, bytes.Length / 2, bytes.Length - 4, bytes.Length - 1 }) corruptions.Add(bytes[..cut]);
        byte[] brokenJson = (byte[])bytes.Clone();
        brokenJson[8] = (byte)'[';                 // the header no longer parses
        corruptions.Add(brokenJson);
        byte[] brokenLength = (byte[])bytes.Clone();
        brokenLength[0] ^= 0x40;                   // header length now points into the data
        corruptions.Add(brokenLength);

        foreach (byte[] content in corruptions)
        {
            File.WriteAllBytes(bad, content);
            var ex = Assert.Throws<InvalidDataException>(() => Checkpoint.Load(bad, target, state));
            Assert.Contains(bad, ex.Message);
            Assert.Equal(before, Bits(target.Values));
            Assert.Equal(stateBefore, Bits(state.ExpAvg));
            Assert.Equal(99, state.StepCount);
        }
    }

    [Theory]
    [InlineData(0)]        // nothing written
    [InlineData(5)]        // inside the length field
    [InlineData(100)]      // inside the JSON header
    [InlineData(700)]      // inside the tensor data
    public void A_Crash_Mid_Save_Leaves_The_Previous_Checkpoint_Byte_Identical_And_No_Temporary_File(int failAfterBytes)
    {
        ParameterBuffer net = Network(3, 4, 2);
        Fill(net.Values, 41);
        var state = new MomentState(net.Count) { StepCount = 10 };
        string path = PathOf("ckpt.safetensors");
        Checkpoint.Save(path, net, state);
        byte[] previous = File.ReadAllBytes(path);
        Assert.True(previous.Length > 700);

        Fill(net.Values, 42);
        state.StepCount = 11;
        Checkpoint.StreamWrapperForTests.Value = s => new FailingStream(s, failAfterBytes);
        var ex = Assert.Throws<IOException>(() => Checkpoint.Save(path, net, state));
        Assert.Contains("Simulated crash", ex.Message);
        Checkpoint.StreamWrapperForTests.Value = null;

        Assert.Equal(previous, File.ReadAllBytes(path));
        Assert.Equal(new[] { "ckpt.safetensors" }, Array.ConvertAll(Directory.GetFiles(_dir), Path.GetFileName));

        // Without a previous file, a failed save leaves nothing behind either.
        string fresh = PathOf("fresh.safetensors");
        Checkpoint.StreamWrapperForTests.Value = s => new FailingStream(s, failAfterBytes);
        Assert.Throws<IOException>(() => Checkpoint.Save(fresh, net, state));
        Checkpoint.StreamWrapperForTests.Value = null;
        Assert.False(File.Exists(fresh));
        Assert.Single(Directory.GetFiles(_dir));

        // And the next successful save replaces the old checkpoint.
        Checkpoint.Save(path, net, state);
        Assert.NotEqual(previous, File.ReadAllBytes(path));
        Assert.Single(Directory.GetFiles(_dir));
    }

    [Fact]
    public void Bad_Arguments_Throw_ArgumentException_Naming_The_Problem_And_Write_Nothing()
    {
        ParameterBuffer net = Network(3, 4, 2);
        string path = PathOf("args.safetensors");

        var ex = Assert.Throws<ArgumentException>(() => Checkpoint.Save(path, net, metadata: new Dictionary<string, string> { ["optimizer.step"] = "1" }));
        Assert.Equal("metadata", ex.ParamName);
        Assert.Contains("optimizer.step", ex.Message);
        Assert.Throws<ArgumentException>(() => Checkpoint.Save(path, net, metadata: new Dictionary<string, string> { ["format"] = "np" }));

        ex = Assert.Throws<ArgumentException>(() => Checkpoint.Save(path, net, extraTensors: new[] { new NamedTensor("Output.bias", new[] { 2 }, new float[2]) }));
        Assert.Equal("extraTensors", ex.ParamName);
        Assert.Contains("Output.bias", ex.Message);

        ex = Assert.Throws<ArgumentException>(() => Checkpoint.Save(path, net, new MomentState(net.Count - 1)));
        Assert.Equal("optimizerState", ex.ParamName);
        Assert.Contains((net.Count - 1).ToString(System.Globalization.CultureInfo.InvariantCulture), ex.Message);
        Assert.Throws<ArgumentException>(() => Checkpoint.Load(path, net, new MomentState(net.Count + 1)));

        Assert.Empty(Directory.GetFiles(_dir));
        Assert.Throws<FileNotFoundException>(() => Checkpoint.Load(path, net));
    }
}
