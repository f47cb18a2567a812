using System.Threading;
using Microsoft.CodeAnalysis;
using NetGen.Generator.Diagnostics;
using NetGen.Generator.Model;

namespace NetGen.Generator.Parsing;

/// <summary>
/// NG0014: a layer attribute on a member of a type without [Network]. The network pipeline only sees [Network]
/// classes, so a forgotten [Network] would otherwise leave every layer null without a word; each layer attribute has
/// its own small pipeline that reports it.
/// </summary>
internal static class LayerOutsideNetwork
{
    public static DiagnosticInfo? Check(GeneratorAttributeSyntaxContext context, string attributeShortName, CancellationToken cancellationToken)
    {
        try
        {
            if (context.TargetSymbol is not (IFieldSymbol or IPropertySymbol) || context.TargetSymbol.ContainingType is not { } type) return null;
            foreach (AttributeData attribute in type.GetAttributes())
                if (attribute.AttributeClass?.ToDisplayString() == NetworkParser.NetworkAttributeName) return null;
            return DiagnosticInfo.Create(DiagnosticDescriptors.LayerOutsideNetwork,
                LocationInfo.From(context.TargetSymbol.Locations.Length > 0 ? context.TargetSymbol.Locations[0] : null),
                context.TargetSymbol.Name, attributeShortName, type.Name);
        }
        catch (System.OperationCanceledException)
        {
            throw;
        }
        catch (System.Exception)
        {
            return null; // never crash the build
        }
    }
}
