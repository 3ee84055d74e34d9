using System.Text.Json;

namespace LiveTs.Engine.Tests.TestSupport;

/// <summary>protocol/test-vectors.json, found by walking up from the test binaries to the repository.</summary>
internal static class ProtocolVectors
{
    private static readonly Lazy<JsonElement> Root = new(Load);

    public static JsonElement Json => Root.Value;

    public static JsonElement Constants => Json.GetProperty("constants");

    public static JsonElement Named(string section, string name) =>
        Json.GetProperty(section).EnumerateArray().Single(v => v.GetProperty("name").GetString() == name);

    public static TheoryData<string> Names(string section)
    {
        var names = new TheoryData<string>();
        foreach (var vector in Json.GetProperty(section).EnumerateArray()) names.Add(vector.GetProperty("name").GetString()!);
        return names;
    }

    /// <summary>The frames of the host's own server frames (<c>hostFrames.frames</c>), by name.</summary>
    public static JsonElement HostFrame(string name) =>
        Json.GetProperty("hostFrames").GetProperty("frames").EnumerateArray().Single(v => v.GetProperty("name").GetString() == name);

    public static TheoryData<string> HostFrameNames()
    {
        var names = new TheoryData<string>();
        foreach (var vector in Json.GetProperty("hostFrames").GetProperty("frames").EnumerateArray()) names.Add(vector.GetProperty("name").GetString()!);
        return names;
    }

    public static byte[] Hex(JsonElement vector) => ClientFrames.Hex(vector.GetProperty("hex").GetString()!);

    public static string FilePath
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "protocol", "test-vectors.json");
                if (File.Exists(candidate)) return candidate;
            }
            throw new FileNotFoundException($"no protocol/test-vectors.json above {AppContext.BaseDirectory}");
        }
    }

    private static JsonElement Load()
    {
        using var document = JsonDocument.Parse(File.ReadAllText(FilePath));
        return document.RootElement.Clone();
    }
}
