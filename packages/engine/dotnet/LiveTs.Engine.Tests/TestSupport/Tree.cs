namespace LiveTs.Engine.Tests.TestSupport;

/// <summary>
/// Builds render-tree strings in the format RenderTreeReader reads (see its doc comment), the way
/// packages/livets/src/render-tree.ts writes them.
/// </summary>
internal static class Tree
{
    public const string True = "t";
    public const string False = "f";
    public const string Nothing = "n";

    /// <summary>An instance of template <paramref name="id"/> with one encoded value per slot.</summary>
    public static string T(int id, params string[] values) => "T" + U32(id) + U32(values.Length) + Body(values);

    /// <summary>Text (escaped when written).</summary>
    public static string S(string text) => Chars('s', text);

    /// <summary>Trusted markup (raw()).</summary>
    public static string Raw(string html) => Chars('r', html);

    public static string List(params string[] items) => "l" + U32(items.Length) + Body(items);

    /// <summary>
    /// A stamped list of <paramref name="count"/> items: items written out, and <see cref="Run"/>s of
    /// the items of the list stamped <paramref name="basedOn"/> (packages/livets/src/list-memo.ts).
    /// </summary>
    public static string Stamped(int stamp, int basedOn, int count, params string[] items) => "L" + U32(stamp) + U32(basedOn) + U32(count) + Body(items);

    /// <summary>In a stamped list: <paramref name="n"/> items of the list it is based on, from its item <paramref name="from"/>.</summary>
    public static string Run(int from, int n) => "R" + U32(from) + U32(n);

    /// <summary>A plain HTML string render (root only).</summary>
    public static string Plain(string html) => Chars('P', html);

    /// <summary>A component where the page shows it: its number and id (its render follows the root: <see cref="Render"/>).</summary>
    public static string C(int number, string id) => "C" + U32(number) + U32(id.Length) + id;

    /// <summary>Component <paramref name="number"/>'s render, after the root.</summary>
    public static string Render(int number, string value) => "K" + U32(number) + value;

    /// <summary>A stream part's operations since the last render.</summary>
    public static string Stream(params string[] ops) => "S" + U32(ops.Length) + Body(ops);
    public const string StreamReset = "x";
    public static string StreamDelete(string key) => "d" + S(key);
    public static string StreamInsert(string item, int at = -1, int limit = 0) => "i" + U32(at + 1) + U32(limit) + item;

    private static string Chars(char tag, string text) => tag + U32(text.Length) + text;

    /// <summary>Values after an instance's or a list's head: their length in chars, then the values.</summary>
    private static string Body(string[] values)
    {
        var body = string.Concat(values);
        return U32(body.Length) + body;
    }

    public static string U32(int n) => new([(char)((uint)n >> 16), (char)(n & 0xFFFF)]);
}
