using MediaActors.Protocol.Formats;

namespace MediaActors.Hardware.Tests.Support;

/// <summary>A deliberately simple Annex-B scan for tests: the NAL unit type after every 00 00 01 start code.</summary>
internal static class AnnexB
{
    public const int H264Sps = 7;
    public const int H265Vps = 32;

    public static bool StartsWithStartCode(ReadOnlySpan<byte> accessUnit) =>
        accessUnit.StartsWith((ReadOnlySpan<byte>)[0, 0, 1]) || accessUnit.StartsWith((ReadOnlySpan<byte>)[0, 0, 0, 1]);

    public static List<int> NalUnitTypes(ReadOnlySpan<byte> accessUnit, Codec codec)
    {
        var types = new List<int>();
        for (var i = 0; i + 3 < accessUnit.Length; i++)
        {
            if (accessUnit[i] == 0 && accessUnit[i + 1] == 0 && accessUnit[i + 2] == 1)
            {
                var header = accessUnit[i + 3];
                types.Add(codec == Codec.H264 ? header & 0x1F : (header >> 1) & 0x3F);
            }
        }

        return types;
    }

    /// <summary>Where each slice's start code begins: cutting a stream there starts it at that slice.</summary>
    public static List<int> SliceOffsets(ReadOnlySpan<byte> stream, Codec codec)
    {
        var offsets = new List<int>();
        for (var i = 0; i + 3 < stream.Length; i++)
        {
            if (stream[i] == 0 && stream[i + 1] == 0 && stream[i + 2] == 1)
            {
                var header = stream[i + 3];
                var isSlice = codec == Codec.H264 ? (header & 0x1F) is >= 1 and <= 5 : ((header >> 1) & 0x3F) <= 31;
                if (isSlice)
                {
                    offsets.Add(i);
                }
            }
        }

        return offsets;
    }

    public static int ParameterSetType(Codec codec) => codec == Codec.H264 ? H264Sps : H265Vps;
}
