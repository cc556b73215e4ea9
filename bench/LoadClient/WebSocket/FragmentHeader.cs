using System.Buffers.Binary;

namespace MediaActors.LoadClient.WebSocket;

/// <summary>
/// What the load client reads of a movie fragment's moof (14496-12 8.8): the mfhd sequence number,
/// the first run's track and whether its first sample is a sync sample (a keyframe, for video).
/// </summary>
/// <param name="FirstSampleFlags">The first sample's flags as the trun or tfhd states them; null when neither does (they would come from the trex).</param>
public readonly record struct FragmentHeader(uint SequenceNumber, uint TrackId, uint? FirstSampleFlags)
{
    /// <summary>sample_is_non_sync_sample in sample flags.</summary>
    private const uint NonSyncSample = 0x0001_0000;

    // tfhd flags: the optional fields, in the order they follow track_ID.
    private const uint TfhdBaseDataOffset = 0x01;
    private const uint TfhdSampleDescriptionIndex = 0x02;
    private const uint TfhdDefaultSampleDuration = 0x08;
    private const uint TfhdDefaultSampleSize = 0x10;
    private const uint TfhdDefaultSampleFlags = 0x20;

    // trun flags: data_offset and first_sample_flags after sample_count, then per sample duration, size, flags.
    private const uint TrunDataOffset = 0x001;
    private const uint TrunFirstSampleFlags = 0x004;
    private const uint TrunSampleDuration = 0x100;
    private const uint TrunSampleSize = 0x200;
    private const uint TrunSampleFlags = 0x400;

    public bool StartsWithSyncSample => FirstSampleFlags is { } flags && (flags & NonSyncSample) == 0;

    /// <summary>Reads a message that should start with a moof holding an mfhd and a traf (tfhd, trun).</summary>
    public static bool TryRead(ReadOnlySpan<byte> message, out FragmentHeader header)
    {
        header = default;
        var boxes = new Mp4Boxes(message);
        if (!boxes.TryNext(out var type, out var moof) || !type.SequenceEqual("moof"u8)
            || !Mp4Boxes.TryFind(moof, "mfhd"u8, out var mfhd) || mfhd.Length < 8
            || !Mp4Boxes.TryFind(moof, "traf"u8, out var traf) || !Mp4Boxes.TryFind(traf, "tfhd"u8, out var tfhd) || tfhd.Length < 8)
        {
            return false;
        }

        var tfhdFlags = Flags(tfhd);
        var defaultFlags = (tfhdFlags & TfhdDefaultSampleFlags) == 0 ? null : ReadAt(tfhd, 8 + OptionalBytes(tfhdFlags,
            (TfhdBaseDataOffset, 8), (TfhdSampleDescriptionIndex, 4), (TfhdDefaultSampleDuration, 4), (TfhdDefaultSampleSize, 4)));
        var firstFlags = Mp4Boxes.TryFind(traf, "trun"u8, out var trun) ? FirstSampleFlagsOf(trun) ?? defaultFlags : defaultFlags;
        header = new FragmentHeader(BinaryPrimitives.ReadUInt32BigEndian(mfhd[4..]), BinaryPrimitives.ReadUInt32BigEndian(tfhd[4..]), firstFlags);
        return true;
    }

    private static uint? FirstSampleFlagsOf(ReadOnlySpan<byte> trun)
    {
        if (trun.Length < 8 || BinaryPrimitives.ReadUInt32BigEndian(trun[4..]) == 0)
        {
            return null;
        }

        var flags = Flags(trun);
        var afterCount = 8 + OptionalBytes(flags, (TrunDataOffset, 4));
        if ((flags & TrunFirstSampleFlags) != 0)
        {
            return ReadAt(trun, afterCount);
        }

        return (flags & TrunSampleFlags) == 0 ? null : ReadAt(trun, afterCount + OptionalBytes(flags, (TrunSampleDuration, 4), (TrunSampleSize, 4)));
    }

    private static uint Flags(ReadOnlySpan<byte> fullBox) => BinaryPrimitives.ReadUInt32BigEndian(fullBox) & 0xFF_FFFF;

    private static int OptionalBytes(uint flags, params ReadOnlySpan<(uint Flag, int Bytes)> fields)
    {
        var bytes = 0;
        foreach (var (flag, size) in fields)
        {
            bytes += (flags & flag) != 0 ? size : 0;
        }

        return bytes;
    }

    private static uint? ReadAt(ReadOnlySpan<byte> body, int offset) =>
        body.Length >= offset + 4 ? BinaryPrimitives.ReadUInt32BigEndian(body[offset..]) : null;
}
