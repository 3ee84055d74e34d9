namespace LiveTs.Engine.Rendering;

/// <summary>
/// Interpolated values in URL-valued attributes (href, src, action, formaction, …) cannot carry a
/// URL that runs code when followed: <c>javascript:</c>, <c>vbscript:</c>, or a <c>data:</c> URL
/// of a document type (docs/security.md, "Safe URLs"). Such a value is replaced by a harmless one;
/// markup passed through <c>raw()</c> is trusted and left alone. The replacements are remembered
/// so the host can warn in development.
/// </summary>
internal static class SafeUrls
{
    /// <summary>What an unsafe URL becomes: a URL that goes nowhere and says why.</summary>
    public const string Replacement = "about:invalid#unsafe-url";

    /// <summary>Attributes whose value is a URL (or, for srcset and ping, a list of them).</summary>
    private static readonly HashSet<string> UrlAttributes =
    [
        "href", "src", "action", "formaction", "poster", "cite", "data", "background", "lowsrc", "longdesc",
        "manifest", "codebase", "usemap", "dynsrc", "xlink:href", "ping", "srcset",
    ];

    /// <summary>data: URLs that are only media (they cannot run script when followed).</summary>
    private static readonly string[] MediaDataTypes =
        ["data:image/png", "data:image/jpeg", "data:image/jpg", "data:image/gif", "data:image/webp", "data:image/avif", "data:image/bmp", "data:video/", "data:audio/"];

    private static readonly Queue<string> blocked = new();
    private const int MaxRemembered = 20;

    public static bool IsUrlAttribute(string name) => UrlAttributes.Contains(name);

    /// <summary><paramref name="value"/>, or <see cref="Replacement"/> when it is (or, for a list, holds) an unsafe URL.</summary>
    public static string Check(string attribute, string value)
    {
        bool list = attribute is "srcset" or "ping";
        bool unsafeUrl = list
            ? value.Split(attribute == "srcset" ? ',' : ' ', StringSplitOptions.RemoveEmptyEntries).Any(candidate => IsUnsafe(candidate.Trim().Split(' ')[0]))
            : IsUnsafe(value);
        if (!unsafeUrl) return value;
        lock (blocked)
        {
            if (blocked.Count == MaxRemembered) blocked.Dequeue();
            blocked.Enqueue($"{attribute}=\"{(value.Length > 60 ? value[..60] + "…" : value)}\"");
        }
        return Replacement;
    }

    /// <summary>The values replaced since the last call (at most the last 20), for the host's development warnings.</summary>
    public static List<string> TakeBlocked()
    {
        lock (blocked)
        {
            var taken = blocked.ToList();
            blocked.Clear();
            return taken;
        }
    }

    /// <summary>
    /// Whether a URL runs code when followed. Browsers ignore leading spaces and control
    /// characters and tabs or newlines anywhere in the scheme, and compare it case-insensitively.
    /// </summary>
    internal static bool IsUnsafe(string url)
    {
        Span<char> scheme = stackalloc char[16];
        int length = 0;
        foreach (char c in url)
        {
            if (c <= ' ' && length == 0) continue;      // leading whitespace and control characters
            if (c is '\t' or '\n' or '\r') continue;   // stripped by the URL parser
            if (c == ':') break;
            if (length == scheme.Length) return false;  // no scheme this long is dangerous
            if (!char.IsAsciiLetterOrDigit(c) && c is not ('+' or '-' or '.')) return false; // a path or a relative URL
            scheme[length++] = char.ToLowerInvariant(c);
        }
        var name = scheme[..length];
        if (name.SequenceEqual("javascript") || name.SequenceEqual("vbscript")) return url.Contains(':');
        if (!name.SequenceEqual("data") || !url.Contains(':')) return false;
        var normalized = new string(url.Where(c => c > ' ').ToArray()).ToLowerInvariant();
        return !MediaDataTypes.Any(normalized.StartsWith);
    }
}
