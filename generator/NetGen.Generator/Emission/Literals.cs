using System.Globalization;

namespace NetGen.Generator.Emission;

/// <summary>The one place numbers become C# literals: invariant culture, round-trippable.</summary>
internal static class Literals
{
    public static string Int(int value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>A float literal with the f suffix, round-trippable for the float value (float.NaN etc. when not finite).</summary>
    public static string Float(double value)
    {
        float single = (float)value;
        if (float.IsNaN(single)) return "float.NaN";
        if (float.IsPositiveInfinity(single)) return "float.PositiveInfinity";
        if (float.IsNegativeInfinity(single)) return "float.NegativeInfinity";
        string text = ((float)value).ToString("R", CultureInfo.InvariantCulture);
        return text + "f";
    }

    /// <summary>A double literal, round-trippable, with a decimal point or exponent so it is typed double.</summary>
    public static string Double(double value)
    {
        // "R" writes NaN, Infinity and -Infinity, which are not C# literals.
        if (double.IsNaN(value)) return "double.NaN";
        if (double.IsPositiveInfinity(value)) return "double.PositiveInfinity";
        if (double.IsNegativeInfinity(value)) return "double.NegativeInfinity";
        string text = value.ToString("R", CultureInfo.InvariantCulture);
        if (text.IndexOf('.') < 0 && text.IndexOf('E') < 0) text += ".0";
        return text;
    }

    public static string String(string value) => "\"" + value.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\"";
}
