using LiveTs.Engine.Protocol;
using LiveTs.Engine.Tests.TestSupport;

namespace LiveTs.Engine.Tests;

public class ClientFrameDecoderTests
{
    private static ClientFrame Decode(byte[] frame) => ClientFrameDecoder.Decode(frame, new EventNameTable());

    [Fact]
    public void DecodesJoin()
    {
        var frame = Decode(ClientFrames.Join("tok.sig"));

        Assert.Equal(ClientFrameKind.Join, frame.Kind);
        Assert.Equal(ProtocolVersion.PROTOCOL_VERSION, frame.Version);
        Assert.Equal("tok.sig", frame.Token);
    }

    [Fact]
    public void DecodesJoinWithAnEmptyTokenAndAnotherVersion()
    {
        var frame = Decode([FrameOp.FRAME_JOIN, 7]);

        Assert.Equal((ClientFrameKind.Join, (byte)7, ""), (frame.Kind, frame.Version, frame.Token));
    }

    [Fact]
    public void DecodesEventWithFieldsInOrder()
    {
        // Act
        var frame = Decode(ClientFrames.Event("save", ("title", "Grüße"), ("done", ""), ("title", "again")));

        // Assert
        Assert.Equal(ClientFrameKind.Event, frame.Kind);
        Assert.Equal("save", frame.EventName);
        Assert.Collection(frame.Fields,
            f => Assert.Equal(new("title", "Grüße"), f),
            f => Assert.Equal(new("done", ""), f),
            f => Assert.Equal(new("title", "again"), f));
    }

    [Fact]
    public void DecodesEventWithALongValue()
    {
        var value = new string('x', 300); // a two-byte length

        var frame = Decode(ClientFrames.Event("input", ("value", value)));

        Assert.Equal(value, Assert.Single(frame.Fields).Value);
    }

    [Fact]
    public void DecodesAResumingJoin()
    {
        var frame = Decode(ClientFrames.Join("tok.sig", credential: "cred", applied: 1000, nextEvent: 12));

        Assert.Equal(("tok.sig", "cred", 1000u, 12u), (frame.Token, frame.Credential, frame.Applied, frame.NextEvent));
    }

    [Fact]
    public void DecodesHeartbeat()
    {
        var frame = Decode(ClientFrames.Heartbeat());

        Assert.Equal(ClientFrameKind.Heartbeat, frame.Kind);
        Assert.Empty(frame.Fields);
    }

    [Theory]
    [InlineData("", "empty frame")]
    [InlineData("ff", "unknown frame opcode 0xff")]
    [InlineData("81", "unknown frame opcode 0x81")] // a server frame sent back
    [InlineData("01", "without a protocol version")]
    [InlineData("01 03 01 ff", "token is not valid UTF-8")]
    [InlineData("01 03 00 00 00", "truncated next event number")]
    [InlineData("02", "truncated acknowledgement")]
    [InlineData("02 00", "truncated event name index")]
    [InlineData("02 00 00", "truncated event name length")]
    [InlineData("02 00 00 00", "empty event name")]
    [InlineData("02 00 01", "EVENT names index 1, but the link defined 0 event names")]
    [InlineData("02 00 00 05 61 62", "runs past the end")]
    [InlineData("02 00 00 01 61", "truncated target")]
    [InlineData("02 00 00 01 61 00", "truncated payload count")]
    [InlineData("02 00 00 01 61 00 05 01 6b 01 76", "payload count exceeds the frame")]
    [InlineData("02 00 00 01 61 00 ff ff ff ff 0f", "payload count exceeds the frame")]
    [InlineData("02 00 00 01 61 00 01 01 6b", "truncated payload value length")]
    [InlineData("02 00 00 01 61 00 01 01 6b 02 76", "payload value runs past the end")]
    [InlineData("02 00 00 01 61 00 01 01 c3 00", "payload key is not valid UTF-8")]
    [InlineData("02 00 00 01 61 00 00 00", "1 trailing bytes")]
    [InlineData("02 00 00 ff ff ff ff ff 61", "truncated event name length")] // a varint over 32 bits
    [InlineData("02 00 00 80 80 80 80 10 61", "truncated event name length")] // 2^32: one bit too many
    [InlineData("03", "truncated acknowledgement")]
    [InlineData("03 00 00", "HEARTBEAT frame has 1 trailing bytes")]
    [InlineData("04 00 00", "ACK frame has 1 trailing bytes")]
    public void RefusesMalformedFrames(string hex, string reason)
    {
        var error = Assert.Throws<ProtocolException>(() => Decode(ClientFrames.Hex(hex)));

        Assert.Contains(reason, error.Message);
    }

    [Fact]
    public void AnEventNameSentInFullTakesTheNextIndexAndIsThenSentByIndex()
    {
        // Arrange
        var names = new EventNameTable();

        // Act
        var first = ClientFrameDecoder.Decode(ClientFrames.Event("increment"), names);
        var second = ClientFrameDecoder.Decode(ClientFrames.Event("decrement"), names);
        var byIndex = ClientFrameDecoder.Decode(ClientFrames.EventByIndex(1, ack: 2), names);

        // Assert
        Assert.Equal(("increment", "decrement"), (first.EventName, second.EventName));
        Assert.Equal(("increment", 2u), (byIndex.EventName, byIndex.Ack));
        Assert.Equal(5, ClientFrames.EventByIndex(1, ack: 2).Length); // a counter click: opcode, ack, index, target, field count
    }

    [Fact]
    public void ANameTooLongOrPastTheTablesRoomTakesNoIndex()
    {
        // Arrange: a full table, as both ends count it
        var names = new EventNameTable();
        string longName = new('x', EventName.EVENT_NAME_INDEXED_BYTES + 1);
        ClientFrameDecoder.Decode(ClientFrames.Event(longName), names);
        for (int i = 0; i < EventName.EVENT_NAMES_MAX; i++) ClientFrameDecoder.Decode(ClientFrames.Event("e" + i), names);

        // Act
        ClientFrameDecoder.Decode(ClientFrames.Event("one too many"), names);

        // Assert: index 1 is "e0" (the long name took none), and the table stopped at its room
        Assert.Equal("e0", ClientFrameDecoder.Decode(ClientFrames.EventByIndex(1), names).EventName);
        Assert.Equal("e255", ClientFrameDecoder.Decode(ClientFrames.EventByIndex(EventName.EVENT_NAMES_MAX), names).EventName);
        Assert.Throws<ProtocolException>(() => ClientFrameDecoder.Decode(ClientFrames.EventByIndex(EventName.EVENT_NAMES_MAX + 1), names));
    }
}
