using System;
using System.Globalization;

namespace NetGen.Tests;

/// <summary>
/// Makes a hand-built culture current until disposed, then restores the previous one. InvariantGlobalization is on, so
/// cultures such as de-DE cannot be created by name: the invariant culture is cloned and its number format changed.
/// </summary>
internal sealed class CultureScope : IDisposable
{
    private readonly CultureInfo _saved = CultureInfo.CurrentCulture;

    private CultureScope(CultureInfo culture) => CultureInfo.CurrentCulture = culture;

    /// <summary>Numbers written as de-DE writes them: ',' decimal point, '.' thousands separator.</summary>
    public static CultureScope DecimalComma() => With(format =>
    {
        format.NumberDecimalSeparator = ",";
        format.NumberGroupSeparator = ".";
    });

    /// <summary>The invariant culture with the number format changes <paramref name="configure"/> makes.</summary>
    public static CultureScope With(Action<NumberFormatInfo> configure)
    {
        var culture = (CultureInfo)CultureInfo.InvariantCulture.Clone();
        configure(culture.NumberFormat);
        return new CultureScope(culture);
    }

    public void Dispose() => CultureInfo.CurrentCulture = _saved;
}
