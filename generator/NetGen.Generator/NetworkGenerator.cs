using System;
using System.Linq;
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
                static (node, _) => node is ClassDeclarationSyntax or RecordDeclarationSyntax,
                static (ctx, ct) => ParseAndValidate(ctx, ct))
            .WithTrackingName(ParseStep);

        // Source: depends only on the plan, which holds no locations, so an edit that only moves text re-emits nothing.
        IncrementalValuesProvider<NetworkPlan> models = results
            .Where(static r => r.Plan is not null)
            .Select(static (r, _) => r.Plan!)
            .WithTrackingName(ModelStep);
        context.RegisterSourceOutput(models, static (spc, model) => Emit(spc, model));

        // Diagnostics: re-created against the compilation's syntax trees so that they are in-source
        // locations, which #pragma warning disable can suppress (dotnet/roslyn#68291). Cheap: it only
        // maps the few reported diagnostics.
        IncrementalValueProvider<EquatableArray<DiagnosticInfo>> diagnostics = results
            .SelectMany(static (r, _) => r.Diagnostics)
            .Collect()
            .Select(static (all, _) => new EquatableArray<DiagnosticInfo>(all.ToArray()));

        // NG0014: each layer attribute on a member of a type without [Network], one small pipeline per attribute.
        foreach (Layers.LayerKind kind in Layers.LayerKinds.All)
        {
            string shortName = kind.ShortName;
            IncrementalValueProvider<EquatableArray<DiagnosticInfo>> outside = context.SyntaxProvider
                .ForAttributeWithMetadataName(
                    kind.AttributeName,
                    static (node, _) => node is VariableDeclaratorSyntax or PropertyDeclarationSyntax,
                    (ctx, ct) => LayerOutsideNetwork.Check(ctx, shortName, ct))
                .Where(static d => d is not null)
                .Select(static (d, _) => d!)
                .Collect()
                .Select(static (all, _) => new EquatableArray<DiagnosticInfo>(all.ToArray()));
            diagnostics = diagnostics.Combine(outside)
                .Select(static (pair, _) => new EquatableArray<DiagnosticInfo>(pair.Left.Concat(pair.Right).ToArray()));
        }
        context.RegisterSourceOutput(diagnostics.Combine(context.CompilationProvider), static (spc, pair) => Report(spc, pair.Left, pair.Right));
    }

    /// <summary>Tracking name of the step that feeds emission.</summary>
    public const string ModelStep = "EmittableModels";

    /// <summary>
    /// Parse, check and plan one [Network] class, without the guard (the fuzz and robustness tests call it to see
    /// exceptions the generator would otherwise turn into "generate nothing").
    /// </summary>
    internal static NetworkParseResult Analyze(GeneratorAttributeSyntaxContext context, System.Threading.CancellationToken cancellationToken)
    {
        var diagnostics = new System.Collections.Generic.List<DiagnosticInfo>();
        NetworkDeclaration? declaration = NetworkParser.Parse(context, diagnostics, cancellationToken);
        NetworkPlan? plan = declaration is null ? null : NetworkValidator.Validate(declaration, diagnostics);
        bool hasErrors = diagnostics.Exists(d => DiagnosticDescriptors.Find(d.DescriptorId)?.DefaultSeverity == DiagnosticSeverity.Error);
        return new NetworkParseResult(hasErrors ? null : plan, new EquatableArray<DiagnosticInfo>(diagnostics.ToArray()));
    }

    private static NetworkParseResult ParseAndValidate(GeneratorAttributeSyntaxContext context, System.Threading.CancellationToken cancellationToken)
    {
        try
        {
            return Analyze(context, cancellationToken);
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

    private static void Report(SourceProductionContext context, EquatableArray<DiagnosticInfo> diagnostics, Compilation compilation)
    {
        foreach (DiagnosticInfo info in diagnostics)
        {
            DiagnosticDescriptor? descriptor = DiagnosticDescriptors.Find(info.DescriptorId);
            if (descriptor is null) continue;
            object[] args = new object[info.Arguments.Count];
            for (int i = 0; i < args.Length; i++) args[i] = info.Arguments[i];
            try
            {
                context.ReportDiagnostic(Diagnostic.Create(descriptor, ToLocation(info.Location, compilation), args));
            }
            catch (ArgumentException)
            {
                // A location outside the compilation: drop the diagnostic rather than crash the generator.
            }
        }
    }

    private static Location? ToLocation(LocationInfo? info, Compilation compilation)
    {
        if (info is null) return null;
        foreach (SyntaxTree tree in compilation.SyntaxTrees)
            if (tree.FilePath == info.FilePath && info.TextSpan.End <= tree.Length)
                return Location.Create(tree, info.TextSpan);
        return info.ToLocation();
    }

    private static void Emit(SourceProductionContext context, NetworkPlan plan)
    {
        // AddSource is inside the guard too: it throws on an invalid or duplicate hint name, and an exception
        // escaping here would drop every network of the project (CS8785).
        try
        {
            context.AddSource(plan.HintName, NetworkEmitter.Emit(plan));
        }
        catch (OperationCanceledException)
        {
            throw;
        }
        catch (Exception)
        {
        }
    }
}
