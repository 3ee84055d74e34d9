using System.Reflection;
using System.Text.Json;
using LiveTs.Engine.Protocol;
using LiveTs.Engine.Tests.TestSupport;

namespace LiveTs.Engine.Tests;

/// <summary>
/// The C# half of protocol/test-vectors.json (the TypeScript half: packages/client/test/protocol.test.ts).
/// Both sides check the same names, numbers and bytes, so they cannot drift apart.
/// </summary>
public class ProtocolVectorTests
{
    private static readonly Type[] ConstantClasses =
        [typeof(ProtocolVersion), typeof(FrameOp), typeof(SessionMode), typeof(PatchOp), typeof(ErrorCode), typeof(CloseCode), typeof(Marker), typeof(EventName), typeof(Paths), typeof(UploadStatus), typeof(FormField), typeof(Vocabulary),
         typeof(NavigateMode), typeof(HistoryStep), typeof(LocationKind), typeof(EventField)];

    private static Dictionary<string, object> CSharpConstants() => ConstantClasses
        .SelectMany(t => t.GetFields(BindingFlags.Public | BindingFlags.Static))
        .Where(f => f.IsLiteral && !f.IsInitOnly)
        .ToDictionary(f => f.Name, f => f.GetRawConstantValue()!);

    [Fact]
    public void EveryVectorConstantHasTheSameValueInCSharp()
    {
        // Arrange
        var csharp = CSharpConstants();

        // Act + Assert
        foreach (var constant in ProtocolVectors.Constants.EnumerateObject())
        {
            Assert.True(csharp.TryGetValue(constant.Name, out var value), $"{constant.Name} is in the vectors but not in LiveTs.Engine.Protocol");
            if (constant.Value.ValueKind == JsonValueKind.String)
                Assert.Equal(constant.Value.GetString(), Assert.IsType<string>(value));
            else
                Assert.Equal(constant.Value.GetInt64(), Convert.ToInt64(value));
        }
    }

    [Fact]
    public void EveryCSharpConstantIsInTheVectors()
    {
        var inVectors = ProtocolVectors.Constants.EnumerateObject().Select(p => p.Name).ToHashSet();

        var missing = CSharpConstants().Keys.Where(name => !inVectors.Contains(name)).Order().ToList();

        Assert.Empty(missing);
    }

    [Fact]
    public void ConstantNamesAreUniqueAcrossTheProtocolClasses()
    {
        var names = ConstantClasses.SelectMany(t => t.GetFields()).Where(f => f.IsLiteral).Select(f => f.Name).ToList();

        Assert.Equal(names.Count, names.Distinct().Count());
    }

    /// <summary>The vocabulary's lists (static readonly fields of Vocabulary), as JSON for comparison.</summary>
    private static Dictionary<string, string> CSharpVocabulary() => typeof(Vocabulary)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Where(f => f.IsInitOnly)
        .ToDictionary(f => f.Name, f => JsonSerializer.Serialize(f.GetValue(null) switch
        {
            IReadOnlyDictionary<string, string> map => (object)map.OrderBy(p => p.Key, StringComparer.Ordinal).ToDictionary(),
            var list => list,
        }));

    [Fact]
    public void TheVocabularyListsAreTheVectorsListsAndNoOthers()
    {
        // Arrange
        var csharp = CSharpVocabulary();
        var vectors = ProtocolVectors.Json.GetProperty("vocabulary").EnumerateObject().Where(p => p.Name != "comment").ToList();

        // Act + Assert
        Assert.Equal(vectors.Select(p => p.Name).Order(), csharp.Keys.Order());
        foreach (var entry in vectors)
        {
            var expected = entry.Value.ValueKind == JsonValueKind.Object
                ? JsonSerializer.Serialize(entry.Value.EnumerateObject().OrderBy(p => p.Name, StringComparer.Ordinal).ToDictionary(p => p.Name, p => p.Value.GetString()))
                : JsonSerializer.Serialize(entry.Value.EnumerateArray().Select(v => v.GetString()).ToList());
            Assert.True(expected == csharp[entry.Name], $"{entry.Name}: vectors {expected}, C# {csharp[entry.Name]}");
        }
    }

    public static TheoryData<string> ClientFrameNames => ProtocolVectors.Names("clientFrames");
    public static TheoryData<string> BadClientFrameNames => ProtocolVectors.Names("badClientFrames");
    public static TheoryData<string> ServerFrameNames => ProtocolVectors.Names("serverFrames");

    [Theory]
    [MemberData(nameof(ClientFrameNames))]
    public void ClientFrameDecodesToTheVector(string name)
    {
        // Arrange
        var vector = ProtocolVectors.Named("clientFrames", name);
        var expected = vector.GetProperty("frame");

        // Act: an EVENT is read against the names its link defined before it
        var names = new EventNameTable();
        foreach (var defined in Defined(expected)) names.Define(defined, System.Text.Encoding.UTF8.GetByteCount(defined));
        var frame = ClientFrameDecoder.Decode(ProtocolVectors.Hex(vector), names);

        // Assert
        switch (expected.GetProperty("kind").GetString())
        {
            case "join":
                Assert.Equal(ClientFrameKind.Join, frame.Kind);
                Assert.Equal(expected.GetProperty("version").GetInt32(), frame.Version);
                Assert.Equal(expected.GetProperty("token").GetString(), frame.Token);
                Assert.Equal(expected.GetProperty("credential").GetString(), frame.Credential);
                Assert.Equal(expected.GetProperty("applied").GetUInt32(), frame.Applied);
                Assert.Equal(expected.GetProperty("next").GetUInt32(), frame.NextEvent);
                break;
            case "event":
                Assert.Equal(ClientFrameKind.Event, frame.Kind);
                Assert.Equal(expected.GetProperty("ack").GetUInt32(), frame.Ack);
                Assert.Equal(expected.GetProperty("name").GetString(), frame.EventName);
                Assert.Equal(expected.GetProperty("target").GetUInt32(), frame.Target);
                var fields = expected.GetProperty("fields").EnumerateArray()
                    .Select(f => new KeyValuePair<string, string>(f[0].GetString()!, f[1].GetString()!));
                Assert.Equal(fields, frame.Fields);
                break;
            case "heartbeat":
                Assert.Equal((ClientFrameKind.Heartbeat, expected.GetProperty("ack").GetUInt32()), (frame.Kind, frame.Ack));
                break;
            case "ack":
                Assert.Equal((ClientFrameKind.Ack, expected.GetProperty("ack").GetUInt32()), (frame.Kind, frame.Ack));
                break;
            case "upload":
                Assert.Equal((ClientFrameKind.Upload, expected.GetProperty("ack").GetUInt32(), expected.GetProperty("name").GetString()), (frame.Kind, frame.Ack, frame.UploadName));
                Assert.Equal(expected.GetProperty("entries").EnumerateArray()
                    .Select(e => new UploadEntry(e[0].GetString()!, e[1].GetString()!, e[2].GetUInt32(), e[3].GetString()!)), frame.Entries);
                break;
            case "chunk":
                Assert.Equal((ClientFrameKind.UploadChunk, expected.GetProperty("ack").GetUInt32(), expected.GetProperty("ref").GetString(), expected.GetProperty("offset").GetUInt32()),
                    (frame.Kind, frame.Ack, frame.Ref, frame.Offset));
                Assert.Equal(Convert.FromHexString(expected.GetProperty("data").GetString()!), frame.Data);
                break;
            case "navigate":
                Assert.Equal((ClientFrameKind.Navigate, expected.GetProperty("ack").GetUInt32(), expected.GetProperty("mode").GetInt32(), expected.GetProperty("history").GetInt32(), expected.GetProperty("url").GetString()),
                    (frame.Kind, frame.Ack, (int)frame.Mode, (int)frame.History, frame.Url));
                break;
            default:
                Assert.Fail($"unknown frame kind in vector '{name}'");
                break;
        }
    }

    [Theory]
    [MemberData(nameof(ClientFrameNames))]
    public void ClientFrameEncodesToTheVectorBytes(string name)
    {
        var vector = ProtocolVectors.Named("clientFrames", name);
        var f = vector.GetProperty("frame");

        var bytes = f.GetProperty("kind").GetString() switch
        {
            "join" => ClientFrames.Join(f.GetProperty("token").GetString()!, (byte)f.GetProperty("version").GetInt32(),
                f.GetProperty("credential").GetString()!, f.GetProperty("applied").GetUInt32(), f.GetProperty("next").GetUInt32()),
            "event" => Defined(f).IndexOf(f.GetProperty("name").GetString()!) is var i and >= 0
                ? ClientFrames.EventByIndex((uint)i + 1, f.GetProperty("ack").GetUInt32(), f.GetProperty("target").GetUInt32(),
                    [.. f.GetProperty("fields").EnumerateArray().Select(p => (p[0].GetString()!, p[1].GetString()!))])
                : ClientFrames.Event(f.GetProperty("name").GetString()!, f.GetProperty("ack").GetUInt32(), f.GetProperty("target").GetUInt32(),
                    [.. f.GetProperty("fields").EnumerateArray().Select(p => (p[0].GetString()!, p[1].GetString()!))]),
            "ack" => ClientFrames.Ack(f.GetProperty("ack").GetUInt32()),
            "upload" => ClientFrames.Upload(f.GetProperty("name").GetString()!, f.GetProperty("ack").GetUInt32(),
                [.. f.GetProperty("entries").EnumerateArray().Select(e => (e[0].GetString()!, e[1].GetString()!, e[2].GetUInt32(), e[3].GetString()!))]),
            "chunk" => ClientFrames.UploadChunk(f.GetProperty("ref").GetString()!, f.GetProperty("offset").GetUInt32(),
                Convert.FromHexString(f.GetProperty("data").GetString()!), f.GetProperty("ack").GetUInt32()),
            "navigate" => ClientFrames.Navigate(f.GetProperty("url").GetString()!, (byte)f.GetProperty("mode").GetInt32(), (byte)f.GetProperty("history").GetInt32(), f.GetProperty("ack").GetUInt32()),
            _ => ClientFrames.Heartbeat(f.GetProperty("ack").GetUInt32()),
        };

        Assert.Equal(ProtocolVectors.Hex(vector), bytes);
    }

    /// <summary>An EVENT vector's "defined": the event names its link defined before it, in index order.</summary>
    private static List<string> Defined(System.Text.Json.JsonElement frame) =>
        frame.TryGetProperty("defined", out var defined) ? [.. defined.EnumerateArray().Select(n => n.GetString()!)] : [];

    [Theory]
    [MemberData(nameof(BadClientFrameNames))]
    public void BadClientFrameIsAProtocolError(string name)
    {
        var bytes = ProtocolVectors.Hex(ProtocolVectors.Named("badClientFrames", name));

        Assert.Throws<ProtocolException>(() => ClientFrameDecoder.Decode(bytes, new EventNameTable()));
    }

    [Theory]
    [MemberData(nameof(ServerFrameNames))]
    public void ServerFrameEncodesToTheVectorBytes(string name)
    {
        // Arrange
        var vector = ProtocolVectors.Named("serverFrames", name);
        var expected = ProtocolVectors.Hex(vector);

        // Act
        byte[] bytes;
        if (vector.TryGetProperty("frame", out var session) && session.GetProperty("kind").GetString() == "session")
        {
            var w = new FrameWriter();
            w.Byte(FrameOp.FRAME_SESSION);
            w.Byte((byte)session.GetProperty("mode").GetInt32());
            w.VarUInt(session.GetProperty("lastFrame").GetUInt32());
            w.VarUInt(session.GetProperty("answered").GetUInt32());
            w.String(session.GetProperty("credential").GetString());
            bytes = [.. w.Written, .. Encode(false, vector.GetProperty("ops"))[1..]];
        }
        else if (vector.TryGetProperty("frame", out var ack) && ack.GetProperty("kind").GetString() == "uploadAck")
        {
            bytes = LiveEngine.UploadAck(ack.GetProperty("ref").GetString()!, (byte)ack.GetProperty("status").GetInt32(),
                ack.GetProperty("received").GetUInt32(), ack.GetProperty("next").GetUInt32());
        }
        else if (vector.TryGetProperty("frame", out var frame) && frame.GetProperty("kind").GetString() == "error")
        {
            var engine = new LiveEngine(new EngineOptions { Secret = new byte[32] });
            bytes = engine.ErrorReply((byte)frame.GetProperty("code").GetInt32(), frame.GetProperty("message").GetString()!);
        }
        else if (vector.GetProperty("ops").ValueKind == JsonValueKind.Null)
        {
            bytes = [FrameOp.FRAME_HEARTBEAT_ACK];
        }
        else
        {
            bool push = vector.TryGetProperty("push", out var p) && p.GetBoolean();
            bytes = Encode(push, vector.GetProperty("ops"));
        }

        // Assert
        Assert.Equal(Convert.ToHexString(expected), Convert.ToHexString(bytes));
    }

    [Theory]
    [MemberData(nameof(ServerFrameNames))]
    public void ServerFrameDecodesToTheVector(string name)
    {
        // Checks the tests' own decoder (used by the differ tests) against the shared vectors.
        var vector = ProtocolVectors.Named("serverFrames", name);

        if (vector.TryGetProperty("frame", out var kind) && kind.GetProperty("kind").GetString() == "uploadAck") return; // no patch: checked by the encoder test
        var frame = PatchDecoder.DecodeFrame(ProtocolVectors.Hex(vector));

        if (vector.TryGetProperty("frame", out var described) && described.GetProperty("kind").GetString() == "session")
        {
            Assert.Equal(FrameOp.FRAME_SESSION, frame.Kind);
            Assert.Equal((described.GetProperty("mode").GetInt32(), described.GetProperty("lastFrame").GetUInt32(), described.GetProperty("answered").GetUInt32(), described.GetProperty("credential").GetString()),
                ((int)frame.SessionMode, frame.LastFrame, frame.Answered, frame.Credential));
            Assert.Equal(vector.GetProperty("ops").EnumerateArray().Select(ToOp), frame.Ops);
        }
        else if (vector.TryGetProperty("frame", out var error))
        {
            Assert.Equal(FrameOp.FRAME_ERROR, frame.Kind);
            Assert.Equal(error.GetProperty("code").GetInt32(), frame.ErrorCode);
            Assert.Equal(error.GetProperty("message").GetString(), frame.Message);
        }
        else if (vector.GetProperty("ops").ValueKind == JsonValueKind.Null)
        {
            Assert.Equal(FrameOp.FRAME_HEARTBEAT_ACK, frame.Kind);
        }
        else
        {
            bool push = vector.TryGetProperty("push", out var p) && p.GetBoolean();
            Assert.Equal(push ? FrameOp.FRAME_PUSH : FrameOp.FRAME_REPLY, frame.Kind);
            Assert.Equal(vector.GetProperty("ops").EnumerateArray().Select(ToOp), frame.Ops);
        }
    }

    /// <summary>Writes vector ops the way the engine's differs do: FrameWriter and the PatchOp constants.</summary>
    private static byte[] Encode(bool push, JsonElement ops)
    {
        var w = new FrameWriter();
        w.Byte(push ? FrameOp.FRAME_PUSH : FrameOp.FRAME_REPLY);
        foreach (var op in ops.EnumerateArray())
        {
            var a = op.EnumerateArray().ToArray();
            switch (a[0].GetString())
            {
                case "SET_TEXT": w.Byte(PatchOp.PATCH_SET_TEXT); w.VarUInt(a[1].GetUInt32()); w.String(a[2].GetString()); break;
                case "SET_HTML": w.Byte(PatchOp.PATCH_SET_HTML); w.VarUInt(a[1].GetUInt32()); w.String(a[2].GetString()); break;
                case "SET_ATTR": w.Byte(PatchOp.PATCH_SET_ATTR); w.VarUInt(a[1].GetUInt32()); w.String(a[2].GetString()); break;
                case "REMOVE_ATTR": w.Byte(PatchOp.PATCH_REMOVE_ATTR); w.VarUInt(a[1].GetUInt32()); break;
                case "ENTER": w.Byte(PatchOp.PATCH_ENTER); w.VarUInt(a[1].GetUInt32()); break;
                case "ENTER_ITEM": w.Byte(PatchOp.PATCH_ENTER_ITEM); w.VarUInt(a[1].GetUInt32()); w.VarUInt(a[2].GetUInt32()); break;
                case "LIST_INSERT": w.Byte(PatchOp.PATCH_LIST_INSERT); w.VarUInt(a[1].GetUInt32()); w.VarUInt(a[2].GetUInt32()); w.String(a[3].GetString()); break;
                case "LIST_REMOVE": w.Byte(PatchOp.PATCH_LIST_REMOVE); w.VarUInt(a[1].GetUInt32()); w.VarUInt(a[2].GetUInt32()); break;
                case "LIST_MOVE": w.Byte(PatchOp.PATCH_LIST_MOVE); w.VarUInt(a[1].GetUInt32()); w.VarUInt(a[2].GetUInt32()); w.VarUInt(a[3].GetUInt32()); break;
                case "LEAVE": w.Byte(PatchOp.PATCH_LEAVE); break;
                case "ROOT_HTML": w.Byte(PatchOp.PATCH_ROOT_HTML); w.String(a[1].GetString()); break;
                case "NODE_REPLACE": w.Byte(PatchOp.PATCH_NODE_REPLACE); Path(w, a[1]); w.String(a[2].GetString()); break;
                case "NODE_TEXT": w.Byte(PatchOp.PATCH_NODE_TEXT); Path(w, a[1]); w.String(a[2].GetString()); break;
                case "NODE_SET_ATTR": w.Byte(PatchOp.PATCH_NODE_SET_ATTR); Path(w, a[1]); w.String(a[2].GetString()); w.String(a[3].GetString()); break;
                case "NODE_REMOVE_ATTR": w.Byte(PatchOp.PATCH_NODE_REMOVE_ATTR); Path(w, a[1]); w.String(a[2].GetString()); break;
                case "NODE_INSERT": w.Byte(PatchOp.PATCH_NODE_INSERT); Path(w, a[1]); w.VarUInt(a[2].GetUInt32()); w.String(a[3].GetString()); break;
                case "NODE_REMOVE": w.Byte(PatchOp.PATCH_NODE_REMOVE); Path(w, a[1]); break;
                case "NODE_MOVE": w.Byte(PatchOp.PATCH_NODE_MOVE); Path(w, a[1]); w.VarUInt(a[2].GetUInt32()); w.VarUInt(a[3].GetUInt32()); break;
                case "ENTER_COMPONENT": w.Byte(PatchOp.PATCH_ENTER_COMPONENT); w.VarUInt(a[1].GetUInt32()); break;
                case "REPLACE_COMPONENT": w.Byte(PatchOp.PATCH_REPLACE_COMPONENT); w.VarUInt(a[1].GetUInt32()); w.String(a[2].GetString()); break;
                case "STREAM_INSERT":
                    w.Byte(PatchOp.PATCH_STREAM_INSERT); w.VarUInt(a[1].GetUInt32()); w.String(a[2].GetString());
                    w.VarUInt((uint)(a[3].GetInt32() + 1)); w.VarUInt(a[4].GetUInt32()); w.String(a[5].GetString());
                    break;
                case "STREAM_DELETE": w.Byte(PatchOp.PATCH_STREAM_DELETE); w.VarUInt(a[1].GetUInt32()); w.String(a[2].GetString()); break;
                case "STREAM_RESET": w.Byte(PatchOp.PATCH_STREAM_RESET); w.VarUInt(a[1].GetUInt32()); break;
                default: throw new InvalidDataException($"unknown op {a[0]} in the vectors");
            }
        }
        return w.ToArray();
    }

    private static void Path(FrameWriter w, JsonElement path)
    {
        w.VarUInt((uint)path.GetArrayLength());
        foreach (var index in path.EnumerateArray()) w.VarUInt(index.GetUInt32());
    }

    private static Op ToOp(JsonElement op)
    {
        var a = op.EnumerateArray().ToArray();
        int[] P(JsonElement p) => [.. p.EnumerateArray().Select(i => i.GetInt32())];
        return a[0].GetString() switch
        {
            "SET_TEXT" => Op.SetText(a[1].GetInt32(), a[2].GetString()!),
            "SET_HTML" => Op.SetHtml(a[1].GetInt32(), a[2].GetString()!),
            "SET_ATTR" => Op.SetAttr(a[1].GetInt32(), a[2].GetString()!),
            "REMOVE_ATTR" => Op.RemoveAttr(a[1].GetInt32()),
            "ENTER" => Op.Enter(a[1].GetInt32()),
            "ENTER_ITEM" => Op.EnterItem(a[1].GetInt32(), a[2].GetInt32()),
            "LIST_INSERT" => Op.ListInsert(a[1].GetInt32(), a[2].GetInt32(), a[3].GetString()!),
            "LIST_REMOVE" => Op.ListRemove(a[1].GetInt32(), a[2].GetInt32()),
            "LIST_MOVE" => Op.ListMove(a[1].GetInt32(), a[2].GetInt32(), a[3].GetInt32()),
            "LEAVE" => Op.Leave(),
            "ROOT_HTML" => Op.RootHtml(a[1].GetString()!),
            "NODE_REPLACE" => Op.NodeReplace(P(a[1]), a[2].GetString()!),
            "NODE_TEXT" => Op.NodeText(P(a[1]), a[2].GetString()!),
            "NODE_SET_ATTR" => Op.NodeSetAttr(P(a[1]), a[2].GetString()!, a[3].GetString()!),
            "NODE_REMOVE_ATTR" => Op.NodeRemoveAttr(P(a[1]), a[2].GetString()!),
            "NODE_INSERT" => Op.NodeInsert(P(a[1]), a[2].GetInt32(), a[3].GetString()!),
            "NODE_REMOVE" => Op.NodeRemove(P(a[1])),
            "NODE_MOVE" => Op.NodeMove(P(a[1]), a[2].GetInt32(), a[3].GetInt32()),
            "ENTER_COMPONENT" => Op.EnterComponent(a[1].GetInt32()),
            "REPLACE_COMPONENT" => Op.ReplaceComponent(a[1].GetInt32(), a[2].GetString()!),
            "STREAM_INSERT" => Op.StreamInsert(a[1].GetInt32(), a[2].GetString()!, a[3].GetInt32(), a[4].GetInt32(), a[5].GetString()!),
            "STREAM_DELETE" => Op.StreamDelete(a[1].GetInt32(), a[2].GetString()!),
            "STREAM_RESET" => Op.StreamReset(a[1].GetInt32()),
            _ => throw new InvalidDataException($"unknown op {a[0]} in the vectors"),
        };
    }
}
