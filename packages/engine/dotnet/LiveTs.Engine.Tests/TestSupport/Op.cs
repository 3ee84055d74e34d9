using System.Reflection;
using LiveTs.Engine.Protocol;

namespace LiveTs.Engine.Tests.TestSupport;

/// <summary>
/// One decoded patch operation. Fields an op does not carry stay null, so records compare by value
/// and <c>Assert.Equal(Op.SetText(0, "1"), op)</c> reads like the protocol.
/// A node path is written "0/2" ("" for the root).
/// </summary>
internal sealed record Op(byte Code, int? Part = null, int? Item = null, string? Path = null, int? Index = null,
    string? Name = null, string? Value = null)
{
    public static Op SetText(int part, string text) => new(PatchOp.PATCH_SET_TEXT, Part: part, Value: text);
    public static Op SetHtml(int part, string html) => new(PatchOp.PATCH_SET_HTML, Part: part, Value: html);
    public static Op SetAttr(int part, string value) => new(PatchOp.PATCH_SET_ATTR, Part: part, Value: value);
    public static Op RemoveAttr(int part) => new(PatchOp.PATCH_REMOVE_ATTR, Part: part);
    public static Op Enter(int part) => new(PatchOp.PATCH_ENTER, Part: part);
    public static Op EnterItem(int part, int item) => new(PatchOp.PATCH_ENTER_ITEM, Part: part, Item: item);
    public static Op ListInsert(int part, int index, string html) => new(PatchOp.PATCH_LIST_INSERT, Part: part, Index: index, Value: html);
    public static Op ListRemove(int part, int index) => new(PatchOp.PATCH_LIST_REMOVE, Part: part, Index: index);
    /// <summary>The item at <paramref name="from"/> (Item) ends up at <paramref name="to"/> (Index).</summary>
    public static Op ListMove(int part, int from, int to) => new(PatchOp.PATCH_LIST_MOVE, Part: part, Item: from, Index: to);
    public static Op Leave() => new(PatchOp.PATCH_LEAVE);
    public static Op RootHtml(string html) => new(PatchOp.PATCH_ROOT_HTML, Value: html);

    public static Op NodeReplace(int[] path, string html) => new(PatchOp.PATCH_NODE_REPLACE, Path: P(path), Value: html);
    public static Op NodeText(int[] path, string text) => new(PatchOp.PATCH_NODE_TEXT, Path: P(path), Value: text);
    public static Op NodeSetAttr(int[] path, string name, string value) =>
        new(PatchOp.PATCH_NODE_SET_ATTR, Path: P(path), Name: name, Value: value);
    public static Op NodeRemoveAttr(int[] path, string name) => new(PatchOp.PATCH_NODE_REMOVE_ATTR, Path: P(path), Name: name);
    public static Op NodeInsert(int[] path, int index, string html) =>
        new(PatchOp.PATCH_NODE_INSERT, Path: P(path), Index: index, Value: html);
    public static Op NodeRemove(int[] path) => new(PatchOp.PATCH_NODE_REMOVE, Path: P(path));
    /// <summary>Child <paramref name="from"/> (Item) of the node at <paramref name="parent"/> ends up at <paramref name="to"/> (Index).</summary>
    public static Op NodeMove(int[] parent, int from, int to) => new(PatchOp.PATCH_NODE_MOVE, Path: P(parent), Item: from, Index: to);

    public static Op EnterComponent(int component) => new(PatchOp.PATCH_ENTER_COMPONENT, Item: component);
    public static Op ReplaceComponent(int component, string html) => new(PatchOp.PATCH_REPLACE_COMPONENT, Item: component, Value: html);
    /// <summary>An item with key <paramref name="key"/> (Name) at <paramref name="at"/> (Index; -1 the end), the limit in Item.</summary>
    public static Op StreamInsert(int part, string key, int at, int limit, string html) =>
        new(PatchOp.PATCH_STREAM_INSERT, Part: part, Name: key, Index: at, Item: limit, Value: html);
    public static Op StreamDelete(int part, string key) => new(PatchOp.PATCH_STREAM_DELETE, Part: part, Name: key);
    public static Op StreamReset(int part) => new(PatchOp.PATCH_STREAM_RESET, Part: part);

    public static string P(IEnumerable<int> path) => string.Join('/', path);

    private static readonly Dictionary<byte, string> Names = typeof(PatchOp)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Where(f => f.IsLiteral)
        .ToDictionary(f => (byte)f.GetRawConstantValue()!, f => f.Name["PATCH_".Length..]);

    public override string ToString()
    {
        var parts = new List<string> { Names.TryGetValue(Code, out var name) ? name : $"0x{Code:x2}" };
        if (Path is not null) parts.Add($"[{Path}]");
        if (Part is not null) parts.Add($"part {Part}");
        if (Item is not null) parts.Add($"item {Item}");
        if (Index is not null) parts.Add($"at {Index}");
        if (Name is not null) parts.Add(Name);
        if (Value is not null) parts.Add($"\"{Value}\"");
        return string.Join(' ', parts);
    }
}
