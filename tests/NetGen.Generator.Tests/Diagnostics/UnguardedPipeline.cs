using System;
using System.Linq;
using System.Reflection;
using System.Runtime.ExceptionServices;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using NetGen.Generator.Tests.Infrastructure;

namespace NetGen.Generator.Tests.Diagnostics;

/// <summary>
/// The generator turns any exception of its parse/validate step into "generate nothing", so a
/// crash in the parser would look exactly like correctly ignored broken code. This pipeline runs
/// the same analysis (parse, validate, plan) and emitter (internal, reached by reflection) without that guard,
/// on every type declaration carrying [Network], and lets the driver record any exception.
/// </summary>
internal sealed class UnguardedPipeline : IIncrementalGenerator
{
    private static readonly Assembly GeneratorAssembly = typeof(NetworkGenerator).Assembly;
    private static readonly MethodInfo Analyze = Method("NetGen.Generator.NetworkGenerator", "Analyze");
    private static readonly MethodInfo Emit = Method("NetGen.Generator.Emission.NetworkEmitter", "Emit");

    private static MethodInfo Method(string type, string name) =>
        GeneratorAssembly.GetType(type, throwOnError: true)!.GetMethod(name, BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static)
        ?? throw new MissingMethodException(type, name);

    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        IncrementalValuesProvider<int> done = context.SyntaxProvider.ForAttributeWithMetadataName(
            "NetGen.NetworkAttribute",
            static (node, _) => node is TypeDeclarationSyntax,
            static (ctx, ct) => { Run(ctx, ct); return 0; });
        context.RegisterSourceOutput(done, static (_, _) => { });
    }

    private static void Run(GeneratorAttributeSyntaxContext context, System.Threading.CancellationToken cancellationToken)
    {
        object result = Invoke(Analyze, context, cancellationToken);
        object? plan = result.GetType().GetProperty("Plan")!.GetValue(result);
        if (plan is not null) Invoke(Emit, plan);
    }

    private static object Invoke(MethodInfo method, params object[] arguments)
    {
        try
        {
            return method.Invoke(null, arguments)!;
        }
        catch (TargetInvocationException e) when (e.InnerException is not null)
        {
            ExceptionDispatchInfo.Capture(e.InnerException).Throw();
            throw;
        }
    }

    /// <summary>Runs the unguarded pipeline over <paramref name="sources"/> and returns the exception it threw, if any.</summary>
    public static Exception? RunAndGetException(params string[] sources)
    {
        GeneratorDriver driver = CSharpGeneratorDriver.Create(new[] { new UnguardedPipeline().AsSourceGenerator() }, parseOptions: GeneratorHarness.ParseOptions);
        driver = driver.RunGenerators(GeneratorHarness.Compile(sources));
        return driver.GetRunResult().Results.Select(r => r.Exception).FirstOrDefault(e => e is not null);
    }
}
