using System;
using System.Collections.Generic;
using System.IO;
using System.Text.Json;
using NetGen;

namespace NetGen.Tests.Optimizers;

/// <summary>Helpers shared by the optimizer, scheduler and regularisation tests.</summary>
internal static class TestSupport
{
    /// <summary>A buffer with one tensor per (name, length, role), values set from <paramref name="values"/>.</summary>
    public static ParameterBuffer Buffer(float[] values, params (string Name, int[] Shape, ParameterRole Role)[] tensors)
    {
        var layout = new List<ParameterInfo>();
        int offset = 0;
        foreach (var (name, shape, role) in tensors)
        {
            var info = new ParameterInfo(name, offset, shape, role);
            layout.Add(info);
            offset += info.Length;
        }
        var buffer = new ParameterBuffer(layout);
        values.AsSpan().CopyTo(buffer.Values);
        return buffer;
    }

    /// <summary>A single weight tensor holding <paramref name="values"/>.</summary>
    public static ParameterBuffer Weights(params float[] values) => Buffer(values, ("w", new[] { values.Length }, ParameterRole.Weight));

    public static JsonDocument LoadFixture(string family, string file)
    {
        string path = Path.Combine(AppContext.BaseDirectory, "Fixtures", family, file);
        return JsonDocument.Parse(File.ReadAllBytes(path));
    }

    public static float[] Floats(JsonElement array)
    {
        var result = new float[array.GetArrayLength()];
        int i = 0;
        foreach (JsonElement e in array.EnumerateArray()) result[i++] = (float)e.GetDouble();
        return result;
    }

    public static double[] Doubles(JsonElement array)
    {
        var result = new double[array.GetArrayLength()];
        int i = 0;
        foreach (JsonElement e in array.EnumerateArray()) result[i++] = e.GetDouble();
        return result;
    }

    /// <summary>|actual − expected| / |expected| (the absolute difference when expected is exactly 0).</summary>
    public static double RelativeError(double actual, double expected)
    {
        double diff = Math.Abs(actual - expected);
        return expected == 0 ? diff : diff / Math.Abs(expected);
    }

    /// <summary>max|actual − expected| / max|expected| over the vector.</summary>
    public static double NormwiseRelativeError(ReadOnlySpan<float> actual, ReadOnlySpan<float> expected)
    {
        double diff = 0, scale = 0;
        for (int i = 0; i < expected.Length; i++)
        {
            diff = Math.Max(diff, Math.Abs((double)actual[i] - expected[i]));
            scale = Math.Max(scale, Math.Abs((double)expected[i]));
        }
        return scale == 0 ? diff : diff / scale;
    }

    /// <summary>Bytes allocated on this thread by <paramref name="action"/> run <paramref name="times"/> times (see <see cref="AllocationMeter"/>).</summary>
    public static long AllocatedBytes(Action action, int times = 100) => AllocationMeter.BytesPerLoop(action, times);
}
