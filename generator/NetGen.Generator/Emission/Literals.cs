using System.Globalization;

namespace NetGen.Generator.Emission;

/// <summary>The one place numbers become C# literals: invariant culture, round-trippable.</summary>
internal static class Literals
{
    public static string Int(int value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>A float literal with the f suffix, round-trippable for the float value.</summary>
    public static string Float(double value)
    {
        string text = ((float)value).ToString("R", CultureInfo.InvariantCulture);
        return text + "f";
    }

    /// <summary>A double literal, round-trippable, with a decimal point or exponent so it is typed double.</summary>
    public static string Double(double value)
    {
        string text = value.ToString("R", CultureInfo.InvariantCulture);
        if (text.IndexOf('.') < 0 && text.IndexOf('E') < 0) text += ".0";
        return text;
    }

    public static string String(string value) => "\"" + value.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\"";
}
