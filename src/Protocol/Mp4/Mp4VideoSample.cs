using System.Buffers.Binary;
using MediaActors.Protocol.Codecs;
using MediaActors.Protocol.Formats;

namespace MediaActors.Protocol.Mp4;

/// <summary>
/// Video samples in the form avc1 and hvc1 tracks store (ISO/IEC 14496-15 4.3.2): each NAL unit
/// behind its size in 4 bytes (the avcC and hvcC state lengthSizeMinusOne = 3), no start codes.
/// </summary>
/// <remarks>
/// Access unit delimiters are left out: an MP4 sample already delimits its access unit. Parameter
/// sets stay in the sample: avc1 and hvc1 decoders take in-band ones as readily as the sample
/// entry's, and they let a decoder that lost its way re-synchronise at the next keyframe. The
/// delimiters of both codecs are told apart without knowing which codec a sample is in, since no
/// NAL unit of the one codec has the header and length of the other's delimiter
/// (<see cref="H264Format.IsAccessUnitDelimiter"/>, <see cref="H265Format.IsAccessUnitDelimiter"/>).
/// </remarks>
public static class Mp4VideoSample
{
    /// <summary>The size in front of each NAL unit.</summary>
    public const int LengthSize = 4;

    /// <summary>An access unit's NAL units (without start codes) as one sample.</summary>
    public static byte[] FromNalUnits(IReadOnlyList<ReadOnlyMemory<byte>> nalUnits)
    {
        ArgumentNullException.ThrowIfNull(nalUnits);
        var size = 0;
        for (var i = 0; i < nalUnits.Count; i++)
        {
            size += SizeInSample(nalUnits[i].Span);
        }

        var sample = new byte[size];
        var offset = 0;
        for (var i = 0; i < nalUnits.Count; i++)
        {
            offset += WriteInSample(nalUnits[i].Span, sample.AsSpan(offset));
        }

        return sample;
    }

    /// <summary>An access unit in Annex-B form (start codes of 3 or 4 bytes) as one sample.</summary>
    public static byte[] FromAnnexB(ReadOnlySpan<byte> annexB)
    {
        var ranges = new List<NalUnitRange>();
        AnnexB.Split(annexB, ranges);
        var size = 0;
        foreach (var range in ranges)
        {
            size += SizeInSample(annexB.Slice(range.Offset, range.Length));
        }

        var sample = new byte[size];
        var offset = 0;
        foreach (var range in ranges)
        {
            offset += WriteInSample(annexB.Slice(range.Offset, range.Length), sample.AsSpan(offset));
        }

        return sample;
    }

    /// <summary>The bytes <paramref name="nal"/> takes in a sample: none for a delimiter.</summary>
    private static int SizeInSample(ReadOnlySpan<byte> nal) => IsLeftOut(nal) ? 0 : LengthSize + nal.Length;

    /// <summary>Writes <paramref name="nal"/> behind its size, unless it is left out.</summary>
    /// <returns>The bytes written.</returns>
    private static int WriteInSample(ReadOnlySpan<byte> nal, Span<byte> destination)
    {
        if (IsLeftOut(nal))
        {
            return 0;
        }

        BinaryPrimitives.WriteUInt32BigEndian(destination, (uint)nal.Length);
        nal.CopyTo(destination[LengthSize..]);
        return LengthSize + nal.Length;
    }

    private static bool IsLeftOut(ReadOnlySpan<byte> nal) =>
        nal.IsEmpty || H264Format.IsAccessUnitDelimiter(nal) || H265Format.IsAccessUnitDelimiter(nal);
}
