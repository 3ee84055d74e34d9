namespace LiveTs.Engine.Html;

/// <summary>
/// The spec's element categories for HTML-namespace elements (§13.2.4.2 "special", the scope
/// boundaries, the implied-end-tag sets, void and text-content elements), as bits per <see cref="Tag"/>,
/// so each test is an array load. This is the engine's one list of them: the parser, the serializer
/// and the template compiler all ask here. Foreign elements that count (mi, foreignObject…) are
/// tested by namespace in <see cref="TreeBuilder"/>.
/// <para>
/// &lt;select&gt; is not special here: since select content is parsed in body (customizable select),
/// a formatting end tag around a select must not treat it as a block to adopt into — html5lib's
/// "&lt;font&gt;&lt;select&gt;&lt;option&gt;a&lt;/option&gt;&lt;/font&gt;&lt;/select&gt;" keeps the select inside the font, as browsers do.
/// </para>
/// </summary>
internal static class ElementCategories
{
    [Flags]
    private enum Category : byte
    {
        None = 0,
        Special = 1,
        Scope = 2,            // ends "has an element in scope" (HTML part)
        ImpliedEndTag = 4,    // "generate implied end tags"
        ImpliedThorough = 8,  // "... thoroughly" adds the table parts
        Heading = 16,
        Void = 32,            // no content, no end tag
        TextContent = 64,     // the tokenizer reads the content as text (RCDATA, RAWTEXT, script data, PLAINTEXT)
        RawText = 128,        // ...and writes it back unescaped (not title and textarea, whose text is escapable)
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
        // noscript is text because the engine parses with scripting on, as the browser does
        Set(Category.TextContent | Category.RawText,
            Tag.Style, Tag.Script, Tag.Xmp, Tag.Iframe, Tag.Noembed, Tag.Noframes, Tag.Plaintext, Tag.Noscript);
        Set(Category.TextContent, Tag.Title, Tag.Textarea);
        return c;
    }

    private static bool Has(Tag tag, Category category) => (Categories[(int)tag] & category) != 0;

    public static bool IsSpecial(Tag tag) => Has(tag, Category.Special);
    public static bool IsScopeBoundary(Tag tag) => Has(tag, Category.Scope);
    public static bool HasImpliedEndTag(Tag tag) => Has(tag, Category.ImpliedEndTag);
    public static bool HasImpliedEndTagThoroughly(Tag tag) => Has(tag, Category.ImpliedThorough);
    public static bool IsHeading(Tag tag) => Has(tag, Category.Heading);
    /// <summary>Void elements (with the legacy ones a parser also closes at once): no content, no end tag.</summary>
    public static bool IsVoid(Tag tag) => Has(tag, Category.Void);
    /// <summary>Elements whose content is text, not markup, up to their end tag.</summary>
    public static bool HasTextContent(Tag tag) => Has(tag, Category.TextContent);
    /// <summary>Elements whose text is written back unescaped.</summary>
    public static bool WritesRawText(Tag tag) => Has(tag, Category.RawText);
}
