using System;
using System.IO;
using System.Runtime.CompilerServices;
using Xunit;

namespace NetGen.Tests.PublicApi;

/// <summary>
/// The public surface of the runtime (every exported type and every public or protected member, with parameter
/// names, default values, nullability and the attributes that change how it is used) is compared with the checked-in
/// listing NetGen.PublicApi.verified.txt, as Mapperly's PublicApiTest does. A renamed parameter, a changed default or
/// a widened type therefore shows up in review as a diff of that file. After a deliberate change, run the tests once
/// with NETGEN_ACCEPT_PUBLIC_API=1 and review the file's diff; CI never sets it.
/// </summary>
public class PublicApiTests
{
    private const string FileName = "NetGen.PublicApi";

    [Fact]
    public void PublicApiMatchesTheVerifiedListing()
    {
        string actual = PublicApiListing.Describe(typeof(INetwork).Assembly);
        Verify(actual, FileName);
    }

    /// <summary>The ONNX package's surface, in its own listing (NetGen.Onnx.PublicApi.verified.txt).</summary>
    [Fact]
    public void OnnxPublicApiMatchesTheVerifiedListing()
    {
        string actual = PublicApiListing.Describe(typeof(NetGen.Onnx.OnnxExporter).Assembly);
        Verify(actual, "NetGen.Onnx.PublicApi");
    }

    [Fact]
    public void ListingIsDeterministic()
    {
        string first = PublicApiListing.Describe(typeof(INetwork).Assembly);
        string second = PublicApiListing.Describe(typeof(INetwork).Assembly);
        Assert.Equal(first, second);
    }

    private static void Verify(string actual, string fileName, [CallerFilePath] string callerFile = "")
    {
        string directory = Path.GetDirectoryName(callerFile)!;
        string verifiedPath = Path.Combine(directory, fileName + ".verified.txt");
        string receivedPath = Path.Combine(directory, fileName + ".received.txt");
        if (Environment.GetEnvironmentVariable("NETGEN_ACCEPT_PUBLIC_API") == "1" && Directory.Exists(directory))
        {
            File.WriteAllText(verifiedPath, actual);
            if (File.Exists(receivedPath)) File.Delete(receivedPath);
        }

        string expectedPath = File.Exists(verifiedPath) ? verifiedPath : Path.Combine(AppContext.BaseDirectory, "PublicApi", fileName + ".verified.txt");
        Assert.True(File.Exists(expectedPath), $"No {fileName}.verified.txt; run the tests once with NETGEN_ACCEPT_PUBLIC_API=1 and review the file.");
        string expected = File.ReadAllText(expectedPath).Replace("\r\n", "\n");
        if (expected == actual)
        {
            if (File.Exists(receivedPath)) File.Delete(receivedPath);
            return;
        }

        string where = receivedPath;
        try
        {
            File.WriteAllText(receivedPath, actual);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            where = "(could not be written: " + e.Message + ")";
        }

        Assert.Fail($"The public API of NetGen differs from {fileName}.verified.txt (- verified, + current):\n"
            + LineDiff.Format(expected, actual)
            + $"\nThe current listing is in {where}; if the change is intended, re-run with NETGEN_ACCEPT_PUBLIC_API=1 and review the diff of the verified file.");
    }
}
