using System.Globalization;
using System.Text;
using System.Text.Json;
using LiveTs.Engine.Html;
using LiveTs.Engine.Tests.TestSupport;
using Xunit.Abstractions;

namespace LiveTs.Engine.Tests.Html5lib;

/// <summary>
/// The html5lib tokenizer tests (tokenizer/*.test): every case, in each of its initial states, must
/// produce the expected tokens. Parse errors are counted but not compared (the tree builder's tests
/// cover recovery; error positions are not part of the tree).
/// </summary>
public class Html5libTokenizerTests(ITestOutputHelper output)
{
    public static TheoryData<string> Files()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.GetFiles(Path.Combine(Conformance.Html5libTests, "tokenizer"), "*.test").Order(StringComparer.Ordinal))
            data.Add(Path.GetFileName(file));
        return data;
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void File(string name)
    {
        // Arrange
        using var json = JsonDocument.Parse(System.IO.File.ReadAllText(Path.Combine(Conformance.Html5libTests, "tokenizer", name)));
        if (!json.RootElement.TryGetProperty("tests", out var tests))
        {
            // xmlViolation.test only has "xmlViolationTests", for a tokenizer that coerces to XML: not ours.
            output.WriteLine($"{name}: no \"tests\" (XML-coercion cases only), nothing to run");
            return;
        }
        int total = 0, passed = 0, sameErrorCount = 0;
        var failures = new List<string>();

        // Act
        foreach (var test in tests.EnumerateArray())
        {
            bool doubleEscaped = test.TryGetProperty("doubleEscaped", out var de) && de.GetBoolean();
            string input = Unescape(test.GetProperty("input").GetString()!, doubleEscaped);
            string expected = Expected(test.GetProperty("output"), doubleEscaped);
            string? lastStartTag = test.TryGetProperty("lastStartTag", out var lst) ? lst.GetString() : null;
            var states = test.TryGetProperty("initialStates", out var s)
                ? s.EnumerateArray().Select(x => x.GetString()!).ToList()
                : ["Data state"];
            foreach (var state in states)
            {
                total++;
                string actual = Tokenize(input, StateOf(state), lastStartTag, out int errorCount);
                if (errorCount == (test.TryGetProperty("errors", out var errs) ? errs.GetArrayLength() : 0)) sameErrorCount++;
                if (actual == expected) passed++;
                else failures.Add($"{test.GetProperty("description").GetString()} [{state}]\n  input:    {input}\n  expected: {expected}\n  actual:   {actual}");
            }
        }

        // Assert
        output.WriteLine($"{name}: {passed}/{total} passed ({sameErrorCount} with the expected number of parse errors; not required)");
        foreach (var f in failures.Take(20)) output.WriteLine(f);
        Assert.True(failures.Count == 0, $"{name}: {failures.Count} of {total} failed, first:\n{failures.FirstOrDefault()}");
    }

    private static TokenizerState StateOf(string name) => name switch
    {
        "Data state" => TokenizerState.Data,
        "PLAINTEXT state" => TokenizerState.Plaintext,
        "RCDATA state" => TokenizerState.Rcdata,
        "RAWTEXT state" => TokenizerState.Rawtext,
        "Script data state" => TokenizerState.ScriptData,
        "CDATA section state" => TokenizerState.CdataSection,
        _ => throw new ArgumentException(name),
    };

    private sealed class Collector : ITokenSink
    {
        public readonly List<string> Tokens = [];
        private readonly StringBuilder chars = new();
        public bool InForeignContent => false;

        public void Process(Token token)
        {
            if (token.Kind == TokenKind.Characters) { chars.Append(token.Text.Span); return; }
            Flush();
            switch (token.Kind)
            {
                case TokenKind.StartTag:
                    Tokens.Add(StartTag(token.Name, Enumerable.Range(0, token.AttributeCount).Select(i => (token.Names[token.Attributes[i].Name], new string(token.Value(i).Span))), token.SelfClosing));
                    break;
                case TokenKind.EndTag: Tokens.Add("EndTag:" + token.Name); break;
                case TokenKind.Comment: Tokens.Add("Comment:" + new string(token.Text.Span)); break;
                case TokenKind.Doctype:
                    Tokens.Add(Doctype(token.DoctypeName, token.PublicId, token.SystemId, !token.ForceQuirks));
                    break;
            }
        }

        public void Flush()
        {
            if (chars.Length == 0) return;
            Tokens.Add("Character:" + chars);
            chars.Clear();
        }
    }

    private static string StartTag(string name, IEnumerable<(string, string)> attributes, bool selfClosing) =>
        "StartTag:" + name + "{" + string.Join(",", attributes.OrderBy(a => a.Item1, StringComparer.Ordinal).Select(a => a.Item1 + "=" + a.Item2)) + "}" + (selfClosing ? "/" : "");

    private static string Doctype(string? name, string? publicId, string? systemId, bool correct) =>
        $"DOCTYPE:{name ?? "(null)"}|{publicId ?? "(null)"}|{systemId ?? "(null)"}|{correct}";

    private static string Tokenize(string input, TokenizerState state, string? lastStartTag, out int errorCount)
    {
        var collector = new Collector();
        var errors = new ParseErrors();
        var source = Tokenizer.Preprocess(input);
        var tokenizer = new Tokenizer(source, source.Length, collector, errors, new NameTable()) { State = state, LastStartTag = lastStartTag };
        tokenizer.Run();
        collector.Flush();
        errorCount = errors.Count;
        return string.Join(" | ", collector.Tokens);
    }

    private static string Expected(JsonElement output, bool doubleEscaped)
    {
        var tokens = new List<string>();
        var chars = new StringBuilder();
        foreach (var t in output.EnumerateArray())
        {
            var kind = t[0].GetString();
            string? Str(int i) => t[i].ValueKind == JsonValueKind.Null ? null : Unescape(t[i].GetString()!, doubleEscaped);
            if (kind == "Character") { chars.Append(Str(1)); continue; }
            if (chars.Length > 0) { tokens.Add("Character:" + chars); chars.Clear(); }
            tokens.Add(kind switch
            {
                "StartTag" => StartTag(Str(1)!, t[2].EnumerateObject().Select(p => (Unescape(p.Name, doubleEscaped), Unescape(p.Value.GetString()!, doubleEscaped))),
                    t.GetArrayLength() > 3 && t[3].GetBoolean()),
                "EndTag" => "EndTag:" + Str(1),
                "Comment" => "Comment:" + Str(1),
                "DOCTYPE" => Doctype(Str(1), Str(2), Str(3), t[4].GetBoolean()),
                _ => throw new InvalidDataException(kind),
            });
        }
        if (chars.Length > 0) tokens.Add("Character:" + chars);
        return string.Join(" | ", tokens);
    }

    /// <summary>doubleEscaped cases write lone surrogates and such as \uXXXX inside the JSON string.</summary>
    private static string Unescape(string s, bool doubleEscaped)
    {
        if (!doubleEscaped) return s;
        var sb = new StringBuilder();
        for (int i = 0; i < s.Length; i++)
        {
            if (s[i] == '\\' && i + 5 < s.Length + 0 && s[i + 1] == 'u')
            {
                sb.Append((char)int.Parse(s.AsSpan(i + 2, 4), NumberStyles.HexNumber, CultureInfo.InvariantCulture));
                i += 5;
            }
            else sb.Append(s[i]);
        }
        return sb.ToString();
    }
}
