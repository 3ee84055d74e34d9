using System.Globalization;
using System.Text;

namespace LiveTs.Engine.Templates.Expressions;

/// <summary>
/// A directive expression, parsed once when its template compiles (docs/design.md §2.5): paths into the
/// view's state, literals, <c>!</c>, <c>&amp;&amp;</c>, <c>||</c>, comparisons, the ternary, and
/// <c>{ 'cls': expr }</c> for ts-class. The TypeScript side evaluates the tree it is sent as JSON
/// (<see cref="ToJson"/>); nothing is ever evaluated as code.
/// </summary>
internal abstract record Expression
{
    /// <summary>
    /// Compact JSON, one array per node: ["p", seg…] path, ["v", value] literal, ["!", e],
    /// ["&amp;&amp;"|"||"|"=="|"!="|"&lt;"|"&lt;="|"&gt;"|"&gt;=", a, b], ["?", c, a, b], ["{}", [name, e]…].
    /// </summary>
    public string ToJson()
    {
        var sb = new StringBuilder();
        Write(sb);
        return sb.ToString();
    }

    internal abstract void Write(StringBuilder sb);

    internal static void WriteString(StringBuilder sb, string s)
    {
        sb.Append('"');
        foreach (char c in s)
        {
            switch (c)
            {
                case '"': sb.Append("\\\""); break;
                case '\\': sb.Append("\\\\"); break;
                default:
                    if (c < 0x20) sb.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    else sb.Append(c);
                    break;
            }
        }
        sb.Append('"');
    }
}

/// <summary>A path into the view's state: <c>user.name</c>, <c>items.0.done</c>.</summary>
internal sealed record PathExpression(IReadOnlyList<string> Segments) : Expression
{
    internal override void Write(StringBuilder sb)
    {
        sb.Append("[\"p\"");
        foreach (var s in Segments) { sb.Append(','); WriteString(sb, s); }
        sb.Append(']');
    }
    public override string ToString() => string.Join('.', Segments);
}

/// <summary>A string, number, boolean or null literal.</summary>
internal sealed record LiteralExpression(object? Value) : Expression
{
    internal override void Write(StringBuilder sb)
    {
        sb.Append("[\"v\",");
        switch (Value)
        {
            case null: sb.Append("null"); break;
            case bool b: sb.Append(b ? "true" : "false"); break;
            case double d: sb.Append(d.ToString("R", CultureInfo.InvariantCulture)); break;
            case string s: WriteString(sb, s); break;
        }
        sb.Append(']');
    }
}

internal sealed record NotExpression(Expression Operand) : Expression
{
    internal override void Write(StringBuilder sb) { sb.Append("[\"!\","); Operand.Write(sb); sb.Append(']'); }
}

/// <summary><c>&amp;&amp;</c>, <c>||</c> and the comparisons (== and != compare strictly, as === does).</summary>
internal sealed record BinaryExpression(string Operator, Expression Left, Expression Right) : Expression
{
    internal override void Write(StringBuilder sb)
    {
        sb.Append('['); WriteString(sb, Operator); sb.Append(',');
        Left.Write(sb); sb.Append(','); Right.Write(sb); sb.Append(']');
    }
}

internal sealed record ConditionalExpression(Expression Test, Expression WhenTrue, Expression WhenFalse) : Expression
{
    internal override void Write(StringBuilder sb)
    {
        sb.Append("[\"?\","); Test.Write(sb); sb.Append(','); WhenTrue.Write(sb); sb.Append(','); WhenFalse.Write(sb); sb.Append(']');
    }
}

/// <summary><c>{ 'active': selected, 'big': size &gt; 3 }</c>: the class names whose expression is truthy.</summary>
internal sealed record ClassMapExpression(IReadOnlyList<KeyValuePair<string, Expression>> Entries) : Expression
{
    internal override void Write(StringBuilder sb)
    {
        sb.Append("[\"{}\"");
        foreach (var (name, value) in Entries)
        {
            sb.Append(",["); WriteString(sb, name); sb.Append(','); value.Write(sb); sb.Append(']');
        }
        sb.Append(']');
    }
}
