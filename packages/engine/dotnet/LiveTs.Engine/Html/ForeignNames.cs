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

    /// <summary>The camelCase SVG name for a lower-case tag name (the same string when there is none).</summary>
    public static string SvgTagName(string name) => SvgTagNames.TryGetValue(name, out var fixedName) ? fixedName : name;

    /// <summary>Adjusts attribute names in place for an element in <paramref name="ns"/>.</summary>
    public static void AdjustAttributes(List<KeyValuePair<string, string>> attributes, HtmlNamespace ns)
    {
        for (int i = 0; i < attributes.Count; i++)
        {
            var (name, value) = attributes[i];
            string? adjusted = ns == HtmlNamespace.Svg
                ? (SvgAttributeNames.TryGetValue(name, out var svgName) ? svgName : null)
                : (name == "definitionurl" ? "definitionURL" : null);
            if (adjusted is not null) attributes[i] = new(adjusted, value);
        }
        // The foreign attributes (xlink:href, xml:lang, xmlns, xmlns:xlink) keep their qualified names
        // as written; only a DOM would split prefix and namespace, and markup writes them back the same.
    }

    /// <summary>
    /// The namespace prefix of an adjusted foreign attribute ("xlink" for xlink:href), or null. Used
    /// where the namespace is shown, as in the html5lib tree dumps.
    /// </summary>
    public static string? ForeignAttributePrefix(string name) => name switch
    {
        "xlink:actuate" or "xlink:arcrole" or "xlink:href" or "xlink:role" or "xlink:show" or "xlink:title" or "xlink:type" => "xlink",
        "xml:lang" or "xml:space" => "xml",
        "xmlns" or "xmlns:xlink" => "xmlns",
        _ => null,
    };
}
