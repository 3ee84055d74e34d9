using System.Collections.Concurrent;

namespace LiveTs.Engine.Templates;

/// <summary>
/// Compiled templates by id. The TypeScript side compiles each statics array once (it keeps the
/// id per array identity); equal statics share one template here as well.
/// </summary>
internal sealed class TemplateRegistry
{
    private readonly ConcurrentDictionary<string, Template> byStatics = new(StringComparer.Ordinal);
    private readonly List<Template> byId = [];
    private readonly Lock gate = new();

    public int Count => byId.Count;

    public Template Compile(IReadOnlyList<string> statics)
    {
        // Length-prefixed, so no content of a static can fake a boundary between two.
        var key = string.Concat(statics.Select(s => $"{s.Length}:{s}"));
        if (byStatics.TryGetValue(key, out var known)) return known;
        lock (gate)
        {
            if (byStatics.TryGetValue(key, out known)) return known;
            var template = TemplateCompiler.Compile(byId.Count, statics);
            byId.Add(template);
            byStatics[key] = template;
            return template;
        }
    }

    public Template Get(int id)
    {
        var list = byId;
        if ((uint)id >= (uint)list.Count)
            throw new LiveTsException(EngineErrorCodes.UnknownTemplate, $"no template has id {id}; compile it first");
        return list[id];
    }
}
