using System;
using Microsoft.CodeAnalysis;

namespace NetGen.Generator.Model;

/// <summary>
/// A diagnostic as plain data (descriptor id, location, message arguments); turned into a
/// <see cref="Diagnostic"/> only at the output step.
/// </summary>
internal sealed record DiagnosticInfo(string DescriptorId, LocationInfo? Location, EquatableArray<string> Arguments)
{
    public static DiagnosticInfo Create(DiagnosticDescriptor descriptor, LocationInfo? location, params object[] arguments)
    {
        string[] text = new string[arguments.Length];
        for (int i = 0; i < arguments.Length; i++)
            text[i] = Convert.ToString(arguments[i], System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty;
        return new DiagnosticInfo(descriptor.Id, location, new EquatableArray<string>(text));
    }
}
