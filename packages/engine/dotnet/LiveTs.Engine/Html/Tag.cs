namespace LiveTs.Engine.Html;

/// <summary>
/// Ids for the tag names the tree builder decides on (and common ones worth interning). The
/// tokenizer looks a name up once; the tree builder then tests ids and category bits instead of
/// comparing strings. An id says nothing about the namespace: an svg &lt;title&gt; has
/// <see cref="Title"/> too, so checks that care test the namespace as well. The names, in this
/// order, are <see cref="KnownNames"/>' table.
/// </summary>
internal enum Tag : ushort
{
    Unknown,
    A, Abbr, Address, Applet, Area, Article, Aside, Audio, B, Base, Basefont, Bdi, Bdo, Bgsound, Big,
    Blockquote, Body, Br, Button, Canvas, Caption, Center, Cite, Code, Col, Colgroup, Data, Datalist, Dd,
    Del, Desc, Details, Dfn, Dialog, Dir, Div, Dl, Dt, Em, Embed, Fieldset, Figcaption, Figure, Font, Footer,
    ForeignObject, Form, Frame, Frameset, H1, H2, H3, H4, H5, H6, Head, Header, Hgroup, Hr, Html, I, Iframe,
    Image, Img, Input, Ins, Kbd, Keygen, Label, Legend, Li, Link, Listing, Main, Mark, Marquee, Math, Menu,
    Meta, Meter, Nav, Nobr, Noembed, Noframes, Noscript, Object, Ol, Optgroup, Option, Output, P, Param,
    Picture, Plaintext, Pre, Progress, Q, Rb, Rp, Rt, Rtc, Ruby, S, Samp, Script, Search, Section, Select,
    SelectedContent, Slot, Small, Source, Span, Strike, Strong, Style, Sub, Summary, Sup, Svg, Table, Tbody,
    Td, Template, Textarea, Tfoot, Th, Thead, Time, Title, Tr, Track, Tt, U, Ul, Var, Video, Wbr, Xmp, Mi,
    Mo, Mn, Ms, Mtext, AnnotationXml, Malignmark, Mglyph, Path, G, Circle, Rect, Line, Polyline, Polygon,
    Use, Defs, Symbol, Text, Tspan, Stop, LinearGradient, RadialGradient, ClipPath, Mask, Pattern, Filter,
}
