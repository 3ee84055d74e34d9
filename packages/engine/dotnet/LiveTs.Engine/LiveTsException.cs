namespace LiveTs.Engine;

/// <summary>
/// An error the application developer can act on. <see cref="Code"/> is stable and reaches JS
/// as <c>error.code</c>; the message says what to do.
/// </summary>
public class LiveTsException(string code, string message) : Exception(message)
{
    public string Code { get; } = code;
}

public static class EngineErrorCodes
{
    public const string TemplateInvalid = "LIVETS_TEMPLATE_INVALID";
    public const string RenderTreeInvalid = "LIVETS_RENDER_TREE_INVALID";
    /// <summary>
    /// A render referred to the items of a stamped list the engine no longer keeps. The JS side asks
    /// (stampedItems) before it refers to one (packages/livets/src/list-memo.ts), so this is an encoder bug.
    /// </summary>
    public const string RenderTreeStale = "LIVETS_RENDER_TREE_STALE";
    public const string UnknownTemplate = "LIVETS_UNKNOWN_TEMPLATE";
    public const string UnknownConnection = "LIVETS_UNKNOWN_CONNECTION";
    public const string InvalidArgument = "LIVETS_INVALID_ARGUMENT";
    public const string Internal = "LIVETS_ENGINE_INTERNAL";
}
