using LiveTs.Engine.Html;
using LiveTs.Engine.Rendering;

namespace LiveTs.Engine.Diffing;

/// <summary>
/// When a plain HTML render's parse may be reused (docs/architecture.md, "Renders"): a page that
/// returns a string is parsed on every render, and building each parse in the arrays of the one
/// before the last (<see cref="TreeStoragePool"/>) saves allocating and collecting a large tree per
/// render. A parse is reused only once nothing can read it: it was parsed for one connection's
/// render (<see cref="Owned"/>), nothing else took it since (<see cref="Shared"/>: a remembered
/// transition, a shared first render), and that connection now shows another parse
/// (<see cref="Replaced"/>). Anything that keeps a render value beyond the connection that shows
/// it must call <see cref="Shared"/>; a parse that is never released is only left to the GC.
/// </summary>
internal static class RecycledParses
{
    /// <summary>A parse made for one connection's render, which only that connection holds.</summary>
    public static void Owned(RenderValue fresh)
    {
        if (fresh.Kind == ValueKind.PlainHtml) fresh.Fragment.Recyclable = true;
    }

    /// <summary>The value is kept somewhere besides the connection that shows it: its parse is never reused.</summary>
    public static void Shared(RenderValue value)
    {
        if (value.Kind == ValueKind.PlainHtml) value.Fragment.Recyclable = false;
    }

    /// <summary>A connection that showed <paramref name="shown"/> now shows <paramref name="next"/>: the old parse's arrays go to <paramref name="pool"/> when it is the connection's own.</summary>
    public static void Replaced(RenderValue shown, RenderValue next, TreeStoragePool pool)
    {
        if (shown.Kind != ValueKind.PlainHtml || !shown.Fragment.Recyclable) return;
        if (next.Kind == ValueKind.PlainHtml && ReferenceEquals(next.Fragment, shown.Fragment)) return;
        shown.Fragment.Recyclable = false;
        shown.Fragment.Tree.Release(pool);
    }
}
