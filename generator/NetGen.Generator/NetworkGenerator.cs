using System;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using NetGen.Generator.Diagnostics;
using NetGen.Generator.Emission;
using NetGen.Generator.Model;
using NetGen.Generator.Parsing;
using NetGen.Generator.Validation;

namespace NetGen.Generator;

/// <summary>
/// Expands every <c>[Network]</c> partial class into straight-line forward and backward passes.
/// Wiring only: parsing, validation and emission live in their own folders.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class NetworkGenerator : IIncrementalGenerator
{
    /// <summary>Tracking name of the parse step (used by the incremental-caching tests).</summary>
    public const string ParseStep = "NetworkModels";

    /// <inheritdoc/>
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        IncrementalValuesProvider<NetworkParseResult> results = context.SyntaxProvider
            .ForAttributeWithMetadataName(
                NetworkParser.NetworkAttributeName,
                static (node, _) => node is ClassDeclarationSyntax,
                static (ctx, ct) => ParseAndValidate(ctx, ct))
            .WithTrackingName(ParseStep);

        context.RegisterSourceOutput(results, static (spc, result) => Emit(spc, result));
    }

    private static NetworkParseResult ParseAndValidate(GeneratorAttributeSyntaxContext context, System.Threading.CancellationToken cancellationToken)
    {
        try
        {
            NetworkParseResult parsed = NetworkParser.Parse(context, cancellationToken);
            if (parsed.Model is null) return parsed;
            var diagnostics = new System.Collections.Generic.List<DiagnosticInfo>(parsed.Diagnostics);
            diagnostics.AddRange(NetworkValidator.Validate(parsed.Model));
            bool hasErrors = diagnostics.Exists(d => DiagnosticDescriptors.Find(d.DescriptorId)?.DefaultSeverity == DiagnosticSeverity.Error);
            return new NetworkParseResult(hasErrors ? null : parsed.Model, new EquatableArray<DiagnosticInfo>(diagnostics.ToArray()));
        }
        catch (OperationCanceledException)
        {
            throw;
        }
        catch (Exception)
        {
            // The generator must never crash the build: unknown input yields nothing.
            return new NetworkParseResult(null, EquatableArray<DiagnosticInfo>.Empty);
        }
    }

    private static void Emit(SourceProductionContext context, NetworkParseResult result)
    {
        foreach (DiagnosticInfo info in result.Diagnostics)
        {
            DiagnosticDescriptor? descriptor = DiagnosticDescriptors.Find(info.DescriptorId);
            if (descriptor is null) continue;
            object[] args = new object[info.Arguments.Count];
            for (int i = 0; i < args.Length; i++) args[i] = info.Arguments[i];
            context.ReportDiagnostic(Diagnostic.Create(descriptor, info.Location?.ToLocation(), args));
        }
        if (result.Model is null) return;
        string source;
        try
        {
            source = NetworkEmitter.Emit(result.Model);
        }
        catch (Exception)
        {
            return;
        }
        context.AddSource(result.Model.HintName, source);
    }
}
