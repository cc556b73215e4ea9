using System.Buffers.Binary;

namespace MediaActors.LoadClient.Rtp;

/// <summary>
/// Whether an RTP payload begins a keyframe, looking only at NAL unit headers: a decoder can
/// start there. H.264 (RFC 6184): an IDR slice (5) or an SPS (7), alone, inside a STAP-A, or as
/// the start fragment of an FU-A. H.265 (RFC 7798): an IRAP picture (16-21) or a VPS (32), alone,
/// inside an aggregation packet, or as the start fragment of a fragmentation unit.
/// </summary>
public static class KeyframeDetector
{
    private const int H264StapA = 24;
    private const int H264FuA = 28;
    private const int H265AggregationPacket = 48;
    private const int H265FragmentationUnit = 49;
    private const byte FragmentStart = 0x80;

    public static bool StartsKeyframe(VideoCodec codec, ReadOnlySpan<byte> payload) => codec switch
    {
        VideoCodec.H264 => H264StartsKeyframe(payload),
        VideoCodec.H265 => H265StartsKeyframe(payload),
        _ => false,
    };

    private static bool H264StartsKeyframe(ReadOnlySpan<byte> payload)
    {
        if (payload.IsEmpty)
        {
            return false;
        }

        return (payload[0] & 0x1F) switch
        {
            H264StapA => AnyAggregatedKeyframe(VideoCodec.H264, payload[1..]),
            H264FuA => payload.Length > 1 && (payload[1] & FragmentStart) != 0 && IsH264Keyframe(payload[1] & 0x1F),
            var type => IsH264Keyframe(type),
        };
    }

    private static bool H265StartsKeyframe(ReadOnlySpan<byte> payload)
    {
        if (payload.Length < 2)
        {
            return false;
        }

        return H265Type(payload[0]) switch
        {
            H265AggregationPacket => AnyAggregatedKeyframe(VideoCodec.H265, payload[2..]),
            H265FragmentationUnit => payload.Length > 2 && (payload[2] & FragmentStart) != 0 && IsH265Keyframe(payload[2] & 0x3F),
            var type => IsH265Keyframe(type),
        };
    }

    /// <summary>Walks the units of a STAP-A or an aggregation packet: each a 16-bit size, then the NAL unit.</summary>
    private static bool AnyAggregatedKeyframe(VideoCodec codec, ReadOnlySpan<byte> units)
    {
        while (units.Length > 2)
        {
            var size = BinaryPrimitives.ReadUInt16BigEndian(units);
            units = units[2..];
            if (size == 0 || size > units.Length)
            {
                return false;
            }

            var isKeyframe = codec == VideoCodec.H264 ? IsH264Keyframe(units[0] & 0x1F) : IsH265Keyframe(H265Type(units[0]));
            if (isKeyframe)
            {
                return true;
            }

            units = units[size..];
        }
        return false;
    }

    private static int H265Type(byte firstHeaderByte) => (firstHeaderByte >> 1) & 0x3F;

    private static bool IsH264Keyframe(int type) => type is 5 or 7;

    private static bool IsH265Keyframe(int type) => type is (>= 16 and <= 21) or 32;
}
