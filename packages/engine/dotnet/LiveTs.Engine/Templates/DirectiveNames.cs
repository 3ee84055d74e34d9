using LiveTs.Engine.Protocol;

namespace LiveTs.Engine.Templates;

/// <summary>
/// The ts-* attribute names a template may use, with their modifiers, from the shared vocabulary
/// (Protocol/Vocabulary.cs). A name outside it is a compile error: a typo must not silently do nothing.
/// </summary>
internal static class DirectiveNames
{
    public const string On = Vocabulary.DIRECTIVE_ON;
    public const string Value = Vocabulary.DIRECTIVE_VALUE;
    /// <summary>The attribute is also the prefix of the fields' event names (protocol).</summary>
    public const string Model = EventName.EVENT_MODEL_PREFIX;
    public const string Key = Vocabulary.DIRECTIVE_KEY;
    public const string Text = Vocabulary.DIRECTIVE_TEXT;
    public const string Show = Vocabulary.DIRECTIVE_SHOW;
    public const string Class = Vocabulary.DIRECTIVE_CLASS;
    public const string If = Vocabulary.DIRECTIVE_IF;
    /// <summary><c>ts-form="name"</c>: the form's changes travel as the event <c>ts-form:name</c> (docs/forms.md).</summary>
    public const string Form = EventName.EVENT_FORM_PREFIX;
    /// <summary><c>ts-upload="name"</c> on a file input: its files go to the view's upload of that name.</summary>
    public const string Upload = EventName.EVENT_UPLOAD_PREFIX;
    /// <summary><c>ts-disable-with="Saving…"</c>: the client disables the element and shows this text while its event is in flight.</summary>
    public const string DisableWith = Vocabulary.DIRECTIVE_DISABLE_WITH;
    /// <summary><c>ts-auto-recover="ignore" | "event"</c> on a form: what it sends after a reconnect that remounted the view.</summary>
    public const string AutoRecover = Vocabulary.DIRECTIVE_AUTO_RECOVER;
    /// <summary>The value of ts-auto-recover that turns recovery off.</summary>
    public const string AutoRecoverIgnore = Vocabulary.AUTO_RECOVER_IGNORE;
    /// <summary><c>ts-target="card-7"</c> (or <c>@view</c>): which component the element's events go to (docs/components.md).</summary>
    public const string Target = Vocabulary.DIRECTIVE_TARGET;
    /// <summary><c>ts-viewport-bottom="loadMore"</c>: an event sent when the element's last child scrolls into view.</summary>
    public const string ViewportBottom = Vocabulary.DIRECTIVE_VIEWPORT_BOTTOM;
    /// <summary><c>ts-patch[.replace]</c> on a link: the same view takes the URL's params (docs/navigation.md).</summary>
    public const string Patch = Vocabulary.DIRECTIVE_PATCH;
    /// <summary><c>ts-navigate[.replace]</c> on a link: the view routed at the URL is mounted over the live connection.</summary>
    public const string Navigate = Vocabulary.DIRECTIVE_NAVIGATE;
    /// <summary><c>ts-js="…"</c> (on click) or <c>ts-js:&lt;event&gt;[.modifiers]="…"</c>: client commands (JsCommands.cs).</summary>
    public const string Js = Vocabulary.DIRECTIVE_JS;
    /// <summary><c>ts-hook="Chart"</c>: the page's hook of that name runs for the element (docs/client.md).</summary>
    public const string Hook = EventName.EVENT_HOOK_PREFIX;
    /// <summary><c>ts-hook-events="zoom pan"</c>: the handlers the element's hook may call, declared as <c>ts-hook:zoom</c>, <c>ts-hook:pan</c>.</summary>
    public const string HookEvents = Vocabulary.DIRECTIVE_HOOK_EVENTS;
    /// <summary><c>ts-update="ignore"</c>: patches leave the element's content alone.</summary>
    public const string Update = Vocabulary.DIRECTIVE_UPDATE;

    private static readonly HashSet<string> EventModifiers =
        [.. Vocabulary.EVENT_MODIFIERS, .. Vocabulary.SYSTEM_MODIFIERS, .. Vocabulary.KEY_FILTERS.Keys];
    private static readonly HashSet<string> ModelModifiers = [.. Vocabulary.MODEL_MODIFIERS];
    private static readonly HashSet<string> LinkModifiers = [.. Vocabulary.LINK_MODIFIERS];
    private static readonly string Known =
        $"{On}<event>[.modifiers], {Model}[{string.Join("|", Vocabulary.MODEL_MODIFIERS.Select(m => m == "debounce" ? ".debounce[.<ms>]" : "." + m))}], {Value}<name>, {Key}, {Text}, {Show}, {Class}, {If}, {Form}, {Upload}, {DisableWith}, {AutoRecover}, {Target}, {ViewportBottom}, " +
        $"{Patch}[.replace], {Navigate}[.replace], {Js}[:<event>[.modifiers]], {Hook}, {HookEvents}, {Update}";

    /// <summary>Null when <paramref name="name"/> (lower case) is a directive this engine knows; otherwise what is wrong.</summary>
    public static string? Problem(string name)
    {
        if (!name.StartsWith("ts-", StringComparison.Ordinal)) return null;
        if (name.StartsWith(Value, StringComparison.Ordinal)) return name.Length > Value.Length ? null : $"'{name}' needs a name: ts-value-<name>";
        if (name is Key or Text or Show or Class or If or Form or Upload or DisableWith or AutoRecover or Target or ViewportBottom or Js or Hook or HookEvents or Update) return null;
        if (name.StartsWith(On, StringComparison.Ordinal) || name.StartsWith(Js + ":", StringComparison.Ordinal))
        {
            var prefix = name.StartsWith(On, StringComparison.Ordinal) ? On : Js + ":";
            var parts = name[prefix.Length..].Split('.');
            if (parts[0].Length == 0) return $"'{name}' needs an event: {prefix}click, {prefix}keydown.enter, ...";
            return ModifierProblem(name, parts, EventModifiers, allowKeys: true);
        }
        foreach (var link in (ReadOnlySpan<string>)[Patch, Navigate])
            if (name == link || name.StartsWith(link + ".", StringComparison.Ordinal))
                return ModifierProblem(name, name.Split('.'), LinkModifiers, allowKeys: false);
        if (name == Model || name.StartsWith(Model + ".", StringComparison.Ordinal))
            return ModifierProblem(name, name.Split('.'), ModelModifiers, allowKeys: false);
        return $"unknown directive '{name}'; known: {Known}";
    }

    /// <summary>
    /// The event names a static attribute declares: a handler in <c>ts-on:*</c>, a form's
    /// <c>ts-form:name</c>, an upload's <c>ts-upload:name</c>, a recovery event in <c>ts-auto-recover</c>,
    /// a hook's <c>ts-hook:name</c> per name in <c>ts-hook-events</c>, the events a <c>ts-js</c>'s push commands send.
    /// The engine accepts only events (and uploads) some template on the page declares.
    /// </summary>
    public static IEnumerable<string> DeclaredEvents(string name, string value)
    {
        var trimmed = value.Trim();
        if (trimmed.Length == 0) return [];
        if (name.StartsWith(On, StringComparison.Ordinal) || name == ViewportBottom) return [trimmed];
        if (IsJs(name)) return JsCommands.PushedEvents(trimmed);
        return name switch
        {
            Form or Upload => [name + ":" + trimmed],
            AutoRecover => trimmed == AutoRecoverIgnore ? [] : [trimmed],
            HookEvents => trimmed.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Select(e => Hook + ":" + e),
            _ => [],
        };
    }

    /// <summary>Whether the attribute holds client commands: <c>ts-js</c> or <c>ts-js:&lt;event&gt;…</c>.</summary>
    public static bool IsJs(string name) => name == Js || name.StartsWith(Js + ":", StringComparison.Ordinal);

    /// <summary>Directives whose value names something (a handler, a form, an upload, a hook): written in the template, never a ${...}.</summary>
    public static bool TakesAName(string name) => name.StartsWith(On, StringComparison.Ordinal) || name is Form or Upload or AutoRecover or ViewportBottom or Hook or HookEvents;

    private static bool IsMilliseconds(string part)
    {
        var digits = part.EndsWith("ms", StringComparison.Ordinal) ? part[..^2] : part;
        return digits.Length > 0 && digits.All(char.IsAsciiDigit);
    }

    private static string? ModifierProblem(string name, string[] parts, HashSet<string> known, bool allowKeys)
    {
        for (int i = 1; i < parts.Length; i++)
        {
            var modifier = parts[i];
            if (!known.Contains(modifier))
            {
                if (allowKeys && modifier.Length == 1 && char.IsAsciiLetterOrDigit(modifier[0])) continue; // a key: .a, .1
                return $"'{name}': unknown modifier '.{modifier}'";
            }
            // a wait may follow (.300 or .300ms); without one the client waits 250 ms
            if (modifier is "debounce" or "throttle" && i + 1 < parts.Length && IsMilliseconds(parts[i + 1])) i++;
        }
        return null;
    }
}
