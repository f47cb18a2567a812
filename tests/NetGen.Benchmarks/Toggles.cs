using System;
using System.Collections.Generic;
using System.Globalization;
using NetGen.Kernels;

namespace NetGen.Benchmarks;

/// <summary>
/// NETGEN_TOGGLE=name: a tuning experiment inside one process. Runs the workload in alternating rounds with one internal
/// switch off and on and prints both medians to stderr (two builds in two processes differ by more than the change on
/// this VM). A diagnostic: nothing goes to stdout.
/// </summary>
internal static class Toggles
{
    private const int Rounds = 8;

    public static void Compare(string name, string workload, Func<Program.Measurement> run)
    {
        Action<bool> set = name switch
        {
            "narrow" => on => GemmNarrow.Enabled = on,
            "eight" => on => GemmSmall.EightRowTiles512 = on,
            "static" => on => WorkerPool.StaticRanges = on,
            "balanced" => on => GemmDirect.BalancedRows = on,
            "relubwd" => on => Gemm.FuseReluBackward = on,
            _ when name.StartsWith("packcolumns:", StringComparison.Ordinal)
                => on => GemmDirect.PackColumns = on ? int.Parse(name[12..], CultureInfo.InvariantCulture) : 0,
            _ when name.StartsWith("minwork:", StringComparison.Ordinal)
                => on => WorkerPool.MinParallelWork = on ? long.Parse(name[8..], CultureInfo.InvariantCulture) : 1L << 21,
            _ when name.StartsWith("rowsplit:", StringComparison.Ordinal)
                => on => GemmDirect.ForwardRowSplitMinRows = on ? int.Parse(name[9..], CultureInfo.InvariantCulture) : 0,
            _ => throw new ArgumentException($"NETGEN_TOGGLE '{name}' is not one of: narrow, eight, static, balanced, relubwd, rowsplit:<rows>, packcolumns:<columns>, minwork:<multiply-adds>", nameof(name)),
        };
        var off = new List<double>();
        var on = new List<double>();
        for (int r = 0; r < Rounds; r++)
        {
            set(false); off.Add(run().Value);
            set(true); on.Add(run().Value);
        }
        off.Sort(); on.Sort();
        Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{workload} {name}: off median {off[Rounds / 2]:F0} [{off[0]:F0}..{off[^1]:F0}], on median {on[Rounds / 2]:F0} [{on[0]:F0}..{on[^1]:F0}], on/off {on[Rounds / 2] / off[Rounds / 2]:F3}"));
    }
}
