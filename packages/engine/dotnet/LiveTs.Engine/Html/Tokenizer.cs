using System.Buffers;

namespace LiveTs.Engine.Html;

/// <summary>
/// The HTML tokenizer (§13.2.5): a state machine over the input that sends doctype, tag, comment,
/// character-run and end-of-file tokens to a sink. The states are the spec's; where the spec reads
/// one character at a time through a long run of plain text (data, attribute values, comments,
/// raw text), this searches for the next character that matters with a vectorized IndexOfAny and
/// copies the run in one go, which is where nearly all of the speed comes from.
/// <para>
/// The input must already be preprocessed (CR LF and CR turned into LF, see <see cref="Preprocess"/>).
/// Characters are batched into runs: consecutive character tokens come out as one
/// <see cref="TokenKind.Characters"/> token, which the spec allows since nothing can observe the
/// difference (the tree builder splits a run where it must).
/// </para>
/// <para>
/// Why one file past 600 lines: the spec's ~80 states form one switch over shared locals (the
/// position, the current token, the return state), and the hot states read each other's fields
/// in the inner loop; split across partial files they would still be one class, only harder to
/// follow against §13.2.5 in order.
/// </para>
/// </summary>
internal sealed class Tokenizer
{
    /// <summary>
    /// More than the tokenizer ever reads ahead of its position (a named character reference's
    /// longest match, a markup declaration's keyword): two inputs that agree this far past a point
    /// were tokenized alike up to it (TreeBuilder.Resume.cs, Diffing/HtmlTreeDiffer.cs).
    /// </summary>
    public const int MaxLookAhead = 64;

    private const int Eof = -1;

    private static readonly SearchValues<char> DataStops = SearchValues.Create("<&\0");
    private static readonly SearchValues<char> RawStops = SearchValues.Create("<\0");
    private static readonly SearchValues<char> DoubleQuotedStops = SearchValues.Create("\"&\0");
    private static readonly SearchValues<char> SingleQuotedStops = SearchValues.Create("'&\0");
    private static readonly SearchValues<char> CommentStops = SearchValues.Create("<-\0");
    private static readonly SearchValues<char> TagNameStops = SearchValues.Create("\t\n\f />\0ABCDEFGHIJKLMNOPQRSTUVWXYZ");
    private static readonly SearchValues<char> AttributeNameStops = SearchValues.Create("\t\n\f />=\0\"'<ABCDEFGHIJKLMNOPQRSTUVWXYZ");
    private static readonly SearchValues<char> UnquotedStops = SearchValues.Create("\t\n\f >&\0\"'<=`");

    /// <summary>The input: its first <see cref="length"/> chars (the array may be longer: it is reused from parse to parse).</summary>
    private readonly char[] input;
    private readonly int length;
    private readonly ITokenSink sink;
    /// <summary>The sink when it is the tree builder (nearly always): called directly, not through the interface, once per token.</summary>
    private readonly TreeBuilder? builder;
    private readonly ParseErrors errors;
    private readonly Token token;
    private readonly NameTable names;
    private int pos;
    private bool done;

    private readonly CharBuffer text = new(256);
    private readonly CharBuffer tagName = new(32);
    private readonly CharBuffer attrName = new(32);
    private readonly CharBuffer attrValue = new(64);
    private readonly CharBuffer comment = new(64);
    private readonly CharBuffer temp = new(16);
    private readonly CharBuffer doctypeName = new(16);
    private readonly CharBuffer publicId = new(64);
    private readonly CharBuffer systemId = new(64);

    private bool isEndTag;
    private bool selfClosing;
    private int tokenStart;
    private bool attributePending;
    private int pendingAttributeName = -1; // -1 when the pending attribute is a duplicate (dropped)
    private HashSet<int>? attributeNameSet; // only for tags with many attributes, so duplicates stay O(1)

    private bool hasDoctypeName, hasPublicId, hasSystemId, forceQuirks;

    public Tokenizer(char[] input, int length, ITokenSink sink, ParseErrors errors, NameTable names)
    {
        this.input = input;
        this.length = length;
        this.sink = sink;
        builder = sink as TreeBuilder;
        this.errors = errors;
        this.names = names;
        token = new Token(input, names);
        token.SetText(text);
        hasNul = input.AsSpan(0, length).Contains('\0');
    }

    /// <summary>
    /// Whether the input has a NUL anywhere. Most have none, and then the searches through text and
    /// attribute values look for two characters instead of three: with NUL among them .NET cannot
    /// use its packed (byte-wide) search, which reads twice the characters per instruction.
    /// </summary>
    private readonly bool hasNul;

    /// <summary>Whether the input has a NUL anywhere (when not, the tree builder skips its NUL searches too).</summary>
    public bool HasNul => hasNul;

    /// <summary>Set when the data state tried the fast tag path at this '&lt;' and it declined, so the tag open state does not try again.</summary>
    private bool fastTagDeclined;

    public TokenizerState State { get; set; }

    /// <summary>The next character to read: every token so far came from the input before it (plus a bounded look-ahead of character references).</summary>
    public int Position => pos;

    /// <summary>The name of the last start tag emitted: an end tag is "appropriate" (ends raw text) only if it matches.</summary>
    public string? LastStartTag
    {
        get => lastStartTag < 0 ? null : names[lastStartTag];
        set => lastStartTag = value is null ? -1 : names.Intern(value);
    }

    private int lastStartTag = -1;

    /// <summary>The last start tag's name id (-1 for none), for a checkpoint.</summary>
    public int LastStartTagId => lastStartTag;

    /// <summary>True between tokens: in the data state with no text gathered (a checkpoint may be taken).</summary>
    public bool IsBetweenTokens => State == TokenizerState.Data && sliceStart < 0 && text.Length == 0;

    /// <summary>Goes on from a checkpoint's position, in the data state, as the parse that took it did.</summary>
    public void ResumeAt(int position, int lastStartTagId)
    {
        pos = position;
        State = TokenizerState.Data;
        lastStartTag = lastStartTagId;
    }

    /// <summary>
    /// Copies <paramref name="html"/> into <paramref name="into"/> with CR LF and lone CR turned into LF
    /// (§13.2.3.5); returns the length. <paramref name="into"/> must hold <paramref name="html"/>'s length.
    /// </summary>
    public static int Preprocess(ReadOnlySpan<char> html, Span<char> into)
    {
        int cr = html.IndexOf('\r');
        if (cr < 0)
        {
            html.CopyTo(into);
            return html.Length;
        }
        html[..cr].CopyTo(into);
        int n = cr;
        for (int i = cr; i < html.Length; i++)
        {
            char c = html[i];
            if (c != '\r') into[n++] = c;
            else
            {
                into[n++] = '\n';
                if (i + 1 < html.Length && html[i + 1] == '\n') i++;
            }
        }
        return n;
    }

    /// <summary>The preprocessed input as an array of its own (tests tokenize strings).</summary>
    public static char[] Preprocess(string html)
    {
        var into = new char[html.Length];
        return into[..Preprocess(html, into)];
    }

    /// <summary>The input from <paramref name="from"/> to its end (never past <see cref="length"/>, whatever the array holds after it).</summary>
    private ReadOnlySpan<char> Rest(int from) => input.AsSpan(from, length - from);

    private int Consume()
    {
        int c = pos < length ? input[pos] : Eof;
        pos++;
        return c;
    }

    private void Reconsume(TokenizerState state)
    {
        pos--;
        State = state;
    }

    private void Error(string code) => errors.Add(code, Math.Min(pos, length));

    private static bool IsWhitespace(int c) => c is '\t' or '\n' or '\f' or ' ';
    private static bool IsAsciiUpper(int c) => c is >= 'A' and <= 'Z';
    private static bool IsAsciiAlpha(int c) => (uint)((c | 0x20) - 'a') <= 'z' - 'a';
    private static char ToLower(int c) => (char)(c | 0x20);

    // ---- emitting ------------------------------------------------------------------------------

    // Text that is one stretch of the input is passed on as a slice of it, not copied into the
    // buffer first; anything else (a decoded reference, a replaced NUL) goes through the buffer.
    private int sliceStart = -1, sliceLength;

    private void AppendText(ReadOnlySpan<char> chars)
    {
        if (sliceStart >= 0) MaterializeSlice();
        text.Append(chars);
    }

    private void AppendText(char c)
    {
        if (sliceStart >= 0) MaterializeSlice();
        text.Append(c);
    }

    /// <summary>Text up to <paramref name="end"/> from the current position, as a slice when nothing precedes it.</summary>
    private void AppendInputText(int start, int count)
    {
        if (count == 0) return;
        if (text.Length == 0 && sliceStart < 0)
        {
            sliceStart = start;
            sliceLength = count;
        }
        else if (sliceStart >= 0 && sliceStart + sliceLength == start) sliceLength += count;
        else AppendText(input.AsSpan(start, count));
    }

    private void MaterializeSlice()
    {
        text.Append(input.AsSpan(sliceStart, sliceLength));
        sliceStart = -1;
    }

    private void CharacterReferenceIntoText()
    {
        if (sliceStart >= 0) MaterializeSlice();
        CharacterReferenceInto(text, false);
    }

    private void Emit()
    {
        if (builder is not null) builder.Process(token);
        else sink.Process(token);
    }

    private void FlushText()
    {
        if (sliceStart >= 0)
        {
            token.Kind = TokenKind.Characters;
            token.SetText(sliceStart, sliceLength);
            sliceStart = -1;
            Emit();
            token.SetText(text);
            return;
        }
        if (text.Length == 0) return;
        token.Kind = TokenKind.Characters;
        Emit();
        text.Clear();
    }

    private void StartTag(bool end)
    {
        tokenStart = pos - 1;
        isEndTag = end;
        selfClosing = false;
        tagName.Clear();
        token.ClearAttributes();
        attributePending = false;
        attributeNameSet = null;
    }

    private void EmitTag()
    {
        CommitAttribute();
        FlushText();
        token.Kind = isEndTag ? TokenKind.EndTag : TokenKind.StartTag;
        token.NameId = names.Intern(tagName.Span);
        token.Tag = KnownNames.TagOf(token.NameId);
        token.SelfClosing = selfClosing;
        token.SelfClosingAcknowledged = false;
        token.Offset = tokenStart;
        if (isEndTag)
        {
            if (token.AttributeCount > 0) Error("end-tag-with-attributes");
            if (selfClosing) Error("end-tag-with-trailing-solidus");
        }
        else lastStartTag = token.NameId;
        Emit();
        if (!isEndTag && selfClosing && !token.SelfClosingAcknowledged)
            Error("non-void-html-element-start-tag-with-trailing-solidus");
        token.ClearAttributes();
    }

    private void EmitComment()
    {
        FlushText();
        token.Kind = TokenKind.Comment;
        token.SetText(comment);
        token.Offset = tokenStart;
        Emit();
        token.SetText(text);
    }

    private void StartDoctype()
    {
        doctypeName.Clear();
        publicId.Clear();
        systemId.Clear();
        hasDoctypeName = hasPublicId = hasSystemId = forceQuirks = false;
    }

    private void EmitDoctype()
    {
        FlushText();
        token.Kind = TokenKind.Doctype;
        token.DoctypeName = hasDoctypeName ? doctypeName.ToString() : null;
        token.PublicId = hasPublicId ? publicId.ToString() : null;
        token.SystemId = hasSystemId ? systemId.ToString() : null;
        token.ForceQuirks = forceQuirks;
        token.Offset = tokenStart;
        Emit();
    }

    private void EmitEof()
    {
        FlushText();
        token.Kind = TokenKind.EndOfFile;
        token.Offset = length;
        Emit();
        done = true;
    }

    private void EofIn(string code)
    {
        Error(code);
        EmitEof();
    }

    // ---- attributes ----------------------------------------------------------------------------

    private void StartAttribute()
    {
        CommitAttribute();
        attrName.Clear();
        attrValue.Clear();
        attributePending = true;
        pendingAttributeName = -1;
    }

    /// <summary>Leaving the attribute name state: a name already on the tag makes this one a duplicate, dropped.</summary>
    private void FinishAttributeName()
    {
        int name = names.Intern(attrName.Span);
        bool duplicate;
        if (attributeNameSet is not null) duplicate = attributeNameSet.Contains(name);
        else
        {
            duplicate = token.HasAttribute(name);
            if (token.AttributeCount >= 16) attributeNameSet = [];
        }
        if (duplicate)
        {
            Error("duplicate-attribute");
            pendingAttributeName = -1;
            return;
        }
        if (attributeNameSet is not null && attributeNameSet.Count == 0)
            for (int i = 0; i < token.AttributeCount; i++) attributeNameSet.Add(token.Attributes[i].Name);
        attributeNameSet?.Add(name);
        pendingAttributeName = name;
    }

    private void CommitAttribute()
    {
        if (!attributePending) return;
        attributePending = false;
        if (pendingAttributeName < 0) return;
        token.AddAttribute(pendingAttributeName, attrValue.Span);
    }

    // ---- character references ------------------------------------------------------------------

    /// <summary>After a '&amp;' (already consumed): decode into <paramref name="into"/>, or keep the '&amp;' as text.</summary>
    private void CharacterReferenceInto(CharBuffer into, bool inAttribute)
    {
        var decoded = CharacterReference.Decode(Rest(pos), inAttribute, errors, pos - 1);
        if (decoded.Length == 0)
        {
            into.Append('&');
            return;
        }
        if (decoded.Named is not null) into.Append(decoded.Named);
        else into.AppendCodePoint(decoded.CodePoint);
        pos += decoded.Length;
    }

    private bool NextIs(string word, bool ignoreCase)
    {
        if (pos + word.Length > length) return false;
        var span = input.AsSpan(pos, word.Length);
        return ignoreCase ? span.Equals(word, StringComparison.OrdinalIgnoreCase) : span.SequenceEqual(word);
    }

    private bool IsAppropriateEndTag() => lastStartTag >= 0 && tagName.SpanEquals(names[lastStartTag]);

    /// <summary>The end tag name states of RCDATA, RAWTEXT and script data: only the appropriate end tag ends the text.</summary>
    private void TextEndTagName(TokenizerState textState)
    {
        while (true)
        {
            int c = Consume();
            if (IsAsciiAlpha(c))
            {
                tagName.Append(ToLower(c));
                temp.Append((char)c);
                continue;
            }
            if (IsAppropriateEndTag())
            {
                if (IsWhitespace(c)) { State = TokenizerState.BeforeAttributeName; return; }
                if (c == '/') { State = TokenizerState.SelfClosingStartTag; return; }
                if (c == '>') { State = TokenizerState.Data; EmitTag(); return; }
            }
            AppendText("</");
            AppendText(temp.Span);
            Reconsume(textState);
            return;
        }
    }

    /// <summary>
    /// Index of the first character in <paramref name="stops"/>. Names are short, so the common
    /// lower-case ASCII ones are skipped with a plain loop before paying for a vectorized search.
    /// </summary>
    private static int ScanName(ReadOnlySpan<char> text, SearchValues<char> stops)
    {
        int i = 0;
        while (i < text.Length)
        {
            char c = text[i];
            if ((uint)(c - 'a') <= 'z' - 'a' || (uint)(c - '0') <= 9 || c == '-') i++;
            else if (stops.Contains(c)) return i;
            else break;
        }
        int rest = text[i..].IndexOfAny(stops);
        return rest < 0 ? -1 : i + rest;
    }

    private static bool IsSimpleNameChar(char c) => c < 128 && SimpleNameChars[c] != 0;

    /// <summary>
    /// a-z, 0-9 and -:_. by ASCII code. A span over constant data: read with no static field and no
    /// class-initialization check, which matters to NativeAOT code in the tokenizer's hottest loop.
    /// </summary>
    private static ReadOnlySpan<byte> SimpleNameChars =>
    [
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0,
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1,
        0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0,
    ];

    /// <summary>Reads a name of simple chars from <paramref name="p"/>, packing it as it goes (<see cref="KnownNames.Pack(ulong, char)"/>); returns where it ends.</summary>
    private int ScanSimpleName(int p, out ulong packed)
    {
        ulong key = 0;
        char[] s = input;
        while (p < length)
        {
            char c = s[p];
            if (c >= 128 || SimpleNameChars[c] == 0) break;
            key = KnownNames.Pack(key, c);
            p++;
        }
        packed = key;
        return p;
    }

    /// <summary>
    /// The common case of a tag, read in one pass: lower-case names, quoted values without NUL (or
    /// short unquoted ones), no duplicates. It yields exactly the token the states would, so on
    /// anything else it does nothing (errors it recorded are taken back) and returns false, and the
    /// state machine reads the tag from its '&lt;' as the spec says. Called in the tag open state
    /// (<c>pos</c> is just after '&lt;'). Values are slices of the input unless a character
    /// reference in them decodes.
    /// </summary>
    private bool TryFastTag()
    {
        char[] s = input;
        int origin = pos;
        int p = pos;
        bool end = false;
        if (p < length && s[p] == '/') { end = true; p++; }
        int nameStart = p;
        if (p >= length || (uint)(s[p] - 'a') > 'z' - 'a') return false;
        p = ScanSimpleName(p, out ulong nameKey);
        if (p >= length) return false;
        int nameEnd = p;
        token.ClearAttributes();
        int errorMark = errors.Count;
        bool selfClose = false;
        while (true)
        {
            char c = s[p];
            if (c == '>') { p++; break; }
            if (c is ' ' or '\n' or '\t' or '\f')
            {
                p++;
                while (p < length && s[p] is ' ' or '\n' or '\t' or '\f') p++;
                if (p >= length) return Bail();
                c = s[p];
                if (c == '>') { p++; break; }
                if (end || (uint)(c - 'a') > 'z' - 'a') { if (c == '/') continue; return Bail(); }
                int an = p;
                p = ScanSimpleName(p, out ulong attributeKey);
                if (p >= length) return Bail();
                int name = names.Intern(s.AsSpan(an, p - an), attributeKey);
                if (token.HasAttribute(name)) return Bail();
                if (s[p] == '=')
                {
                    p++;
                    if (p >= length) return Bail();
                    char q = s[p];
                    if (q is '"' or '\'')
                    {
                        p = QuotedValue(name, p + 1, q);
                        if (p < 0 || p >= length) return Bail();
                        if (s[p] is not (' ' or '\n' or '\t' or '\f' or '>' or '/')) return Bail();
                    }
                    else
                    {
                        int vs = p;
                        while (p < length && (IsSimpleNameChar(s[p]) || (uint)(s[p] - 'A') <= 'Z' - 'A' || s[p] is '#' or '%' or '+' or ',' or ';' or '?' or '@' or '!' or '(' or ')' or '*' or '~' or '|' or '[' or ']' or '{' or '}' or '$' or '^')) p++;
                        if (p == vs || p >= length || s[p] is not (' ' or '\n' or '\t' or '\f' or '>')) return Bail();
                        token.AddAttribute(name, vs, p - vs);
                    }
                }
                else if (s[p] is not (' ' or '\n' or '\t' or '\f' or '>' or '/')) return Bail();
                else token.AddAttribute(name, p, 0);
                continue;
            }
            if (c == '/' && !end && p + 1 < length && s[p + 1] == '>') { selfClose = true; p += 2; break; }
            return Bail();
        }
        tokenStart = origin - 1;
        pos = p; // the tag is read: the text before it goes out knowing what follows it
        FlushText();
        token.Kind = end ? TokenKind.EndTag : TokenKind.StartTag;
        token.NameId = names.Intern(s.AsSpan(nameStart, nameEnd - nameStart), nameKey);
        token.Tag = KnownNames.TagOf(token.NameId);
        token.SelfClosing = selfClose;
        token.SelfClosingAcknowledged = false;
        token.Offset = tokenStart;
        if (!end) lastStartTag = token.NameId;
        State = TokenizerState.Data;
        Emit();
        if (selfClose && !token.SelfClosingAcknowledged) Error("non-void-html-element-start-tag-with-trailing-solidus");
        token.ClearAttributes();
        return true;

        bool Bail()
        {
            pos = origin;
            token.ClearAttributes();
            errors.RollBack(errorMark);
            return false;
        }
    }

    /// <summary>
    /// A quoted attribute value starting at <paramref name="start"/> (after the quote), added to the
    /// token: a slice of the input, or decoded into the token's buffer when it has a character
    /// reference. Returns the index after the closing quote, or -1 for what the fast path leaves to
    /// the states (a NUL, no closing quote).
    /// </summary>
    private int QuotedValue(int name, int start, char quote)
    {
        var stops = quote == '"' ? DoubleQuotedStops : SingleQuotedStops;
        int i = hasNul ? Rest(start).IndexOfAny(stops) : Rest(start).IndexOfAny(quote, '&');
        if (i < 0) return -1;
        int at = start + i;
        if (input[at] == quote)
        {
            token.AddAttribute(name, start, i);
            return at + 1;
        }
        attrValue.Clear();
        attrValue.Append(input.AsSpan(start, i));
        while (true)
        {
            char c = input[at];
            if (c == quote) break;
            if (c != '&') return -1;
            pos = at + 1;
            CharacterReferenceInto(attrValue, true);
            int next = hasNul ? Rest(pos).IndexOfAny(stops) : Rest(pos).IndexOfAny(quote, '&');
            if (next < 0) return -1;
            attrValue.Append(input.AsSpan(pos, next));
            at = pos + next;
        }
        token.AddAttribute(name, attrValue.Span);
        return at + 1;
    }

    /// <summary>Ends the run after the token being handled: the tree builder has the rest of the tree already (TreeBuilder.Rejoin.cs).</summary>
    public void Stop() => done = true;

    /// <summary>Runs the tokenizer to the end of the input (or until <see cref="Stop"/>).</summary>
    public void Run()
    {
        while (!done) Step();
    }

    private void Step()
    {
        int c;
        switch (State)
        {
            case TokenizerState.Data:
            {
                if (pos >= length) { EmitEof(); return; }
                var rest = Rest(pos);
                // markup is mostly tags next to tags: look at the first char before searching
                int i = rest[0] == '<' ? 0 : hasNul ? rest.IndexOfAny(DataStops) : rest.IndexOfAny('<', '&');
                if (i < 0) { AppendInputText(pos, rest.Length); pos = length; EmitEof(); return; }
                AppendInputText(pos, i);
                pos += i + 1;
                char ch = rest[i];
                if (ch == '<')
                {
                    if (TryFastTag()) return;
                    State = TokenizerState.TagOpen;
                    fastTagDeclined = true;
                }
                else if (ch == '&') CharacterReferenceIntoText();
                else { Error("unexpected-null-character"); AppendText('\0'); }
                return;
            }
            case TokenizerState.Rcdata:
            case TokenizerState.Rawtext:
            case TokenizerState.ScriptData:
            case TokenizerState.Plaintext:
            {
                if (pos >= length) { EmitEof(); return; }
                var rest = Rest(pos);
                int i = State == TokenizerState.Plaintext ? rest.IndexOf('\0')
                    : State == TokenizerState.Rcdata ? rest.IndexOfAny(DataStops) : rest.IndexOfAny(RawStops);
                if (i < 0) { AppendText(rest); pos = length; EmitEof(); return; }
                AppendText(rest[..i]);
                pos += i + 1;
                char ch = rest[i];
                if (ch == '&') CharacterReferenceIntoText();
                else if (ch == '\0') { Error("unexpected-null-character"); AppendText('\uFFFD'); }
                else State = State switch
                {
                    TokenizerState.Rcdata => TokenizerState.RcdataLessThanSign,
                    TokenizerState.Rawtext => TokenizerState.RawtextLessThanSign,
                    _ => TokenizerState.ScriptDataLessThanSign,
                };
                return;
            }
            case TokenizerState.TagOpen:
                if (!fastTagDeclined && TryFastTag()) return;
                fastTagDeclined = false;
                c = Consume();
                if (c == '!') State = TokenizerState.MarkupDeclarationOpen;
                else if (c == '/') State = TokenizerState.EndTagOpen;
                else if (IsAsciiAlpha(c)) { StartTag(false); tokenStart--; Reconsume(TokenizerState.TagName); }
                else if (c == '?')
                {
                    Error("unexpected-question-mark-instead-of-tag-name");
                    comment.Clear();
                    tokenStart = pos - 2;
                    Reconsume(TokenizerState.BogusComment);
                }
                else if (c == Eof) { Error("eof-before-tag-name"); AppendText('<'); EmitEof(); }
                else { Error("invalid-first-character-of-tag-name"); AppendText('<'); Reconsume(TokenizerState.Data); }
                return;
            case TokenizerState.EndTagOpen:
                c = Consume();
                if (IsAsciiAlpha(c)) { StartTag(true); tokenStart -= 2; Reconsume(TokenizerState.TagName); }
                else if (c == '>') { Error("missing-end-tag-name"); State = TokenizerState.Data; }
                else if (c == Eof) { Error("eof-before-tag-name"); AppendText("</"); EmitEof(); }
                else
                {
                    Error("invalid-first-character-of-tag-name");
                    comment.Clear();
                    tokenStart = pos - 3;
                    Reconsume(TokenizerState.BogusComment);
                }
                return;
            case TokenizerState.TagName:
                while (true)
                {
                    var rest = Rest(Math.Min(pos, length));
                    int i = ScanName(rest, TagNameStops);
                    if (i < 0) { tagName.Append(rest); pos = length; EofIn("eof-in-tag"); return; }
                    tagName.Append(rest[..i]);
                    pos += i + 1;
                    char ch = rest[i];
                    if (IsAsciiUpper(ch)) { tagName.Append(ToLower(ch)); continue; }
                    if (ch == '\0') { Error("unexpected-null-character"); tagName.Append('\uFFFD'); continue; }
                    if (ch == '/') State = TokenizerState.SelfClosingStartTag;
                    else if (ch == '>') { State = TokenizerState.Data; EmitTag(); }
                    else State = TokenizerState.BeforeAttributeName;
                    return;
                }
            case TokenizerState.RcdataLessThanSign:
            case TokenizerState.RawtextLessThanSign:
            {
                var textState = State == TokenizerState.RcdataLessThanSign ? TokenizerState.Rcdata : TokenizerState.Rawtext;
                c = Consume();
                if (c == '/')
                {
                    temp.Clear();
                    State = textState == TokenizerState.Rcdata ? TokenizerState.RcdataEndTagOpen : TokenizerState.RawtextEndTagOpen;
                }
                else { AppendText('<'); Reconsume(textState); }
                return;
            }
            case TokenizerState.RcdataEndTagOpen:
            case TokenizerState.RawtextEndTagOpen:
            case TokenizerState.ScriptDataEndTagOpen:
            case TokenizerState.ScriptDataEscapedEndTagOpen:
            {
                var (textState, nameState) = State switch
                {
                    TokenizerState.RcdataEndTagOpen => (TokenizerState.Rcdata, TokenizerState.RcdataEndTagName),
                    TokenizerState.RawtextEndTagOpen => (TokenizerState.Rawtext, TokenizerState.RawtextEndTagName),
                    TokenizerState.ScriptDataEndTagOpen => (TokenizerState.ScriptData, TokenizerState.ScriptDataEndTagName),
                    _ => (TokenizerState.ScriptDataEscaped, TokenizerState.ScriptDataEscapedEndTagName),
                };
                c = Consume();
                if (IsAsciiAlpha(c)) { StartTag(true); tokenStart -= 2; Reconsume(nameState); }
                else { AppendText("</"); Reconsume(textState); }
                return;
            }
            case TokenizerState.RcdataEndTagName: TextEndTagName(TokenizerState.Rcdata); return;
            case TokenizerState.RawtextEndTagName: TextEndTagName(TokenizerState.Rawtext); return;
            case TokenizerState.ScriptDataEndTagName: TextEndTagName(TokenizerState.ScriptData); return;
            case TokenizerState.ScriptDataEscapedEndTagName: TextEndTagName(TokenizerState.ScriptDataEscaped); return;

            case TokenizerState.ScriptDataLessThanSign:
                c = Consume();
                if (c == '/') { temp.Clear(); State = TokenizerState.ScriptDataEndTagOpen; }
                else if (c == '!') { State = TokenizerState.ScriptDataEscapeStart; AppendText("<!"); }
                else { AppendText('<'); Reconsume(TokenizerState.ScriptData); }
                return;
            case TokenizerState.ScriptDataEscapeStart:
                c = Consume();
                if (c == '-') { State = TokenizerState.ScriptDataEscapeStartDash; AppendText('-'); }
                else Reconsume(TokenizerState.ScriptData);
                return;
            case TokenizerState.ScriptDataEscapeStartDash:
                c = Consume();
                if (c == '-') { State = TokenizerState.ScriptDataEscapedDashDash; AppendText('-'); }
                else Reconsume(TokenizerState.ScriptData);
                return;
            case TokenizerState.ScriptDataEscaped:
                c = Consume();
                if (c == '-') { State = TokenizerState.ScriptDataEscapedDash; AppendText('-'); }
                else if (c == '<') State = TokenizerState.ScriptDataEscapedLessThanSign;
                else if (c == '\0') { Error("unexpected-null-character"); AppendText('\uFFFD'); }
                else if (c == Eof) EofIn("eof-in-script-html-comment-like-text");
                else AppendText((char)c);
                return;
            case TokenizerState.ScriptDataEscapedDash:
            case TokenizerState.ScriptDataEscapedDashDash:
                c = Consume();
                if (c == '-')
                {
                    State = TokenizerState.ScriptDataEscapedDashDash;
                    AppendText('-');
                }
                else if (c == '<') State = TokenizerState.ScriptDataEscapedLessThanSign;
                else if (c == '>' && State == TokenizerState.ScriptDataEscapedDashDash) { State = TokenizerState.ScriptData; AppendText('>'); }
                else if (c == '\0') { Error("unexpected-null-character"); State = TokenizerState.ScriptDataEscaped; AppendText('\uFFFD'); }
                else if (c == Eof) EofIn("eof-in-script-html-comment-like-text");
                else { State = TokenizerState.ScriptDataEscaped; AppendText((char)c); }
                return;
            case TokenizerState.ScriptDataEscapedLessThanSign:
                c = Consume();
                if (c == '/') { temp.Clear(); State = TokenizerState.ScriptDataEscapedEndTagOpen; }
                else if (IsAsciiAlpha(c)) { temp.Clear(); AppendText('<'); Reconsume(TokenizerState.ScriptDataDoubleEscapeStart); }
                else { AppendText('<'); Reconsume(TokenizerState.ScriptDataEscaped); }
                return;
            case TokenizerState.ScriptDataDoubleEscapeStart:
            case TokenizerState.ScriptDataDoubleEscapeEnd:
            {
                bool start = State == TokenizerState.ScriptDataDoubleEscapeStart;
                c = Consume();
                if (IsWhitespace(c) || c == '/' || c == '>')
                {
                    bool script = temp.SpanEquals("script");
                    State = start == script ? TokenizerState.ScriptDataDoubleEscaped : TokenizerState.ScriptDataEscaped;
                    AppendText((char)c);
                }
                else if (IsAsciiAlpha(c)) { temp.Append(ToLower(c)); AppendText((char)c); }
                else Reconsume(start ? TokenizerState.ScriptDataEscaped : TokenizerState.ScriptDataDoubleEscaped);
                return;
            }
            case TokenizerState.ScriptDataDoubleEscaped:
                c = Consume();
                if (c == '-') { State = TokenizerState.ScriptDataDoubleEscapedDash; AppendText('-'); }
                else if (c == '<') { State = TokenizerState.ScriptDataDoubleEscapedLessThanSign; AppendText('<'); }
                else if (c == '\0') { Error("unexpected-null-character"); AppendText('\uFFFD'); }
                else if (c == Eof) EofIn("eof-in-script-html-comment-like-text");
                else AppendText((char)c);
                return;
            case TokenizerState.ScriptDataDoubleEscapedDash:
            case TokenizerState.ScriptDataDoubleEscapedDashDash:
                c = Consume();
                if (c == '-') { State = TokenizerState.ScriptDataDoubleEscapedDashDash; AppendText('-'); }
                else if (c == '<') { State = TokenizerState.ScriptDataDoubleEscapedLessThanSign; AppendText('<'); }
                else if (c == '>' && State == TokenizerState.ScriptDataDoubleEscapedDashDash) { State = TokenizerState.ScriptData; AppendText('>'); }
                else if (c == '\0') { Error("unexpected-null-character"); State = TokenizerState.ScriptDataDoubleEscaped; AppendText('\uFFFD'); }
                else if (c == Eof) EofIn("eof-in-script-html-comment-like-text");
                else { State = TokenizerState.ScriptDataDoubleEscaped; AppendText((char)c); }
                return;
            case TokenizerState.ScriptDataDoubleEscapedLessThanSign:
                c = Consume();
                if (c == '/') { temp.Clear(); State = TokenizerState.ScriptDataDoubleEscapeEnd; AppendText('/'); }
                else Reconsume(TokenizerState.ScriptDataDoubleEscaped);
                return;

            case TokenizerState.BeforeAttributeName:
                do c = Consume(); while (IsWhitespace(c));
                if (c == '/' || c == '>' || c == Eof) Reconsume(TokenizerState.AfterAttributeName);
                else if (c == '=')
                {
                    Error("unexpected-equals-sign-before-attribute-name");
                    StartAttribute();
                    attrName.Append('=');
                    State = TokenizerState.AttributeName;
                }
                else { StartAttribute(); Reconsume(TokenizerState.AttributeName); }
                return;
            case TokenizerState.AttributeName:
                while (true)
                {
                    var rest = Rest(Math.Min(pos, length));
                    int i = ScanName(rest, AttributeNameStops);
                    if (i < 0) { attrName.Append(rest); pos = length + 1; FinishAttributeName(); Reconsume(TokenizerState.AfterAttributeName); return; }
                    attrName.Append(rest[..i]);
                    pos += i + 1;
                    char ch = rest[i];
                    if (IsAsciiUpper(ch)) { attrName.Append(ToLower(ch)); continue; }
                    if (ch == '\0') { Error("unexpected-null-character"); attrName.Append('\uFFFD'); continue; }
                    if (ch is '"' or '\'' or '<') { Error("unexpected-character-in-attribute-name"); attrName.Append(ch); continue; }
                    FinishAttributeName();
                    if (ch == '=') State = TokenizerState.BeforeAttributeValue;
                    else Reconsume(TokenizerState.AfterAttributeName);
                    return;
                }
            case TokenizerState.AfterAttributeName:
                do c = Consume(); while (IsWhitespace(c));
                if (c == '/') State = TokenizerState.SelfClosingStartTag;
                else if (c == '=') State = TokenizerState.BeforeAttributeValue;
                else if (c == '>') { State = TokenizerState.Data; EmitTag(); }
                else if (c == Eof) EofIn("eof-in-tag");
                else { StartAttribute(); Reconsume(TokenizerState.AttributeName); }
                return;
            case TokenizerState.BeforeAttributeValue:
                do c = Consume(); while (IsWhitespace(c));
                if (c == '"') State = TokenizerState.AttributeValueDoubleQuoted;
                else if (c == '\'') State = TokenizerState.AttributeValueSingleQuoted;
                else if (c == '>') { Error("missing-attribute-value"); State = TokenizerState.Data; EmitTag(); }
                else Reconsume(TokenizerState.AttributeValueUnquoted);
                return;
            case TokenizerState.AttributeValueDoubleQuoted:
            case TokenizerState.AttributeValueSingleQuoted:
                while (true)
                {
                    var rest = Rest(Math.Min(pos, length));
                    int i = rest.IndexOfAny(State == TokenizerState.AttributeValueDoubleQuoted ? DoubleQuotedStops : SingleQuotedStops);
                    if (i < 0) { attrValue.Append(rest); pos = length; EofIn("eof-in-tag"); return; }
                    attrValue.Append(rest[..i]);
                    pos += i + 1;
                    char ch = rest[i];
                    if (ch == '&') CharacterReferenceInto(attrValue, true);
                    else if (ch == '\0') { Error("unexpected-null-character"); attrValue.Append('\uFFFD'); }
                    else { State = TokenizerState.AfterAttributeValueQuoted; return; }
                }
            case TokenizerState.AttributeValueUnquoted:
                while (true)
                {
                    var rest = Rest(Math.Min(pos, length));
                    int i = rest.IndexOfAny(UnquotedStops);
                    if (i < 0) { attrValue.Append(rest); pos = length; EofIn("eof-in-tag"); return; }
                    attrValue.Append(rest[..i]);
                    pos += i + 1;
                    char ch = rest[i];
                    if (ch == '&') CharacterReferenceInto(attrValue, true);
                    else if (ch == '\0') { Error("unexpected-null-character"); attrValue.Append('\uFFFD'); }
                    else if (ch is '"' or '\'' or '<' or '=' or '`') { Error("unexpected-character-in-unquoted-attribute-value"); attrValue.Append(ch); }
                    else if (ch == '>') { State = TokenizerState.Data; EmitTag(); return; }
                    else { State = TokenizerState.BeforeAttributeName; return; }
                }
            case TokenizerState.AfterAttributeValueQuoted:
                c = Consume();
                if (IsWhitespace(c)) State = TokenizerState.BeforeAttributeName;
                else if (c == '/') State = TokenizerState.SelfClosingStartTag;
                else if (c == '>') { State = TokenizerState.Data; EmitTag(); }
                else if (c == Eof) EofIn("eof-in-tag");
                else { Error("missing-whitespace-between-attributes"); Reconsume(TokenizerState.BeforeAttributeName); }
                return;
            case TokenizerState.SelfClosingStartTag:
                c = Consume();
                if (c == '>') { selfClosing = true; State = TokenizerState.Data; EmitTag(); }
                else if (c == Eof) EofIn("eof-in-tag");
                else { Error("unexpected-solidus-in-tag"); Reconsume(TokenizerState.BeforeAttributeName); }
                return;

            case TokenizerState.BogusComment:
                while (true)
                {
                    c = Consume();
                    if (c == '>') { State = TokenizerState.Data; EmitComment(); return; }
                    if (c == Eof) { EmitComment(); EmitEof(); return; }
                    if (c == '\0') { Error("unexpected-null-character"); comment.Append('\uFFFD'); }
                    else comment.Append((char)c);
                }
            case TokenizerState.MarkupDeclarationOpen:
                tokenStart = pos - 2;
                if (NextIs("--", false)) { pos += 2; comment.Clear(); State = TokenizerState.CommentStart; }
                else if (NextIs("DOCTYPE", true)) { pos += 7; State = TokenizerState.Doctype; }
                else if (NextIs("[CDATA[", false))
                {
                    pos += 7;
                    if (sink.InForeignContent) State = TokenizerState.CdataSection;
                    else
                    {
                        Error("cdata-in-html-content");
                        comment.Clear();
                        comment.Append("[CDATA[");
                        State = TokenizerState.BogusComment;
                    }
                }
                else { Error("incorrectly-opened-comment"); comment.Clear(); State = TokenizerState.BogusComment; }
                return;
            case TokenizerState.CommentStart:
                c = Consume();
                if (c == '-') State = TokenizerState.CommentStartDash;
                else if (c == '>') { Error("abrupt-closing-of-empty-comment"); State = TokenizerState.Data; EmitComment(); }
                else Reconsume(TokenizerState.Comment);
                return;
            case TokenizerState.CommentStartDash:
                c = Consume();
                if (c == '-') State = TokenizerState.CommentEnd;
                else if (c == '>') { Error("abrupt-closing-of-empty-comment"); State = TokenizerState.Data; EmitComment(); }
                else if (c == Eof) { Error("eof-in-comment"); EmitComment(); EmitEof(); }
                else { comment.Append('-'); Reconsume(TokenizerState.Comment); }
                return;
            case TokenizerState.Comment:
                while (true)
                {
                    var rest = Rest(Math.Min(pos, length));
                    int i = rest.IndexOfAny(CommentStops);
                    if (i < 0) { comment.Append(rest); pos = length; Error("eof-in-comment"); EmitComment(); EmitEof(); return; }
                    comment.Append(rest[..i]);
                    pos += i + 1;
                    char ch = rest[i];
                    if (ch == '\0') { Error("unexpected-null-character"); comment.Append('\uFFFD'); continue; }
                    if (ch == '<') { comment.Append('<'); State = TokenizerState.CommentLessThanSign; }
                    else State = TokenizerState.CommentEndDash;
                    return;
                }
            case TokenizerState.CommentLessThanSign:
                c = Consume();
                if (c == '!') { comment.Append('!'); State = TokenizerState.CommentLessThanSignBang; }
                else if (c == '<') comment.Append('<');
                else Reconsume(TokenizerState.Comment);
                return;
            case TokenizerState.CommentLessThanSignBang:
                c = Consume();
                if (c == '-') State = TokenizerState.CommentLessThanSignBangDash;
                else Reconsume(TokenizerState.Comment);
                return;
            case TokenizerState.CommentLessThanSignBangDash:
                c = Consume();
                if (c == '-') State = TokenizerState.CommentLessThanSignBangDashDash;
                else Reconsume(TokenizerState.CommentEndDash);
                return;
            case TokenizerState.CommentLessThanSignBangDashDash:
                c = Consume();
                if (c != '>' && c != Eof) Error("nested-comment");
                Reconsume(TokenizerState.CommentEnd);
                return;
            case TokenizerState.CommentEndDash:
                c = Consume();
                if (c == '-') State = TokenizerState.CommentEnd;
                else if (c == Eof) { Error("eof-in-comment"); EmitComment(); EmitEof(); }
                else { comment.Append('-'); Reconsume(TokenizerState.Comment); }
                return;
            case TokenizerState.CommentEnd:
                c = Consume();
                if (c == '>') { State = TokenizerState.Data; EmitComment(); }
                else if (c == '!') State = TokenizerState.CommentEndBang;
                else if (c == '-') comment.Append('-');
                else if (c == Eof) { Error("eof-in-comment"); EmitComment(); EmitEof(); }
                else { comment.Append("--"); Reconsume(TokenizerState.Comment); }
                return;
            case TokenizerState.CommentEndBang:
                c = Consume();
                if (c == '-') { comment.Append("--!"); State = TokenizerState.CommentEndDash; }
                else if (c == '>') { Error("incorrectly-closed-comment"); State = TokenizerState.Data; EmitComment(); }
                else if (c == Eof) { Error("eof-in-comment"); EmitComment(); EmitEof(); }
                else { comment.Append("--!"); Reconsume(TokenizerState.Comment); }
                return;

            case TokenizerState.Doctype:
                c = Consume();
                StartDoctype();
                if (IsWhitespace(c)) State = TokenizerState.BeforeDoctypeName;
                else if (c == '>') Reconsume(TokenizerState.BeforeDoctypeName);
                else if (c == Eof) { Error("eof-in-doctype"); forceQuirks = true; EmitDoctype(); EmitEof(); }
                else { Error("missing-whitespace-before-doctype-name"); Reconsume(TokenizerState.BeforeDoctypeName); }
                return;
            case TokenizerState.BeforeDoctypeName:
                do c = Consume(); while (IsWhitespace(c));
                if (c == '>') { Error("missing-doctype-name"); forceQuirks = true; State = TokenizerState.Data; EmitDoctype(); }
                else if (c == Eof) { Error("eof-in-doctype"); forceQuirks = true; EmitDoctype(); EmitEof(); }
                else
                {
                    hasDoctypeName = true;
                    if (c == '\0') { Error("unexpected-null-character"); doctypeName.Append('\uFFFD'); }
                    else doctypeName.Append(IsAsciiUpper(c) ? ToLower(c) : (char)c);
                    State = TokenizerState.DoctypeName;
                }
                return;
            case TokenizerState.DoctypeName:
                while (true)
                {
                    c = Consume();
                    if (IsWhitespace(c)) { State = TokenizerState.AfterDoctypeName; return; }
                    if (c == '>') { State = TokenizerState.Data; EmitDoctype(); return; }
                    if (c == Eof) { Error("eof-in-doctype"); forceQuirks = true; EmitDoctype(); EmitEof(); return; }
                    if (c == '\0') { Error("unexpected-null-character"); doctypeName.Append('\uFFFD'); }
                    else doctypeName.Append(IsAsciiUpper(c) ? ToLower(c) : (char)c);
                }
            case TokenizerState.AfterDoctypeName:
                do c = Consume(); while (IsWhitespace(c));
                if (c == '>') { State = TokenizerState.Data; EmitDoctype(); }
                else if (c == Eof) { Error("eof-in-doctype"); forceQuirks = true; EmitDoctype(); EmitEof(); }
                else
                {
                    pos--;
                    if (NextIs("PUBLIC", true)) { pos += 6; State = TokenizerState.AfterDoctypePublicKeyword; }
                    else if (NextIs("SYSTEM", true)) { pos += 6; State = TokenizerState.AfterDoctypeSystemKeyword; }
                    else
                    {
                        Error("invalid-character-sequence-after-doctype-name");
                        forceQuirks = true;
                        State = TokenizerState.BogusDoctype;
                    }
                }
                return;
            case TokenizerState.AfterDoctypePublicKeyword:
            case TokenizerState.AfterDoctypeSystemKeyword:
            case TokenizerState.BeforeDoctypePublicIdentifier:
            case TokenizerState.BeforeDoctypeSystemIdentifier:
            {
                bool isPublic = State is TokenizerState.AfterDoctypePublicKeyword or TokenizerState.BeforeDoctypePublicIdentifier;
                bool afterKeyword = State is TokenizerState.AfterDoctypePublicKeyword or TokenizerState.AfterDoctypeSystemKeyword;
                string which = isPublic ? "public" : "system";
                c = Consume();
                if (IsWhitespace(c))
                {
                    if (afterKeyword) State = isPublic ? TokenizerState.BeforeDoctypePublicIdentifier : TokenizerState.BeforeDoctypeSystemIdentifier;
                }
                else if (c is '"' or '\'')
                {
                    if (afterKeyword) Error($"missing-whitespace-after-doctype-{which}-keyword");
                    if (isPublic) { hasPublicId = true; publicId.Clear(); }
                    else { hasSystemId = true; systemId.Clear(); }
                    State = (isPublic, c == '"') switch
                    {
                        (true, true) => TokenizerState.DoctypePublicIdentifierDoubleQuoted,
                        (true, false) => TokenizerState.DoctypePublicIdentifierSingleQuoted,
                        (false, true) => TokenizerState.DoctypeSystemIdentifierDoubleQuoted,
                        _ => TokenizerState.DoctypeSystemIdentifierSingleQuoted,
                    };
                }
                else if (c == '>') { Error($"missing-doctype-{which}-identifier"); forceQuirks = true; State = TokenizerState.Data; EmitDoctype(); }
                else if (c == Eof) { Error("eof-in-doctype"); forceQuirks = true; EmitDoctype(); EmitEof(); }
                else { Error($"missing-quote-before-doctype-{which}-identifier"); forceQuirks = true; Reconsume(TokenizerState.BogusDoctype); }
                return;
            }
            case TokenizerState.DoctypePublicIdentifierDoubleQuoted:
            case TokenizerState.DoctypePublicIdentifierSingleQuoted:
            case TokenizerState.DoctypeSystemIdentifierDoubleQuoted:
            case TokenizerState.DoctypeSystemIdentifierSingleQuoted:
            {
                bool isPublic = State is TokenizerState.DoctypePublicIdentifierDoubleQuoted or TokenizerState.DoctypePublicIdentifierSingleQuoted;
                char quote = State is TokenizerState.DoctypePublicIdentifierDoubleQuoted or TokenizerState.DoctypeSystemIdentifierDoubleQuoted ? '"' : '\'';
                var id = isPublic ? publicId : systemId;
                while (true)
                {
                    c = Consume();
                    if (c == quote) { State = isPublic ? TokenizerState.AfterDoctypePublicIdentifier : TokenizerState.AfterDoctypeSystemIdentifier; return; }
                    if (c == '>')
                    {
                        Error(isPublic ? "abrupt-doctype-public-identifier" : "abrupt-doctype-system-identifier");
                        forceQuirks = true;
                        State = TokenizerState.Data;
                        EmitDoctype();
                        return;
                    }
                    if (c == Eof) { Error("eof-in-doctype"); forceQuirks = true; EmitDoctype(); EmitEof(); return; }
                    if (c == '\0') { Error("unexpected-null-character"); id.Append('\uFFFD'); }
                    else id.Append((char)c);
                }
            }
            case TokenizerState.AfterDoctypePublicIdentifier:
            case TokenizerState.BetweenDoctypePublicAndSystemIdentifiers:
            {
                bool after = State == TokenizerState.AfterDoctypePublicIdentifier;
                c = Consume();
                if (IsWhitespace(c)) { if (after) State = TokenizerState.BetweenDoctypePublicAndSystemIdentifiers; }
                else if (c == '>') { State = TokenizerState.Data; EmitDoctype(); }
                else if (c is '"' or '\'')
                {
                    if (after) Error("missing-whitespace-between-doctype-public-and-system-identifiers");
                    hasSystemId = true;
                    systemId.Clear();
                    State = c == '"' ? TokenizerState.DoctypeSystemIdentifierDoubleQuoted : TokenizerState.DoctypeSystemIdentifierSingleQuoted;
                }
                else if (c == Eof) { Error("eof-in-doctype"); forceQuirks = true; EmitDoctype(); EmitEof(); }
                else { Error("missing-quote-before-doctype-system-identifier"); forceQuirks = true; Reconsume(TokenizerState.BogusDoctype); }
                return;
            }
            case TokenizerState.AfterDoctypeSystemIdentifier:
                do c = Consume(); while (IsWhitespace(c));
                if (c == '>') { State = TokenizerState.Data; EmitDoctype(); }
                else if (c == Eof) { Error("eof-in-doctype"); forceQuirks = true; EmitDoctype(); EmitEof(); }
                else { Error("unexpected-character-after-doctype-system-identifier"); Reconsume(TokenizerState.BogusDoctype); }
                return;
            case TokenizerState.BogusDoctype:
                while (true)
                {
                    c = Consume();
                    if (c == '>') { State = TokenizerState.Data; EmitDoctype(); return; }
                    if (c == Eof) { EmitDoctype(); EmitEof(); return; }
                    if (c == '\0') Error("unexpected-null-character");
                }

            case TokenizerState.CdataSection:
            {
                if (pos >= length) { EofIn("eof-in-cdata"); return; }
                var rest = Rest(pos);
                int i = rest.IndexOf(']');
                if (i < 0) { AppendText(rest); pos = length; EofIn("eof-in-cdata"); return; }
                AppendText(rest[..i]);
                pos += i + 1;
                State = TokenizerState.CdataSectionBracket;
                return;
            }
            case TokenizerState.CdataSectionBracket:
                c = Consume();
                if (c == ']') State = TokenizerState.CdataSectionEnd;
                else { AppendText(']'); Reconsume(TokenizerState.CdataSection); }
                return;
            case TokenizerState.CdataSectionEnd:
                c = Consume();
                if (c == ']') AppendText(']');
                else if (c == '>') State = TokenizerState.Data;
                else { AppendText("]]"); Reconsume(TokenizerState.CdataSection); }
                return;
        }
    }
}
