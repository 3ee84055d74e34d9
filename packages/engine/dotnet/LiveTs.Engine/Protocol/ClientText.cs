namespace LiveTs.Engine.Protocol;

/// <summary>
/// Strings a client sent, as they go into log lines and error messages: quoted and cut short, so
/// a 60 KB event name costs a log line of normal size (docs/security.md, "Limits").
/// </summary>
internal static class ClientText
{
    public const int MaxQuotedChars = 80;

    public static string Quote(string text) =>
        text.Length <= MaxQuotedChars ? $"'{text}'" : $"'{text[..MaxQuotedChars]}…' ({text.Length} characters)";
}
