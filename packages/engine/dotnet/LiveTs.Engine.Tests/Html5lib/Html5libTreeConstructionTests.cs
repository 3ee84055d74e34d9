using LiveTs.Engine.Tests.TestSupport;
using Xunit.Abstractions;

namespace LiveTs.Engine.Tests.Html5lib;

/// <summary>
/// html5lib's tree-construction tests (tree-construction/*.dat, documents and fragments, scripting
/// on and off as each case says): the engine's parser must build the browser's tree. One test per
/// file reports its pass count (and requires every error-free case to pass); the summary holds the
/// thresholds: all error-free cases, and at least 95% of the in-body ones.
/// </summary>
public class Html5libTreeConstructionTests(ITestOutputHelper output)
{
    private static string Directory => Path.Combine(Conformance.Html5libTests, "tree-construction");

    public static TheoryData<string> Files()
    {
        var data = new TheoryData<string>();
        foreach (var file in System.IO.Directory.GetFiles(Directory, "*.dat").Order(StringComparer.Ordinal))
            data.Add(Path.GetFileName(file));
        return data;
    }

    private sealed record Result(TreeConstructionCase Case, bool Passed, string Actual);

    private static List<Result> RunFile(string file)
    {
        var results = new List<Result>();
        foreach (var test in TreeConstructionCase.Load(Path.Combine(Directory, file)))
        {
            string actual;
            try { actual = test.Run(); }
            catch (Exception e) { actual = "EXCEPTION " + e; }
            results.Add(new Result(test, actual == test.Expected, actual));
        }
        return results;
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void File(string file)
    {
        // Act
        var results = RunFile(file);

        // Assert
        var failed = results.Where(r => !r.Passed).ToList();
        output.WriteLine($"{file}: {results.Count - failed.Count}/{results.Count} passed");
        foreach (var r in failed.Take(10))
            output.WriteLine($"--- {r.Case.Name} errors={r.Case.ErrorCount} context={r.Case.FragmentContext}\n{r.Case.Data}\n--- expected\n{r.Case.Expected}\n--- actual\n{r.Actual}\n");
        Assert.DoesNotContain(results, r => r.Actual.StartsWith("EXCEPTION", StringComparison.Ordinal));
        Assert.Empty(failed.Where(r => r.Case.HasNoErrors).Select(r => r.Case.Name));
    }

    [Fact]
    public void Summary()
    {
        // Act
        var results = System.IO.Directory.GetFiles(Directory, "*.dat").Order(StringComparer.Ordinal).SelectMany(f => RunFile(Path.GetFileName(f))).ToList();

        // Assert
        int Passed(IEnumerable<Result> rs) => rs.Count(r => r.Passed);
        var noErrors = results.Where(r => r.Case.HasNoErrors).ToList();
        var inBody = results.Where(r => r.Case.IsInBody).ToList();
        output.WriteLine($"all cases:        {Passed(results)}/{results.Count} passed, 0 skipped");
        output.WriteLine($"no-error cases:   {Passed(noErrors)}/{noErrors.Count} passed");
        output.WriteLine($"in-body cases:    {Passed(inBody)}/{inBody.Count} passed");
        output.WriteLine($"documents:        {Passed(results.Where(r => r.Case.FragmentContext is null))}/{results.Count(r => r.Case.FragmentContext is null)}");
        output.WriteLine($"fragments:        {Passed(results.Where(r => r.Case.FragmentContext is not null))}/{results.Count(r => r.Case.FragmentContext is not null)}");
        foreach (var r in results.Where(r => !r.Passed)) output.WriteLine("failed: " + r.Case.Name);
        Assert.Equal(noErrors.Count, Passed(noErrors));
        Assert.True(Passed(inBody) >= inBody.Count * 0.95, $"in-body: {Passed(inBody)}/{inBody.Count} is under 95%");
    }
}
