using MediaActors.Protocol.Codecs;
using MediaActors.Protocol.Formats;
using MediaActors.Protocol.Rtp;

namespace MediaActors.Micro;

/// <summary>Access units shaped like the load benchmark's stream (4 Mbit/s, 30 fps, a keyframe a second).</summary>
public static class Frames
{
    /// <summary>An average predicted frame of that stream: one slice of 17 KB.</summary>
    public const int PredictedSliceBytes = 17_000;

    /// <summary>Its keyframes: SPS, PPS and a slice of 35 KB on average (ffprobe; the largest is 44 KB).</summary>
    public const int KeyframeSliceBytes = 35_000;

    /// <summary>A keyframe of a busier picture or a higher bitrate: 130 KB, above the large-object threshold (85 KB).</summary>
    public const int LargeKeyframeSliceBytes = 130_000;

    public static AccessUnit AccessUnit(int sliceBytes)
    {
        var slice = new byte[sliceBytes];
        new Random(sliceBytes).NextBytes(slice);
        var keyframe = sliceBytes >= KeyframeSliceBytes;
        slice[0] = keyframe ? (byte)0x65 : (byte)0x41;
        ReadOnlyMemory<byte>[] nalUnits = keyframe
            ? [new byte[] { 0x67, 0x4D, 0x00, 0x1F, 0x9A, 0x66, 0x02, 0x80, 0x2D, 0xD0 }, new byte[] { 0x68, 0xEE, 0x3C, 0x80 }, slice]
            : [slice];
        return new AccessUnit(nalUnits, keyframe, StartsNewPicture: true);
    }

    /// <summary>One access unit packetized as a session does it (1400-byte packets).</summary>
    public static RtpPacketBatch Packetized(int sliceBytes) =>
        new NalUnitPacketizer<H264Format>(ssrc: 0x1234, initialSequenceNumber: 1).Packetize(AccessUnit(sliceBytes), rtpTimestamp: 90_000);
}
