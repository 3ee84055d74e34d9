using System.Text;
using LiveTs.Engine.Protocol;

namespace LiveTs.Engine.Templates;

/// <summary>One client command of a <c>ts-js</c> value: its name and arguments (strings, or whole numbers of milliseconds).</summary>
internal sealed record JsCommand(string Name, IReadOnlyList<object> Args);

/// <summary>
/// The ts-js grammar (docs/client.md): <c>show('#menu').addClass('open', '#btn')</c>, commands
/// chained with dots, each with quoted strings and whole numbers as arguments. The browser client
/// parses the same grammar (packages/client/src/js-commands.ts; protocol/test-vectors.json holds
/// examples both check) and never evaluates it. The engine parses a template's static ts-js values
/// to refuse mistakes at compile time and to learn the events their <c>push</c> commands send.
/// </summary>
internal static class JsCommands
{
    private enum Kind { Text, Number }

    /// <summary>A parameter: its kind, whether it may be left out, whether an empty string is allowed.</summary>
    private sealed record Param(string Name, Kind Kind, bool Optional = false, bool MayBeEmpty = false);

    private static readonly Param Target = new("target", Kind.Text, Optional: true);

    /// <summary>Each command's parameters, in order; an optional one whose kind does not fit the argument is skipped.</summary>
    private static readonly Dictionary<string, Param[]> Signatures = new()
    {
        ["show"] = [Target],
        ["hide"] = [Target],
        ["toggle"] = [Target],
        ["addClass"] = [new("classes", Kind.Text), Target],
        ["removeClass"] = [new("classes", Kind.Text), Target],
        ["toggleClass"] = [new("classes", Kind.Text), Target],
        ["setAttr"] = [new("name", Kind.Text), new("value", Kind.Text, MayBeEmpty: true), Target],
        ["removeAttr"] = [new("name", Kind.Text), Target],
        ["focus"] = [Target],
        ["dispatch"] = [new("event", Kind.Text), Target],
        ["transition"] = [new("classes", Kind.Text), new("ms", Kind.Number, Optional: true), Target],
        ["push"] = [new("event", Kind.Text)],
    };

    /// <summary>The commands every ts-js value may use, in the vocabulary's order.</summary>
    public static IEnumerable<string> Known => Vocabulary.JS_COMMANDS;

    /// <summary>Parses a ts-js value; throws <see cref="FormatException"/> saying what is wrong and where.</summary>
    public static IReadOnlyList<JsCommand> Parse(string text)
    {
        var reader = new Reader(text);
        var commands = new List<JsCommand>();
        reader.SkipSpace();
        if (reader.AtEnd) throw new FormatException("ts-js needs commands, like ts-js=\"show('#menu')\"");
        while (true)
        {
            commands.Add(Command(reader));
            reader.SkipSpace();
            if (reader.AtEnd) return commands;
            reader.Expect('.', "'.' between commands");
            reader.SkipSpace();
        }
    }

    /// <summary>The events the value's <c>push</c> commands send (declared by the template, as ts-on names are); none when it does not parse.</summary>
    public static IEnumerable<string> PushedEvents(string text)
    {
        IReadOnlyList<JsCommand> commands;
        try { commands = Parse(text); }
        catch (FormatException) { yield break; }
        foreach (var command in commands)
            if (command.Name == "push") yield return (string)command.Args[0];
    }

    private static JsCommand Command(Reader reader)
    {
        int at = reader.Position;
        var name = reader.Identifier();
        if (!Signatures.TryGetValue(name, out var parameters))
            throw new FormatException($"ts-js: unknown command '{name}' at {at}; known: {string.Join(", ", Known)}");
        reader.SkipSpace();
        reader.Expect('(', $"'(' after {name}");
        var args = new List<object>();
        reader.SkipSpace();
        if (!reader.Peek(')'))
        {
            while (true)
            {
                reader.SkipSpace();
                args.Add(reader.Argument());
                reader.SkipSpace();
                if (reader.Peek(')')) break;
                reader.Expect(',', "',' or ')'");
            }
        }
        reader.Expect(')', "')'");
        return new JsCommand(name, Bind(name, parameters, args));
    }

    /// <summary>Checks the arguments against the command's parameters (skipping optional ones that do not fit).</summary>
    private static List<object> Bind(string name, Param[] parameters, List<object> args)
    {
        int p = 0;
        foreach (var arg in args)
        {
            var kind = arg is string ? Kind.Text : Kind.Number;
            while (p < parameters.Length && parameters[p].Optional && parameters[p].Kind != kind) p++;
            if (p == parameters.Length) throw new FormatException($"ts-js: {name}() takes {Describe(parameters)}; got {args.Count} argument(s)");
            var param = parameters[p++];
            if (param.Kind != kind) throw new FormatException($"ts-js: {name}()'s {param.Name} is a {(param.Kind == Kind.Text ? "quoted string" : "number of milliseconds")}");
            if (arg is string s && s.Length == 0 && !param.MayBeEmpty) throw new FormatException($"ts-js: {name}()'s {param.Name} is empty");
        }
        for (; p < parameters.Length; p++)
            if (!parameters[p].Optional) throw new FormatException($"ts-js: {name}() needs its {parameters[p].Name}: {name}({Describe(parameters)})");
        return args;
    }

    private static string Describe(Param[] parameters) =>
        string.Join(", ", parameters.Select(p => p.Optional ? $"[{p.Name}]" : p.Name));

    private sealed class Reader(string text)
    {
        public int Position { get; private set; }
        public bool AtEnd => Position >= text.Length;

        public void SkipSpace() { while (!AtEnd && char.IsWhiteSpace(text[Position])) Position++; }

        public bool Peek(char c) => !AtEnd && text[Position] == c;

        public void Expect(char c, string what)
        {
            if (!Peek(c)) throw new FormatException($"ts-js: expected {what} at {Position}{(AtEnd ? " (the value ended)" : $", found '{text[Position]}'")}");
            Position++;
        }

        public string Identifier()
        {
            int start = Position;
            while (!AtEnd && char.IsAsciiLetter(text[Position])) Position++;
            if (start == Position) throw new FormatException($"ts-js: expected a command name at {start}{(AtEnd ? " (the value ended)" : $", found '{text[start]}'")}");
            return text[start..Position];
        }

        /// <summary>A quoted string ('…' or "…", with \ escaping the next character) or a whole number.</summary>
        public object Argument()
        {
            if (!AtEnd && char.IsAsciiDigit(text[Position]))
            {
                int start = Position;
                while (!AtEnd && char.IsAsciiDigit(text[Position])) Position++;
                if (Position - start > 9) throw new FormatException($"ts-js: the number at {start} is too large");
                return int.Parse(text.AsSpan(start, Position - start), System.Globalization.CultureInfo.InvariantCulture);
            }
            if (AtEnd || (text[Position] != '\'' && text[Position] != '"'))
                throw new FormatException($"ts-js: expected a quoted string or a number at {Position}{(AtEnd ? " (the value ended)" : "")}");
            char quote = text[Position++];
            var value = new StringBuilder();
            while (true)
            {
                if (AtEnd) throw new FormatException("ts-js: a string is not closed");
                char c = text[Position++];
                if (c == quote) return value.ToString();
                if (c == '\\')
                {
                    if (AtEnd) throw new FormatException("ts-js: a string is not closed");
                    c = text[Position++];
                }
                value.Append(c);
            }
        }
    }
}
