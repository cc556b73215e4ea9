using System.Buffers.Binary;

namespace MediaActors.LoadClient.WebSocket;

/// <summary>What the load client needs of an init segment (ftyp, moov): which tracks are video.</summary>
public static class InitSegment
{
    /// <summary>The track ids whose handler is 'vide'; null when <paramref name="data"/> has no moov with tracks.</summary>
    public static HashSet<uint>? VideoTracks(ReadOnlySpan<byte> data)
    {
        if (!Mp4Boxes.TryFind(data, "moov"u8, out var moov))
        {
            return null;
        }

        var tracks = new HashSet<uint>();
        var any = false;
        var boxes = new Mp4Boxes(moov);
        while (boxes.TryNext(out var type, out var trak))
        {
            if (!type.SequenceEqual("trak"u8) || TrackId(trak) is not { } id)
            {
                continue;
            }

            any = true;
            if (Mp4Boxes.TryFind(trak, "mdia"u8, out var mdia) && Mp4Boxes.TryFind(mdia, "hdlr"u8, out var hdlr)
                && hdlr.Length >= 12 && hdlr.Slice(8, 4).SequenceEqual("vide"u8))
            {
                tracks.Add(id);
            }
        }

        return any ? tracks : null;
    }

    /// <summary>tkhd: version and flags, creation and modification times (32 or, in version 1, 64 bits each), then track_ID.</summary>
    private static uint? TrackId(ReadOnlySpan<byte> trak)
    {
        if (!Mp4Boxes.TryFind(trak, "tkhd"u8, out var tkhd) || tkhd.Length < 4)
        {
            return null;
        }

        var at = tkhd[0] == 1 ? 20 : 12;
        return tkhd.Length >= at + 4 ? BinaryPrimitives.ReadUInt32BigEndian(tkhd[at..]) : null;
    }
}
