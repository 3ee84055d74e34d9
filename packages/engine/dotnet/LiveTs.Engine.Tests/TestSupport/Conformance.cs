namespace LiveTs.Engine.Tests.TestSupport;

/// <summary>
/// Finds the html5lib test data vendored in the repository's <c>conformance/</c> folder (see its
/// README for the upstream commit and license): walk up from the test binaries to the folder that
/// holds it, so the tests run from any build output directory.
/// </summary>
internal static class Conformance
{
    private static readonly Lazy<string> Root = new(Find);

    public static string Html5libTests => Path.Combine(Root.Value, "html5lib-tests");

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "conformance", "html5lib-tests");
            if (Directory.Exists(candidate)) return Path.GetDirectoryName(candidate)!;
        }
        throw new DirectoryNotFoundException(
            "conformance/html5lib-tests not found above " + AppContext.BaseDirectory + ": it is part of the repository; is the checkout complete?");
    }
}
