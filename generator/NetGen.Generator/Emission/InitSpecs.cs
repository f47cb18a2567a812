using System.Collections.Generic;
using NetGen.Generator.Model;

namespace NetGen.Generator.Emission;

/// <summary>Writes an init scheme as the runtime's <c>new global::NetGen.InitSpec(...)</c>, with only the arguments it uses.</summary>
internal static class InitSpecs
{
    public static string New(InitModel init)
    {
        const string Rt = LayerCode.Rt;
        var args = new List<string> { Rt + "Init." + init.Kind };
        switch (init.Kind)
        {
            case InitKind.Constant:
                args.Add("Value: " + Literals.Double(init.Value));
                break;
            case InitKind.Uniform:
                args.Add("Low: " + Literals.Double(init.Low));
                args.Add("High: " + Literals.Double(init.High));
                break;
            case InitKind.Normal:
                args.Add("Mean: " + Literals.Double(init.Mean));
                args.Add("Std: " + Literals.Double(init.Std));
                break;
            case InitKind.XavierUniform:
            case InitKind.XavierNormal:
                args.Add("Gain: " + Literals.Double(init.Gain));
                break;
            case InitKind.KaimingUniform:
            case InitKind.KaimingNormal:
                args.Add("A: " + Literals.Double(init.A));
                args.Add("Mode: " + Rt + "FanMode." + init.Mode);
                args.Add("Nonlinearity: " + Rt + "Nonlinearity." + init.Nonlinearity);
                break;
        }
        return "new " + Rt + "InitSpec(" + string.Join(", ", args) + ")";
    }
}
