using LiveTs.Engine.Protocol;
using LiveTs.Engine.Rendering;

namespace LiveTs.Engine.Diffing;

/// <summary>
/// Writes a stream part's operations as STREAM_* patch operations (docs/protocol.md): the client
/// applies them to the items it shows, which the server no longer has. Each item's markup is written
/// once, here, and then dropped with its batch (<see cref="StreamBatch.Take"/>).
/// </summary>
internal sealed class StreamDiffer(FrameWriter writer)
{
    public void Write(int part, StreamBatch batch)
    {
        foreach (var op in batch.Take())
        {
            switch (op.Kind)
            {
                case StreamOpKind.Reset:
                    writer.Byte(PatchOp.PATCH_STREAM_RESET);
                    writer.VarUInt((uint)part);
                    break;
                case StreamOpKind.Delete:
                    writer.Byte(PatchOp.PATCH_STREAM_DELETE);
                    writer.VarUInt((uint)part);
                    writer.String(op.Key);
                    break;
                case StreamOpKind.Insert:
                    writer.Byte(PatchOp.PATCH_STREAM_INSERT);
                    writer.VarUInt((uint)part);
                    writer.String(op.Key);
                    writer.VarUInt((uint)(op.At + 1));
                    writer.VarUInt((uint)op.Limit);
                    writer.String(HtmlWriter.ContentHtml(op.Item));
                    break;
            }
        }
    }
}
