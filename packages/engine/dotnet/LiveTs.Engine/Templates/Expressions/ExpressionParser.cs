using System.Globalization;

namespace LiveTs.Engine.Templates.Expressions;

/// <summary>A directive expression that does not parse; <see cref="Column"/> is 1-based within the expression.</summary>
internal sealed class ExpressionException(string message, int column) : Exception(message)
{
    public int Column { get; } = column;
}

/// <summary>
/// Recursive descent over the safe grammar (docs/design.md §2.5), lowest precedence first:
/// <code>
///   expr     := or ('?' expr ':' expr)?
///   or       := and ('||' and)*
///   and      := compare ('&amp;&amp;' compare)*
///   compare  := unary (('==='|'!=='|'=='|'!='|'&lt;='|'&gt;='|'&lt;'|'&gt;') unary)?
///   unary    := '!' unary | primary
///   primary  := path | string | number | true | false | null | '(' expr ')' | '{' (string ':' expr),* '}'
///   path     := name ('.' (name | digits))*
/// </code>
/// Names that reach into JavaScript's object machinery (__proto__, constructor, prototype) are refused.
/// </summary>
internal sealed class ExpressionParser
{
    private static readonly string[] ForbiddenNames = ["__proto__", "constructor", "prototype"];
    private readonly string source;
    private int position;

    private ExpressionParser(string source) { this.source = source; }

    public static Expression Parse(string source)
    {
        var parser = new ExpressionParser(source);
        parser.SkipSpace();
        if (parser.AtEnd) throw new ExpressionException("the expression is empty", 1);
        var expression = parser.ParseExpression();
        parser.SkipSpace();
        if (!parser.AtEnd) throw parser.Error($"unexpected '{source[parser.position]}'");
        return expression;
    }

    /// <summary>A path only, for ts-model: the place a value is written back to.</summary>
    public static PathExpression ParsePath(string source)
    {
        var expression = Parse(source);
        return expression as PathExpression
            ?? throw new ExpressionException("ts-model needs a path into the state, like form.email", 1);
    }

    private bool AtEnd => position >= source.Length;

    private ExpressionException Error(string message) => new(message, position + 1);

    private void SkipSpace()
    {
        while (!AtEnd && char.IsWhiteSpace(source[position])) position++;
    }

    private bool Take(string token)
    {
        SkipSpace();
        if (string.CompareOrdinal(source, position, token, 0, token.Length) != 0) return false;
        position += token.Length;
        return true;
    }

    private Expression ParseExpression()
    {
        var test = ParseOr();
        if (!Take("?")) return test;
        var whenTrue = ParseExpression();
        if (!Take(":")) throw Error("expected ':' in the conditional");
        var whenFalse = ParseExpression();
        return new ConditionalExpression(test, whenTrue, whenFalse);
    }

    private Expression ParseOr()
    {
        var left = ParseAnd();
        while (Take("||")) left = new BinaryExpression("||", left, ParseAnd());
        return left;
    }

    private Expression ParseAnd()
    {
        var left = ParseCompare();
        while (Take("&&")) left = new BinaryExpression("&&", left, ParseCompare());
        return left;
    }

    private static readonly (string Token, string Operator)[] Comparisons =
        [("===", "=="), ("!==", "!="), ("==", "=="), ("!=", "!="), ("<=", "<="), (">=", ">="), ("<", "<"), (">", ">")];

    private Expression ParseCompare()
    {
        var left = ParseUnary();
        foreach (var (token, op) in Comparisons)
            if (Take(token)) return new BinaryExpression(op, left, ParseUnary());
        return left;
    }

    private Expression ParseUnary()
    {
        if (Take("!")) return new NotExpression(ParseUnary());
        return ParsePrimary();
    }

    private Expression ParsePrimary()
    {
        SkipSpace();
        if (AtEnd) throw Error("the expression ends too early");
        char c = source[position];
        if (c == '(')
        {
            position++;
            var inner = ParseExpression();
            if (!Take(")")) throw Error("expected ')'");
            return inner;
        }
        if (c == '{') return ParseClassMap();
        if (c is '\'' or '"') return new LiteralExpression(ParseString());
        if (char.IsAsciiDigit(c) || (c == '-' && position + 1 < source.Length && char.IsAsciiDigit(source[position + 1])))
            return new LiteralExpression(ParseNumber());
        if (IsNameStart(c))
        {
            var name = ParseName();
            switch (name)
            {
                case "true": return new LiteralExpression(true);
                case "false": return new LiteralExpression(false);
                case "null": return new LiteralExpression(null);
            }
            var segments = new List<string> { CheckName(name) };
            while (!AtEnd && source[position] == '.')
            {
                position++;
                if (AtEnd) throw Error("a path ends with '.'");
                if (char.IsAsciiDigit(source[position]))
                {
                    int start = position;
                    while (!AtEnd && char.IsAsciiDigit(source[position])) position++;
                    segments.Add(source[start..position]);
                }
                else if (IsNameStart(source[position])) segments.Add(CheckName(ParseName()));
                else throw Error("expected a name after '.'");
            }
            return new PathExpression(segments);
        }
        throw Error($"unexpected '{c}'; expressions are paths, literals, !, &&, ||, comparisons, ?: and {{ 'class': expr }}");
    }

    private Expression ParseClassMap()
    {
        position++; // '{'
        var entries = new List<KeyValuePair<string, Expression>>();
        while (true)
        {
            SkipSpace();
            if (Take("}")) break;
            SkipSpace();
            if (AtEnd || source[position] is not ('\'' or '"'))
                throw Error("class names in { } are quoted strings, like { 'active': selected }");
            var name = ParseString();
            if (!Take(":")) throw Error($"expected ':' after '{name}'");
            entries.Add(new(name, ParseExpression()));
            if (Take(",")) continue;
            if (Take("}")) break;
            throw Error("expected ',' or '}'");
        }
        return new ClassMapExpression(entries);
    }

    private string ParseString()
    {
        char quote = source[position++];
        int start = position;
        while (!AtEnd && source[position] != quote)
        {
            if (source[position] == '\\') throw Error("escapes are not supported in expression strings");
            position++;
        }
        if (AtEnd) throw new ExpressionException("a string is not closed", start);
        return source[start..position++];
    }

    private double ParseNumber()
    {
        int start = position;
        if (source[position] == '-') position++;
        while (!AtEnd && (char.IsAsciiDigit(source[position]) || source[position] == '.')) position++;
        if (!double.TryParse(source.AsSpan(start, position - start), NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingSign,
                CultureInfo.InvariantCulture, out var value))
            throw new ExpressionException($"'{source[start..position]}' is not a number", start + 1);
        return value;
    }

    private string ParseName()
    {
        int start = position;
        while (!AtEnd && (IsNameStart(source[position]) || char.IsAsciiDigit(source[position]))) position++;
        return source[start..position];
    }

    private string CheckName(string name)
    {
        if (Array.IndexOf(ForbiddenNames, name) >= 0)
            throw new ExpressionException($"'{name}' cannot be used in an expression", position - name.Length + 1);
        return name;
    }

    private static bool IsNameStart(char c) => char.IsAsciiLetter(c) || c is '_' or '$';
}
