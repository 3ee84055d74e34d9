namespace LiveTs.Engine.Protocol;

/// <summary>
/// The ts-* attribute vocabulary (docs/events.md, docs/directives.md): the names the engine accepts
/// in a template (Templates/DirectiveNames.cs checks them), the browser client acts on
/// (packages/client/src/protocol.ts holds the same names) and <c>livets check</c> reports against.
/// protocol/test-vectors.json ("constants" and "vocabulary") is checked by both test suites.
/// </summary>
internal static class Vocabulary
{
    /// <summary><c>ts-on:&lt;event&gt;[.modifiers]="handler"</c>.</summary>
    public const string DIRECTIVE_ON = "ts-on:";
    /// <summary><c>ts-value-&lt;name&gt;="…"</c>: a field of the element's events.</summary>
    public const string DIRECTIVE_VALUE = "ts-value-";
    public const string DIRECTIVE_KEY = "ts-key";
    public const string DIRECTIVE_TEXT = "ts-text";
    public const string DIRECTIVE_SHOW = "ts-show";
    public const string DIRECTIVE_CLASS = "ts-class";
    public const string DIRECTIVE_IF = "ts-if";
    /// <summary><c>ts-disable-with="Saving…"</c>: disabled, with this text, while its event is in flight (docs/forms.md).</summary>
    public const string DIRECTIVE_DISABLE_WITH = "ts-disable-with";
    /// <summary><c>ts-auto-recover="ignore" | "event"</c> on a form: what it sends after a reconnect that remounted the view.</summary>
    public const string DIRECTIVE_AUTO_RECOVER = "ts-auto-recover";
    /// <summary>The value of ts-auto-recover that turns recovery off.</summary>
    public const string AUTO_RECOVER_IGNORE = "ignore";
    /// <summary>The class an element (and its form) carries while an event it sent is in flight; <c>ts-&lt;type&gt;-loading</c> too.</summary>
    public const string LOADING_CLASS = "ts-loading";
    /// <summary><c>ts-target="card-7"</c>: the element's events go to the component with that id (docs/components.md).</summary>
    public const string DIRECTIVE_TARGET = "ts-target";
    /// <summary>The value of ts-target that sends an event inside a component to the view.</summary>
    public const string TARGET_VIEW = "@view";
    /// <summary><c>ts-viewport-bottom="loadMore"</c>: sent when the element's last child scrolls into view (infinite scroll).</summary>
    public const string DIRECTIVE_VIEWPORT_BOTTOM = "ts-viewport-bottom";
    /// <summary><c>&lt;a href="/items?page=2" ts-patch&gt;</c>: the same view takes the URL's params over the live connection (docs/navigation.md).</summary>
    public const string DIRECTIVE_PATCH = "ts-patch";
    /// <summary><c>&lt;a href="/items/7" ts-navigate&gt;</c>: the view routed at the URL is mounted over the live connection.</summary>
    public const string DIRECTIVE_NAVIGATE = "ts-navigate";
    /// <summary><c>ts-js="show('#menu')"</c> (on click) or <c>ts-js:&lt;event&gt;[.modifiers]="…"</c>: client commands, no round trip (docs/client.md).</summary>
    public const string DIRECTIVE_JS = "ts-js";
    /// <summary><c>ts-hook-events="zoom pan"</c> on a ts-hook element: the view's handlers its hook may call with pushEvent.</summary>
    public const string DIRECTIVE_HOOK_EVENTS = "ts-hook-events";
    /// <summary><c>ts-update="ignore"</c>: patches leave the element's content alone (a JavaScript library owns it).</summary>
    public const string DIRECTIVE_UPDATE = "ts-update";
    /// <summary>The value of ts-update that keeps patches out of the element's content.</summary>
    public const string UPDATE_IGNORE = "ignore";
    // ts-form, ts-upload and ts-hook are EventName.EVENT_FORM_PREFIX, EVENT_UPLOAD_PREFIX and EVENT_HOOK_PREFIX: they prefix their events' names.
    // ts-model is EventName.EVENT_MODEL_PREFIX: the attribute also prefixes its fields' event names.

    /// <summary>ts-on modifiers other than keys. debounce and throttle may be followed by a wait (<c>.300</c>, <c>.300ms</c>).</summary>
    public static readonly IReadOnlyList<string> EVENT_MODIFIERS = ["prevent", "stop", "self", "once", "window", "document", "debounce", "throttle"];

    /// <summary>Keys that must be held: <c>.ctrl</c> passes when ctrlKey is true.</summary>
    public static readonly IReadOnlyList<string> SYSTEM_MODIFIERS = ["ctrl", "shift", "alt", "meta"];

    /// <summary>Key filter names and the KeyboardEvent.key each stands for; a single letter or digit is a filter too.</summary>
    public static readonly IReadOnlyDictionary<string, string> KEY_FILTERS = new Dictionary<string, string>
    {
        ["enter"] = "Enter", ["escape"] = "Escape", ["tab"] = "Tab", ["space"] = " ", ["backspace"] = "Backspace",
        ["delete"] = "Delete", ["arrow-up"] = "ArrowUp", ["arrow-down"] = "ArrowDown", ["arrow-left"] = "ArrowLeft",
        ["arrow-right"] = "ArrowRight", ["home"] = "Home", ["end"] = "End", ["page-up"] = "PageUp", ["page-down"] = "PageDown",
    };

    /// <summary>ts-model modifiers; debounce may be followed by a wait.</summary>
    public static readonly IReadOnlyList<string> MODEL_MODIFIERS = ["lazy", "number", "trim", "debounce"];

    /// <summary>ts-patch and ts-navigate modifiers: <c>.replace</c> replaces the history entry instead of adding one.</summary>
    public static readonly IReadOnlyList<string> LINK_MODIFIERS = ["replace"];

    /// <summary>The commands of the ts-js grammar (Templates/JsCommands.cs; docs/client.md).</summary>
    public static readonly IReadOnlyList<string> JS_COMMANDS =
        ["show", "hide", "toggle", "addClass", "removeClass", "toggleClass", "setAttr", "removeAttr", "focus", "dispatch", "transition", "push"];
}
