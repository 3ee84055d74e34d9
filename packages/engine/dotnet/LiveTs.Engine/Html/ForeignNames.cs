namespace LiveTs.Engine.Html;

/// <summary>
/// Name fix-ups for SVG and MathML content (§13.2.6.1, "adjust SVG/MathML/foreign attributes", and the
/// SVG tag name table): the tokenizer lower-cases every name, but SVG is case-sensitive, so
/// &lt;foreignobject viewbox&gt; must become &lt;foreignObject viewBox&gt; to mean anything to the browser.
/// </summary>
internal static class ForeignNames
{
    private static readonly Dictionary<string, string> SvgTagNames = new(StringComparer.Ordinal)
    {
        ["altglyph"] = "altGlyph", ["altglyphdef"] = "altGlyphDef", ["altglyphitem"] = "altGlyphItem",
        ["animatecolor"] = "animateColor", ["animatemotion"] = "animateMotion",
        ["animatetransform"] = "animateTransform", ["clippath"] = "clipPath", ["feblend"] = "feBlend",
        ["fecolormatrix"] = "feColorMatrix", ["fecomponenttransfer"] = "feComponentTransfer",
        ["fecomposite"] = "feComposite", ["feconvolvematrix"] = "feConvolveMatrix",
        ["fediffuselighting"] = "feDiffuseLighting", ["fedisplacementmap"] = "feDisplacementMap",
        ["fedistantlight"] = "feDistantLight", ["fedropshadow"] = "feDropShadow", ["feflood"] = "feFlood",
        ["fefunca"] = "feFuncA", ["fefuncb"] = "feFuncB", ["fefuncg"] = "feFuncG", ["fefuncr"] = "feFuncR",
        ["fegaussianblur"] = "feGaussianBlur", ["feimage"] = "feImage", ["femerge"] = "feMerge",
        ["femergenode"] = "feMergeNode", ["femorphology"] = "feMorphology", ["feoffset"] = "feOffset",
        ["fepointlight"] = "fePointLight", ["fespecularlighting"] = "feSpecularLighting",
        ["fespotlight"] = "feSpotLight", ["fetile"] = "feTile", ["feturbulence"] = "feTurbulence",
        ["foreignobject"] = "foreignObject", ["glyphref"] = "glyphRef", ["lineargradient"] = "linearGradient",
        ["radialgradient"] = "radialGradient", ["textpath"] = "textPath",
    };

    private static readonly Dictionary<string, string> SvgAttributeNames = new(StringComparer.Ordinal)
    {
        ["attributename"] = "attributeName", ["attributetype"] = "attributeType",
        ["basefrequency"] = "baseFrequency", ["baseprofile"] = "baseProfile", ["calcmode"] = "calcMode",
        ["clippathunits"] = "clipPathUnits", ["diffuseconstant"] = "diffuseConstant", ["edgemode"] = "edgeMode",
        ["filterunits"] = "filterUnits", ["glyphref"] = "glyphRef", ["gradienttransform"] = "gradientTransform",
        ["gradientunits"] = "gradientUnits", ["kernelmatrix"] = "kernelMatrix",
        ["kernelunitlength"] = "kernelUnitLength", ["keypoints"] = "keyPoints", ["keysplines"] = "keySplines",
        ["keytimes"] = "keyTimes", ["lengthadjust"] = "lengthAdjust", ["limitingconeangle"] = "limitingConeAngle",
        ["markerheight"] = "markerHeight", ["markerunits"] = "markerUnits", ["markerwidth"] = "markerWidth",
        ["maskcontentunits"] = "maskContentUnits", ["maskunits"] = "maskUnits", ["numoctaves"] = "numOctaves",
        ["pathlength"] = "pathLength", ["patterncontentunits"] = "patternContentUnits",
        ["patterntransform"] = "patternTransform", ["patternunits"] = "patternUnits", ["pointsatx"] = "pointsAtX",
        ["pointsaty"] = "pointsAtY", ["pointsatz"] = "pointsAtZ", ["preservealpha"] = "preserveAlpha",
        ["preserveaspectratio"] = "preserveAspectRatio", ["primitiveunits"] = "primitiveUnits", ["refx"] = "refX",
        ["refy"] = "refY", ["repeatcount"] = "repeatCount", ["repeatdur"] = "repeatDur",
        ["requiredextensions"] = "requiredExtensions", ["requiredfeatures"] = "requiredFeatures",
        ["specularconstant"] = "specularConstant", ["specularexponent"] = "specularExponent",
        ["spreadmethod"] = "spreadMethod", ["startoffset"] = "startOffset", ["stddeviation"] = "stdDeviation",
        ["stitchtiles"] = "stitchTiles", ["surfacescale"] = "surfaceScale", ["systemlanguage"] = "systemLanguage",
        ["tablevalues"] = "tableValues", ["targetx"] = "targetX", ["targety"] = "targetY",
        ["textlength"] = "textLength", ["viewbox"] = "viewBox", ["viewtarget"] = "viewTarget",
        ["xchannelselector"] = "xChannelSelector", ["ychannelselector"] = "yChannelSelector",
        ["zoomandpan"] = "zoomAndPan",
    };

    /// <summary>Every name the fix-ups produce: known names (<see cref="KnownNames"/>), so an adjusted name is an id like any other.</summary>
    internal static IEnumerable<string> AdjustedNames => SvgTagNames.Values.Concat(SvgAttributeNames.Values).Append("definitionURL");

    /// <summary>The id of the SVG element name for the lower-case tag name <paramref name="id"/>.</summary>
    public static int SvgTagName(int id, NameTable names) =>
        SvgTagNames.TryGetValue(names[id], out var fixedName) ? KnownNames.Find(fixedName) : id;

    /// <summary>Adjusts the token's attribute names in place for an element in <paramref name="ns"/>.</summary>
    public static void AdjustAttributes(Token token, HtmlNamespace ns, NameTable names)
    {
        for (int i = 0; i < token.AttributeCount; i++)
        {
            string name = names[token.Attributes[i].Name];
            string? adjusted = ns == HtmlNamespace.Svg
                ? (SvgAttributeNames.TryGetValue(name, out var svgName) ? svgName : null)
                : (name == "definitionurl" ? "definitionURL" : null);
            if (adjusted is not null) token.Attributes[i].Name = KnownNames.Find(adjusted);
        }
        // The foreign attributes (xlink:href, xml:lang, xmlns, xmlns:xlink) keep their qualified names
        // as written; only a DOM would split prefix and namespace, and markup writes them back the same.
    }
}
