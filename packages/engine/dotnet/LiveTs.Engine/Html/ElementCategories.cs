namespace LiveTs.Engine.Html;

/// <summary>
/// The spec's element categories for HTML-namespace elements (§13.2.4.2 "special", §13.2.4.3
/// formatting, the scope boundaries, the implied-end-tag sets), as bits per <see cref="Tag"/>, so
/// each test is an array load. Foreign elements that count (mi, foreignObject…) are tested by
/// namespace in <see cref="TreeBuilder"/>.
/// <para>
/// &lt;select&gt; is not special here: since select content is parsed in body (customizable select),
/// a formatting end tag around a select must not treat it as a block to adopt into — html5lib's
/// "&lt;font&gt;&lt;select&gt;&lt;option&gt;a&lt;/option&gt;&lt;/font&gt;&lt;/select&gt;" keeps the select inside the font, as browsers do.
/// </para>
/// </summary>
internal static class ElementCategories
{
    [Flags]
    private enum Category : ushort
    {
        None = 0,
        Special = 1,
        Formatting = 2,
        Scope = 4,            // ends "has an element in scope" (HTML part)
        ImpliedEndTag = 8,    // "generate implied end tags"
        ImpliedThorough = 16, // "... thoroughly" adds the table parts
        Heading = 32,
        Void = 64,            // serializes as void
    }

    private static readonly Category[] Categories = Build();

    private static Category[] Build()
    {
        var c = new Category[KnownNames.TagCount];
        void Set(Category category, params Tag[] tags) { foreach (var t in tags) c[(int)t] |= category; }
        Set(Category.Special,
            Tag.Address, Tag.Applet, Tag.Area, Tag.Article, Tag.Aside, Tag.Base, Tag.Basefont, Tag.Bgsound, Tag.Blockquote,
            Tag.Body, Tag.Br, Tag.Button, Tag.Caption, Tag.Center, Tag.Col, Tag.Colgroup, Tag.Dd, Tag.Details, Tag.Dir,
            Tag.Div, Tag.Dl, Tag.Dt, Tag.Embed, Tag.Fieldset, Tag.Figcaption, Tag.Figure, Tag.Footer, Tag.Form, Tag.Frame,
            Tag.Frameset, Tag.H1, Tag.H2, Tag.H3, Tag.H4, Tag.H5, Tag.H6, Tag.Head, Tag.Header, Tag.Hgroup, Tag.Hr, Tag.Html,
            Tag.Iframe, Tag.Img, Tag.Input, Tag.Keygen, Tag.Li, Tag.Link, Tag.Listing, Tag.Main, Tag.Marquee, Tag.Menu,
            Tag.Meta, Tag.Nav, Tag.Noembed, Tag.Noframes, Tag.Noscript, Tag.Object, Tag.Ol, Tag.P, Tag.Param, Tag.Plaintext,
            Tag.Pre, Tag.Script, Tag.Search, Tag.Section, Tag.Source, Tag.Style, Tag.Summary, Tag.Table,
            Tag.Tbody, Tag.Td, Tag.Template, Tag.Textarea, Tag.Tfoot, Tag.Th, Tag.Thead, Tag.Title, Tag.Tr, Tag.Track,
            Tag.Ul, Tag.Wbr, Tag.Xmp);
        Set(Category.Formatting,
            Tag.A, Tag.B, Tag.Big, Tag.Code, Tag.Em, Tag.Font, Tag.I, Tag.Nobr, Tag.S, Tag.Small, Tag.Strike, Tag.Strong, Tag.Tt, Tag.U);
        Set(Category.Scope,
            Tag.Applet, Tag.Caption, Tag.Html, Tag.Table, Tag.Td, Tag.Th, Tag.Marquee, Tag.Object, Tag.Template);
        Set(Category.ImpliedEndTag | Category.ImpliedThorough,
            Tag.Dd, Tag.Dt, Tag.Li, Tag.Optgroup, Tag.Option, Tag.P, Tag.Rb, Tag.Rp, Tag.Rt, Tag.Rtc);
        Set(Category.ImpliedThorough,
            Tag.Caption, Tag.Colgroup, Tag.Tbody, Tag.Td, Tag.Tfoot, Tag.Th, Tag.Thead, Tag.Tr);
        Set(Category.Heading, Tag.H1, Tag.H2, Tag.H3, Tag.H4, Tag.H5, Tag.H6);
        Set(Category.Void,
            Tag.Area, Tag.Base, Tag.Basefont, Tag.Bgsound, Tag.Br, Tag.Col, Tag.Embed, Tag.Frame, Tag.Hr, Tag.Img, Tag.Input,
            Tag.Keygen, Tag.Link, Tag.Meta, Tag.Param, Tag.Source, Tag.Track, Tag.Wbr);
        return c;
    }

    private static bool Has(Tag tag, Category category) => (Categories[(int)tag] & category) != 0;

    public static bool IsSpecial(Tag tag) => Has(tag, Category.Special);
    public static bool IsFormatting(Tag tag) => Has(tag, Category.Formatting);
    public static bool IsScopeBoundary(Tag tag) => Has(tag, Category.Scope);
    public static bool HasImpliedEndTag(Tag tag) => Has(tag, Category.ImpliedEndTag);
    public static bool HasImpliedEndTagThoroughly(Tag tag) => Has(tag, Category.ImpliedThorough);
    public static bool IsHeading(Tag tag) => Has(tag, Category.Heading);
    /// <summary>Void elements plus the legacy ones the serializer also writes without an end tag.</summary>
    public static bool SerializesAsVoid(Tag tag) => Has(tag, Category.Void);
}
