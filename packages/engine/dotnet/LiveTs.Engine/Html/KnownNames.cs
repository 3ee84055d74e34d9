namespace LiveTs.Engine.Html;

/// <summary>
/// Interning of tag and attribute names: the tokenizer reads a name into a buffer and gets back one
/// shared string (and the <see cref="Tag"/> id), so a page of ten thousand &lt;div class&gt; holds two
/// name strings, not twenty thousand, and lookups need no allocation.
/// </summary>
internal static class KnownNames
{
    /// <summary>Tag names, indexed by <see cref="Tag"/> (0 is Unknown).</summary>
    private static readonly string[] TagNames =
    [
        "",
        "a", "abbr", "address", "applet", "area", "article", "aside", "audio", "b", "base", "basefont",
        "bdi", "bdo", "bgsound", "big", "blockquote", "body", "br", "button", "canvas", "caption", "center",
        "cite", "code", "col", "colgroup", "data", "datalist", "dd", "del", "desc", "details", "dfn",
        "dialog", "dir", "div", "dl", "dt", "em", "embed", "fieldset", "figcaption", "figure", "font",
        "footer", "foreignobject", "form", "frame", "frameset", "h1", "h2", "h3", "h4", "h5", "h6", "head",
        "header", "hgroup", "hr", "html", "i", "iframe", "image", "img", "input", "ins", "kbd", "keygen",
        "label", "legend", "li", "link", "listing", "main", "mark", "marquee", "math", "menu", "meta",
        "meter", "nav", "nobr", "noembed", "noframes", "noscript", "object", "ol", "optgroup", "option",
        "output", "p", "param", "picture", "plaintext", "pre", "progress", "q", "rb", "rp", "rt", "rtc",
        "ruby", "s", "samp", "script", "search", "section", "select", "selectedcontent", "slot", "small",
        "source", "span", "strike", "strong", "style", "sub", "summary", "sup", "svg", "table", "tbody",
        "td", "template", "textarea", "tfoot", "th", "thead", "time", "title", "tr", "track", "tt", "u",
        "ul", "var", "video", "wbr", "xmp", "mi", "mo", "mn", "ms", "mtext", "annotation-xml", "malignmark",
        "mglyph", "path", "g", "circle", "rect", "line", "polyline", "polygon", "use", "defs", "symbol",
        "text", "tspan", "stop", "lineargradient", "radialgradient", "clippath", "mask", "pattern", "filter",
    ];

    /// <summary>Common attribute names, interned only.</summary>
    private static readonly string[] AttributeNames =
    [
        "id", "class", "href", "src", "alt", "type", "name", "value", "rel", "role", "for", "action",
        "method", "placeholder", "disabled", "checked", "selected", "width", "height", "lang", "charset",
        "content", "target", "tabindex", "hidden", "colspan", "rowspan", "autocomplete", "autofocus",
        "required", "readonly", "multiple", "maxlength", "minlength", "min", "max", "step", "viewbox", "d",
        "fill", "stroke", "xmlns", "x", "y", "cx", "cy", "r", "rx", "ry", "x1", "x2", "y1", "y2", "points",
        "transform", "aria-label", "aria-hidden", "aria-expanded", "aria-controls", "aria-describedby",
        "aria-labelledby", "aria-current", "data-id", "ts-key", "ts-on:click", "ts-on:submit", "ts-on:input",
        "ts-on:change", "ts-on:keydown", "ts-value", "loading", "srcset", "sizes", "media", "async", "defer",
        "crossorigin", "integrity", "size", "accept", "enctype", "novalidate", "open", "download",
        "datetime", "scope", "headers", "http-equiv", "property", "stroke-width", "stroke-linecap",
        "stroke-linejoin", "fill-rule", "clip-rule", "xlink:href", "xml:lang", "encoding", "definitionurl",
        "color", "face",
    ];

    // An open-addressing table with a cheap hash: tag and attribute names are short, and this is
    // looked up for every tag and attribute the tokenizer reads, so it beats Dictionary's
    // randomized string hashing several times over.
    private const int Bits = 11;
    private const int Mask = (1 << Bits) - 1;
    private static readonly string?[] Slots = new string?[1 << Bits];
    private static readonly Tag[] SlotTags = new Tag[1 << Bits];
    private static readonly Dictionary<string, Tag> Tags = BuildTable();

    private static Dictionary<string, Tag> BuildTable()
    {
        var tags = new Dictionary<string, Tag>(TagNames.Length, StringComparer.Ordinal);
        for (int i = 1; i < TagNames.Length; i++)
        {
            tags.Add(TagNames[i], (Tag)i);
            Add(TagNames[i], (Tag)i);
        }
        foreach (var name in AttributeNames) Add(name, Tag.Unknown);
        return tags;
    }

    private static void Add(string name, Tag tag)
    {
        int i = Hash(name);
        while (Slots[i] is not null) i = (i + 1) & Mask;
        Slots[i] = name;
        SlotTags[i] = tag;
    }

    private static int Hash(ReadOnlySpan<char> name)
    {
        uint h = 2166136261;
        foreach (char c in name) h = (h ^ c) * 16777619;
        return (int)((h ^ (h >> 15)) & Mask);
    }

    /// <summary>The shared string for <paramref name="name"/> and its tag id (Unknown when it isn't a known tag).</summary>
    public static string Get(ReadOnlySpan<char> name, out Tag tag)
    {
        if (name.Length <= 16)
        {
            int i = Hash(name);
            while (Slots[i] is { } known)
            {
                if (known.Length == name.Length && name.SequenceEqual(known))
                {
                    tag = SlotTags[i];
                    return known;
                }
                i = (i + 1) & Mask;
            }
        }
        tag = Tag.Unknown;
        return new string(name);
    }

    public static string Get(ReadOnlySpan<char> name) => Get(name, out _);

    /// <summary>The id of a lower-case tag name.</summary>
    public static Tag TagOf(string name) => Tags.TryGetValue(name, out var tag) ? tag : Tag.Unknown;

    public static string NameOf(Tag tag) => TagNames[(int)tag];

    internal static int TagCount => TagNames.Length;
}
