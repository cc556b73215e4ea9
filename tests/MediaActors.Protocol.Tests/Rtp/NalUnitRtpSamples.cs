using MediaActors.Protocol.Codecs;
using MediaActors.Protocol.Formats;
using MediaActors.Protocol.Rtp;

namespace MediaActors.Protocol.Tests.Rtp;

/// <summary>
/// One NAL-unit payload format as codec-neutral tests see it: its packetizer and depacketizer as
/// its <see cref="VideoCodecFormat"/> makes them, and its header sizes, so a rule both formats
/// share is stated once.
/// </summary>
/// <param name="Name">"H264" or "H265".</param>
/// <param name="Format">The codec's format.</param>
/// <param name="SliceHeader">The NAL header of a keyframe slice (IDR; IDR_W_RADL with TID 0).</param>
/// <param name="FragmentationHeaderSize">FU indicator and header (2) or PayloadHdr and FU header (3).</param>
internal sealed record NalUnitRtpSamples(string Name, VideoCodecFormat Format, byte[] SliceHeader, int FragmentationHeaderSize)
{
    public static TheoryData<string> Names => ["H264", "H265"];

    private static readonly NalUnitRtpSamples H264 = new("H264", CodecFormat.H264, [0x65], 2);
    private static readonly NalUnitRtpSamples H265 = new("H265", CodecFormat.H265, [0x26, 0x01], 3);

    public static NalUnitRtpSamples For(string name) => name == "H264" ? H264 : H265;

    public static AccessUnit KeyframeOf(params byte[][] nalUnits) =>
        new(nalUnits.Select(nal => (ReadOnlyMemory<byte>)nal).ToArray(), IsKeyframe: true, StartsNewPicture: true);

    public static byte[][] NalUnitsOf(AccessUnit? accessUnit) => [.. accessUnit!.NalUnits.Select(nal => nal.ToArray())];

    public IRtpPacketizer CreatePacketizer(uint ssrc, ushort initialSequenceNumber, byte payloadType = 96, int maxPacketSize = 1400) =>
        Format.CreatePacketizer(ssrc, initialSequenceNumber, payloadType, maxPacketSize);

    public IRtpDepacketizer CreateDepacketizer(int maxAccessUnitBytes = 8 * 1024 * 1024) => Format.CreateDepacketizer(maxAccessUnitBytes);

    /// <summary>A keyframe slice with a random body.</summary>
    public byte[] RandomSlice(Random random, int length)
    {
        var nal = new byte[length];
        random.NextBytes(nal);
        SliceHeader.CopyTo(nal, 0);
        return nal;
    }

    /// <summary>Depacketizes a whole batch, checking that only its last (marker) packet completes the access unit and nothing is lost.</summary>
    public AccessUnit Depacketize(RtpPacketBatch batch)
    {
        var depacketizer = CreateDepacketizer();
        AccessUnit? result = null;
        for (var i = 0; i < batch.Count; i++)
        {
            Assert.Null(result);
            depacketizer.TryPush(batch[i].Span, out result);
        }

        Assert.Equal((0L, 0L), (depacketizer.LostPackets, depacketizer.DiscardedPackets));
        return Assert.IsType<AccessUnit>(result);
    }
}
