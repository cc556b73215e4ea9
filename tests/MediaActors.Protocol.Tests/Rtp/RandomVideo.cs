using MediaActors.Protocol.Codecs;
using MediaActors.Protocol.Formats;

namespace MediaActors.Protocol.Tests.Rtp;

/// <summary>
/// Random access units of one NAL-unit codec for property-style tests: 1 to 8 NAL units of 1 to
/// 20000 bytes (at least the NAL header) with valid headers of the kinds a camera sends, half of
/// them led by the parameter sets. The keyframe flag is what the NAL headers say.
/// </summary>
/// <param name="Format">The codec's format.</param>
/// <param name="ParameterSetHeaders">VPS (H.265), SPS and PPS headers, in decoding order.</param>
/// <param name="OtherHeaders">Headers of slices (keyframe and not) and SEI.</param>
internal sealed record RandomVideo(VideoCodecFormat Format, byte[][] ParameterSetHeaders, byte[][] OtherHeaders)
{
    private const int MaxNalUnits = 8;
    private const int MaxNalUnitSize = 20_000;

    private static readonly RandomVideo H264 = new(
        CodecFormat.H264,
        [[0x67], [0x68]],
        [[0x65], [0x25], [0x41], [0x01], [0x06]]);

    // Type << 1 in the first byte, LayerId 0 and TID 0 (nuh_temporal_id_plus1 = 1) in the second.
    private static readonly RandomVideo H265 = new(
        CodecFormat.H265,
        [[0x40, 0x01], [0x42, 0x01], [0x44, 0x01]],
        [[0x26, 0x01], [0x2A, 0x01], [0x02, 0x01], [0x00, 0x01], [0x4E, 0x01], [0x50, 0x01]]);

    public static RandomVideo For(string codec) => codec == "H264" ? H264 : H265;

    public AccessUnit RandomAccessUnit(Random random)
    {
        var nalUnits = new List<ReadOnlyMemory<byte>>();
        if (random.Next(2) == 0)
        {
            nalUnits.AddRange(ParameterSetHeaders.Select(header => (ReadOnlyMemory<byte>)RandomNalUnit(random, header, random.Next(header.Length, 60))));
        }

        for (var i = random.Next(1, MaxNalUnits + 1 - nalUnits.Count); i > 0; i--)
        {
            var header = OtherHeaders[random.Next(OtherHeaders.Length)];
            nalUnits.Add(RandomNalUnit(random, header, random.Next(header.Length, MaxNalUnitSize + 1)));
        }

        var isKeyframe = nalUnits.Any(nal => Format.IsKeyframe(nal.Span));
        return new AccessUnit(nalUnits, isKeyframe, StartsNewPicture: true);
    }

    private static byte[] RandomNalUnit(Random random, byte[] header, int length)
    {
        var nal = new byte[length];
        random.NextBytes(nal);
        header.CopyTo(nal, 0);
        return nal;
    }
}
