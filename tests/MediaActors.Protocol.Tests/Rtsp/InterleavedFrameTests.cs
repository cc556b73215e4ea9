using MediaActors.Protocol.Rtsp;

namespace MediaActors.Protocol.Tests.Rtsp;

public sealed class InterleavedFrameTests
{
    [Fact]
    public void Header_round_trips()
    {
        var header = new byte[InterleavedFrame.HeaderSize];

        InterleavedFrame.WriteHeader(header, channel: 3, payloadLength: 1400);

        Assert.Equal([(byte)'$', 3, 0x05, 0x78], header);
        Assert.True(InterleavedFrame.TryReadHeader(header, out var channel, out var length));
        Assert.Equal((3, 1400), (channel, length));
    }

    [Fact]
    public void Rejects_incomplete_headers_and_oversized_payloads()
    {
        Assert.False(InterleavedFrame.TryReadHeader([(byte)'$', 0, 0], out _, out _));
        Assert.False(InterleavedFrame.TryReadHeader("OPTI"u8, out _, out _));
        Assert.Throws<ArgumentOutOfRangeException>(() => InterleavedFrame.WriteHeader(new byte[4], 0, 65536));
    }
}
