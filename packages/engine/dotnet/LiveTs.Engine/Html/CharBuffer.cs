namespace LiveTs.Engine.Html;

/// <summary>
/// A growable char array the tokenizer reuses for every name, value and text run, so reading
/// markup allocates only the strings that end up in the tree (a StringBuilder is chunked and
/// can't hand out one span).
/// </summary>
internal sealed class CharBuffer(int capacity = 64)
{
    private char[] chars = new char[capacity];
    private int length;

    public int Length => length;
    public ReadOnlySpan<char> Span => chars.AsSpan(0, length);
    public char this[int index] => chars[index];

    public void Clear() => length = 0;

    public void Append(char c)
    {
        if (length == chars.Length) Grow(1);
        chars[length++] = c;
    }

    public void Append(ReadOnlySpan<char> text)
    {
        if (length + text.Length > chars.Length) Grow(text.Length);
        text.CopyTo(chars.AsSpan(length));
        length += text.Length;
    }

    public void AppendCodePoint(int codePoint)
    {
        if (codePoint < 0x10000) Append((char)codePoint);
        else
        {
            codePoint -= 0x10000;
            Append((char)(0xD800 + (codePoint >> 10)));
            Append((char)(0xDC00 + (codePoint & 0x3FF)));
        }
    }

    public bool SpanEquals(string other) => Span.SequenceEqual(other);

    public override string ToString() => length == 0 ? "" : new string(chars, 0, length);

    private void Grow(int needed) => Array.Resize(ref chars, Math.Max(chars.Length * 2, length + needed));
}
