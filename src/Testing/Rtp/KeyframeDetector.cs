using System.Buffers.Binary;
using MediaActors.Protocol.Formats;

namespace MediaActors.Testing.Rtp;

/// <summary>
/// Tells keyframes by NAL unit headers alone, with no code of the server's: a decoder can start
/// at an H.264 IDR slice (5) or SPS (7), or an H.265 IRAP picture (16-21) or VPS (32). It reads
/// RTP payloads (RFC 6184 and RFC 7798: a unit alone, inside a STAP-A or aggregation packet, or
/// the start fragment of an FU-A or fragmentation unit) and Annex-B access units.
/// </summary>
public static class KeyframeDetector
{
    private const int H264StapA = 24;
    private const int H264FuA = 28;
    private const int H265AggregationPacket = 48;
    private const int H265FragmentationUnit = 49;
    private const byte FragmentStart = 0x80;

    /// <summary>Whether an RTP payload of <paramref name="codec"/> begins a keyframe.</summary>
    public static bool StartsKeyframe(Codec codec, ReadOnlySpan<byte> payload) => codec switch
    {
        Codec.H264 => H264StartsKeyframe(payload),
        Codec.H265 => H265StartsKeyframe(payload),
        _ => false,
    };

    /// <summary>Whether an Annex-B access unit (NAL units behind 00 00 01 start codes) holds a keyframe.</summary>
    public static bool IsKeyframe(Codec codec, ReadOnlySpan<byte> annexB)
    {
        for (var i = 0; i + 3 < annexB.Length; i++)
        {
            if (annexB[i] == 0 && annexB[i + 1] == 0 && annexB[i + 2] == 1 && IsKeyframeUnit(codec, annexB[i + 3]))
            {
                return true;
            }
        }

        return false;
    }

    private static bool H264StartsKeyframe(ReadOnlySpan<byte> payload)
    {
        if (payload.IsEmpty)
        {
            return false;
        }

        return (payload[0] & 0x1F) switch
        {
            H264StapA => AnyAggregatedKeyframe(Codec.H264, payload[1..]),
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
            H265AggregationPacket => AnyAggregatedKeyframe(Codec.H265, payload[2..]),
            H265FragmentationUnit => payload.Length > 2 && (payload[2] & FragmentStart) != 0 && IsH265Keyframe(payload[2] & 0x3F),
            var type => IsH265Keyframe(type),
        };
    }

    /// <summary>Walks the units of a STAP-A or an aggregation packet: each a 16-bit size, then the NAL unit.</summary>
    private static bool AnyAggregatedKeyframe(Codec codec, ReadOnlySpan<byte> units)
    {
        while (units.Length > 2)
        {
            var size = BinaryPrimitives.ReadUInt16BigEndian(units);
            units = units[2..];
            if (size == 0 || size > units.Length)
            {
                return false;
            }

            if (IsKeyframeUnit(codec, units[0]))
            {
                return true;
            }

            units = units[size..];
        }

        return false;
    }

    private static bool IsKeyframeUnit(Codec codec, byte firstHeaderByte) =>
        codec == Codec.H264 ? IsH264Keyframe(firstHeaderByte & 0x1F) : IsH265Keyframe(H265Type(firstHeaderByte));

    private static int H265Type(byte firstHeaderByte) => (firstHeaderByte >> 1) & 0x3F;

    private static bool IsH264Keyframe(int type) => type is 5 or 7;

    private static bool IsH265Keyframe(int type) => type is (>= 16 and <= 21) or 32;
}
