using System;
using System.IO;
using System.Linq;
using System.Xml.Linq;
using Xunit;

namespace NetGen.Tests.PublicApi;

/// <summary>
/// Every public type of the runtime states its thread-safety contract in its XML docs ("Thread safety: ..."), so a user
/// serving a model from many threads can tell what may be shared. Enums (plain values) are exempt.
/// </summary>
public class ThreadSafetyDocumentationTests
{
    [Theory]
    [InlineData(typeof(INetwork))]
    [InlineData(typeof(NetGen.Onnx.OnnxExporter))]
    public void EveryPublicTypeStatesItsThreadSafety(Type inAssembly)
    {
        var assembly = inAssembly.Assembly;
        string xmlPath = Path.ChangeExtension(assembly.Location, ".xml");
        Assert.True(File.Exists(xmlPath), $"{xmlPath} is missing: the runtime must build its documentation file.");
        var docs = XDocument.Load(xmlPath).Descendants("member")
            .ToDictionary(m => (string)m.Attribute("name")!, m => m.Value, StringComparer.Ordinal);
        var missing = assembly.GetExportedTypes()
            .Where(t => !t.IsEnum && !typeof(Delegate).IsAssignableFrom(t))
            .Where(t => !docs.TryGetValue("T:" + t.FullName!.Replace('+', '.'), out string? text) || !text.Contains("Thread safety:", StringComparison.Ordinal))
            .Select(t => t.FullName)
            .OrderBy(n => n, StringComparer.Ordinal)
            .ToList();
        Assert.True(missing.Count == 0, "Public types without a 'Thread safety:' statement: " + string.Join(", ", missing));
    }
}
