using System;
using System.Linq;
using Xunit;

namespace NetGen.Generator.Tests.Model;

/// <summary>
/// The generator cannot reference the runtime, so it mirrors the runtime's enums by value;
/// names and values must stay identical or the generator would emit the wrong member.
/// </summary>
public class EnumMirrorTests
{
    [Theory]
    [InlineData(typeof(NetGen.Activation), "NetGen.Generator.Model.ActivationKind")]
    [InlineData(typeof(NetGen.Init), "NetGen.Generator.Model.InitKind")]
    [InlineData(typeof(NetGen.FanMode), "NetGen.Generator.Model.FanModeKind")]
    [InlineData(typeof(NetGen.Nonlinearity), "NetGen.Generator.Model.NonlinearityKind")]
    public void MirrorMatchesRuntimeEnum(Type runtime, string mirrorName)
    {
        Type mirror = typeof(NetGen.Generator.NetworkGenerator).Assembly.GetType(mirrorName, throwOnError: true)!;
        var expected = Enum.GetValues(runtime).Cast<object>().Select(v => (v.ToString(), Convert.ToInt32(v))).ToArray();
        var actual = Enum.GetValues(mirror).Cast<object>().Select(v => (v.ToString(), Convert.ToInt32(v))).ToArray();
        Assert.Equal(expected, actual);
    }
}
