using MediaActors.Protocol.Formats;
using MediaActors.Testing.Rtp;

namespace MediaActors.Tests.TestSupport;

/// <summary>
/// The RTP probe of MediaActors.Testing, which the tests and the benchmark's load client read
/// streams with: its counting and its keyframe detection must be right for their verdicts to be.
/// </summary>
public sealed class RtpProbeTests
{
    [Theory]
    [InlineData(new ushort[] { 1, 2, 3, 4 }, 0)]
    [InlineData(new ushort[] { 1, 2, 5, 6 }, 2)]
    [InlineData(new ushort[] { 65534, 65535, 0, 1 }, 0)] // wraparound
    [InlineData(new ushort[] { 65534, 1 }, 2)] // a gap across the wraparound
    [InlineData(new ushort[] { 1, 3, 2, 4 }, 0)] // reordered
    [InlineData(new ushort[] { 1, 2, 2, 3 }, 0)] // duplicated
    [InlineData(new ushort[] { 1, 3, 3, 4 }, 1)] // a duplicate does not fill a gap
    [InlineData(new ushort[] { 100, 200, 101 }, 99)] // later than the reorder window: stays lost
    public void Sequence_gaps_count_missing_numbers_only(ushort[] sequence, long lost)
    {
        var gaps = new SequenceGaps();
        foreach (var number in sequence)
        {
            gaps.Add(number);
        }

        Assert.Equal(lost, gaps.Lost);
    }

    [Theory]
    [InlineData(Codec.H264, new byte[] { 0x65, 0x88 }, true)] // IDR slice
    [InlineData(Codec.H264, new byte[] { 0x67, 0x42 }, true)] // SPS
    [InlineData(Codec.H264, new byte[] { 0x41, 0x9A }, false)] // non-IDR slice
    [InlineData(Codec.H264, new byte[] { 0x78, 0, 2, 0x09, 0x10, 0, 2, 0x67, 0x42 }, true)] // STAP-A: AUD, SPS
    [InlineData(Codec.H264, new byte[] { 0x78, 0, 2, 0x09, 0x10, 0, 2, 0x41, 0x9A }, false)] // STAP-A: AUD, non-IDR
    [InlineData(Codec.H264, new byte[] { 0x7C, 0x85, 0x88 }, true)] // FU-A start of an IDR slice
    [InlineData(Codec.H264, new byte[] { 0x7C, 0x05, 0x88 }, false)] // FU-A middle of an IDR slice
    [InlineData(Codec.H265, new byte[] { 0x26, 0x01, 0xAF }, true)] // IDR_W_RADL (19)
    [InlineData(Codec.H265, new byte[] { 0x40, 0x01, 0x0C }, true)] // VPS
    [InlineData(Codec.H265, new byte[] { 0x02, 0x01, 0xD0 }, false)] // TRAIL_R
    [InlineData(Codec.H265, new byte[] { 0x60, 0x01, 0, 2, 0x40, 0x01 }, true)] // AP holding a VPS
    [InlineData(Codec.H265, new byte[] { 0x62, 0x01, 0x93, 0xAF }, true)] // FU start of an IDR_W_RADL
    [InlineData(Codec.H265, new byte[] { 0x62, 0x01, 0x13, 0xAF }, false)] // FU middle
    public void Keyframes_are_recognised_alone_aggregated_and_fragmented(Codec codec, byte[] payload, bool keyframe) =>
        Assert.Equal(keyframe, KeyframeDetector.StartsKeyframe(codec, payload));


    [Theory]
    [InlineData(Codec.H264, new byte[] { 0, 0, 0, 1, 0x67, 0x42, 0, 0, 1, 0x68, 0xCE, 0, 0, 1, 0x65, 0x88 }, true)] // SPS, PPS, IDR
    [InlineData(Codec.H264, new byte[] { 0, 0, 0, 1, 0x09, 0x10, 0, 0, 1, 0x41, 0x9A }, false)] // AUD, non-IDR slice
    [InlineData(Codec.H265, new byte[] { 0, 0, 1, 0x28, 0x01, 0xAF }, true)] // IDR_N_LP (20)
    [InlineData(Codec.H265, new byte[] { 0, 0, 1, 0x02, 0x01, 0xD0 }, false)] // TRAIL_R
    public void Keyframes_are_recognised_in_annex_b_access_units(Codec codec, byte[] accessUnit, bool keyframe) =>
        Assert.Equal(keyframe, KeyframeDetector.IsKeyframe(codec, accessUnit));

    [Fact]
    public void The_probe_splits_the_stream_into_pictures_and_counts_what_a_player_would_notice()
    {
        var probe = new RtpProbe(Codec.H264);
        probe.Add(Packet(sequence: 10, timestamp: 9000, marker: false, [0x7C, 0x85, 0x88])); // IDR, first fragment
        probe.Add(Packet(sequence: 11, timestamp: 9000, marker: true, [0x7C, 0x45, 0x88])); // IDR, last fragment
        probe.Add(Packet(sequence: 13, timestamp: 12000, marker: true, [0x41, 0x9A])); // 12 is lost
        probe.Add(Packet(sequence: 14, timestamp: 6000, marker: true, [0x41, 0x9A])); // back in time
        probe.Add(Packet(sequence: 15, timestamp: 15000, marker: true, [0x41, 0x9A], ssrc: 99)); // another stream
        probe.Add([0x00, 0x01]); // not RTP

        Assert.Equal((5L, 1L, 1L, 1L), (probe.Packets, probe.Lost, probe.ForeignPackets, probe.NotRtp));
        Assert.Equal(((ushort?)10, 3L), (probe.FirstSequenceNumber, probe.MarkerPackets));
        Assert.Equal([9000u, 12000u, 6000u], probe.Pictures.Select(picture => picture.RtpTimestamp));
        Assert.Equal((true, 1, 1), (probe.StartedAtKeyframe, probe.Keyframes, probe.TimestampRegressions));
        Assert.Equal([3000, -6000], probe.TimestampSteps());
    }

    private static byte[] Packet(ushort sequence, uint timestamp, bool marker, byte[] payload, uint ssrc = 7)
    {
        var packet = new byte[12 + payload.Length];
        packet[0] = 0x80;
        packet[1] = (byte)((marker ? 0x80 : 0) | 96);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(2), sequence);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(4), timestamp);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(8), ssrc);
        payload.CopyTo(packet.AsSpan(12));
        return packet;
    }
}
