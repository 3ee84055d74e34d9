namespace LiveTs.Engine.Tests.TestSupport;

/// <summary>
/// Finds the shared html5lib test data. The repository checkout and <c>shared/</c> are siblings
/// (here and in CI), so walk up from the test binaries until a directory has <c>shared/conformance</c>
/// or <c>../shared/conformance</c>.
/// </summary>
internal static class Conformance
{
    private static readonly Lazy<string> Root = new(Find);

    public static string Html5libTests => Path.Combine(Root.Value, "html5lib-tests");

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            foreach (var candidate in new[] { Path.Combine(dir.FullName, "shared", "conformance"), Path.Combine(dir.FullName, "..", "shared", "conformance") })
                if (Directory.Exists(candidate)) return Path.GetFullPath(candidate);
        }
        throw new DirectoryNotFoundException(
            "shared/conformance not found above " + AppContext.BaseDirectory + ": the repository checkout must be a sibling of shared/");
    }
}
