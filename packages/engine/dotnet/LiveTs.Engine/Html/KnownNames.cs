namespace LiveTs.Engine.Html;

/// <summary>
/// The names every tree shares: tag and common attribute names with fixed ids. The tokenizer reads a
/// name and gets its id (through the tree's <see cref="NameTable"/>, which numbers the others), so a
/// page of ten thousand &lt;div class&gt; holds no name strings at all, and comparing names is comparing ints.
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

    // Two open-addressing tables, looked up for every tag and attribute the tokenizer reads. A name
    // of up to 8 ASCII chars (nearly all of them) is packed into a ulong, a char per byte, which is
    // an exact key: finding it is a multiply and a compare, and the tokenizer packs it as it reads
    // the name. Longer names go through a string table with a cheap hash. Both beat Dictionary's
    // randomized string hashing several times over. A slot holds a name's id + 1 (0 is empty).
    private const int Bits = 11;
    private const int Mask = (1 << Bits) - 1;
    private static readonly string[] Names = BuildNames();
    private static readonly ulong[] PackedKeys = new ulong[1 << Bits];
    private static readonly int[] PackedSlots = new int[1 << Bits];
    private static readonly int[] LongSlots = BuildSlots();

    /// <summary>
    /// Every known name, indexed by id: the tags first (so a tag's name id is its <see cref="Tag"/>),
    /// then the common attributes, then the camelCase SVG names the foreign-content fix-ups produce.
    /// </summary>
    private static string[] BuildNames()
    {
        var names = new List<string>(TagNames);
        var seen = new HashSet<string>(TagNames, StringComparer.Ordinal);
        foreach (var name in AttributeNames.Concat(ForeignNames.AdjustedNames))
            if (seen.Add(name)) names.Add(name);
        return [.. names];
    }

    private static int[] BuildSlots()
    {
        var slots = new int[1 << Bits];
        for (int id = 1; id < Names.Length; id++)
        {
            var name = Names[id];
            if (Pack(name) is var key and not 0)
            {
                int p = PackedSlot(key);
                while (PackedSlots[p] != 0) p = (p + 1) & Mask;
                PackedKeys[p] = key;
                PackedSlots[p] = id + 1;
                continue;
            }
            int i = Hash(name);
            while (slots[i] != 0) i = (i + 1) & Mask;
            slots[i] = id + 1;
        }
        return slots;
    }

    /// <summary>Names up to this long pack into a ulong (<see cref="Pack(ulong, char)"/>).</summary>
    public const int MaxPacked = 8;

    /// <summary>Adds an ASCII char to a packed name: a scanner packs a name char by char as it reads it.</summary>
    public static ulong Pack(ulong packed, char c) => packed << 8 | c;

    /// <summary>The packed key of a name, or 0 when it is too long or not ASCII.</summary>
    private static ulong Pack(ReadOnlySpan<char> name)
    {
        if (name.Length > MaxPacked) return 0;
        ulong key = 0;
        foreach (char c in name)
        {
            if (c == 0 || c >= 128) return 0;
            key = Pack(key, c);
        }
        return key;
    }

    private static int PackedSlot(ulong key) => (int)((key * 0x9E3779B97F4A7C15) >> (64 - Bits));

    private static int Hash(ReadOnlySpan<char> name)
    {
        uint h = 2166136261;
        foreach (char c in name) h = (h ^ c) * 16777619;
        return (int)((h ^ (h >> 15)) & Mask);
    }

    /// <summary>The id of a known name, or -1 (a tree's <see cref="NameTable"/> then gives it one of its own).</summary>
    public static int Find(ReadOnlySpan<char> name)
    {
        if (name.IsEmpty) return -1;
        if (Pack(name) is var key and not 0) return FindPacked(key);
        if (name.Length > 24) return -1;
        int i = Hash(name);
        while (LongSlots[i] is var entry and not 0)
        {
            var known = Names[entry - 1];
            if (known.Length == name.Length && name.SequenceEqual(known)) return entry - 1;
            i = (i + 1) & Mask;
        }
        return -1;
    }

    /// <summary>The id of the known name packed as <paramref name="key"/> (a name of 1–8 ASCII chars), or -1.</summary>
    public static int FindPacked(ulong key)
    {
        int i = PackedSlot(key);
        while (PackedSlots[i] is var entry and not 0)
        {
            if (PackedKeys[i] == key) return entry - 1;
            i = (i + 1) & Mask;
        }
        return -1;
    }

    /// <summary>How many names are known: ids below this are the same in every tree.</summary>
    public static int Count => Names.Length;

    public static string NameOf(int id) => Names[id];

    /// <summary>The tag of a name id (<see cref="Tag.Unknown"/> for names that are not tags).</summary>
    public static Tag TagOf(int id) => (uint)id < (uint)TagNames.Length ? (Tag)id : Tag.Unknown;

    /// <summary>The id of a lower-case tag name.</summary>
    public static Tag TagOf(string name) => TagOf(Find(name));

    public static string NameOf(Tag tag) => TagNames[(int)tag];

    internal static int TagCount => TagNames.Length;

    // The attribute names the tree builder and the differ ask for by id.
    public static readonly int Id = Find("id");
    public static readonly int TsKey = Find(Protocol.Vocabulary.DIRECTIVE_KEY);
    public static readonly int Type = Find("type");
    public static readonly int Encoding = Find("encoding");
    public static readonly int Selected = Find("selected");
    public static readonly int Color = Find("color");
    public static readonly int Face = Find("face");
    public static readonly int Size = Find("size");
}
