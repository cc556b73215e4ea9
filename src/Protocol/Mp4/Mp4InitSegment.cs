namespace MediaActors.Protocol.Mp4;

/// <summary>
/// The init segment of a fragmented MP4 (ISO/IEC 14496-12, fragmented as CMAF and MSE expect): an
/// ftyp and a moov that declare the tracks and their sample entries but hold no samples; the
/// fragments (<see cref="Mp4Fragment"/>) that follow carry them. The same bytes start a recording
/// file, an LL-HLS playlist's EXT-X-MAP and what a browser's SourceBuffer is given first.
/// </summary>
/// <remarks>
/// Durations are left 0, as is usual for fragmented files: the fragments tell the time, and a
/// recording that is still being written, or was cut off, has no duration to state.
/// </remarks>
public static class Mp4InitSegment
{
    /// <summary>The movie header's own clock; only durations (all 0 here) would count in it.</summary>
    private const uint MovieTimescale = 1000;

    /// <summary>tkhd flags: track_enabled and track_in_movie.</summary>
    private const uint TrackEnabledInMovie = 0x000003;

    /// <summary>url flag: the media data is in this same file.</summary>
    private const uint SelfContained = 0x000001;

    /// <summary>vmhd carries flag 1, as 14496-12 12.1.2.2 requires.</summary>
    private const uint VideoMediaHeaderFlags = 0x000001;

    /// <summary>1.0 in 16.16 fixed point: the normal playback rate.</summary>
    private const uint NormalRate = 0x0001_0000;

    /// <summary>1.0 in 8.8 fixed point: full volume, for audio tracks.</summary>
    private const ushort FullVolume = 0x0100;

    /// <summary>ISO 639-2 "und" (undetermined) packed as three 5-bit letters, each minus 0x60.</summary>
    private const ushort UndeterminedLanguage = (('u' - 0x60) << 10) | (('n' - 0x60) << 5) | ('d' - 0x60);

    /// <summary>
    /// ftyp: major brand iso5 (the first to define default-base-is-moof), compatible with iso6 (tfdt
    /// version 1, signed composition offsets in trun), mp41 and dash, the set Chrome's and Safari's
    /// MSE, Safari's HLS and ffmpeg all accept.
    /// </summary>
    private static ReadOnlySpan<byte> CompatibleBrands => "iso5iso6mp41dash"u8;

    /// <summary>The unity transformation matrix of mvhd and tkhd: no rotation or scaling.</summary>
    private static ReadOnlySpan<uint> UnityMatrix => [0x0001_0000, 0, 0, 0, 0x0001_0000, 0, 0, 0, 0x4000_0000];

    /// <summary>The ftyp and moov declaring <paramref name="tracks"/>, in that order in the moov.</summary>
    /// <exception cref="ArgumentException">There are no tracks, a track id is below 1 or repeated, or a timescale is 0.</exception>
    public static byte[] Create(IReadOnlyList<Mp4Track> tracks)
    {
        Validate(tracks);
        return Mp4BoxWriter.ToArray((ref Mp4BoxWriter writer) =>
        {
            WriteFtyp(ref writer);
            WriteMoov(ref writer, tracks);
        });
    }

    /// <summary>
    /// The MIME type with the RFC 6381 codecs parameter, for MediaSource.isTypeSupported,
    /// addSourceBuffer and an HLS CODECS attribute's value: video/mp4; codecs="avc1.4d401f,mp4a.40.2".
    /// audio/mp4 when no track is video.
    /// </summary>
    /// <exception cref="ArgumentException">There are no tracks.</exception>
    public static string MimeType(IReadOnlyList<Mp4Track> tracks)
    {
        ArgumentNullException.ThrowIfNull(tracks);
        if (tracks.Count == 0)
        {
            throw new ArgumentException("A file needs at least one track.", nameof(tracks));
        }

        var type = tracks.Any(track => track.SampleEntry.Kind == Mp4TrackKind.Video) ? "video/mp4" : "audio/mp4";
        return $"{type}; codecs=\"{string.Join(',', tracks.Select(track => track.SampleEntry.CodecString))}\"";
    }

    private static void Validate(IReadOnlyList<Mp4Track> tracks)
    {
        ArgumentNullException.ThrowIfNull(tracks);
        if (tracks.Count == 0)
        {
            throw new ArgumentException("A file needs at least one track.", nameof(tracks));
        }

        var ids = new HashSet<int>();
        foreach (var track in tracks)
        {
            ArgumentNullException.ThrowIfNull(track, nameof(tracks));
            if (track.TrackId < 1 || !ids.Add(track.TrackId))
            {
                throw new ArgumentException($"Track id {track.TrackId} is below 1 or not unique.", nameof(tracks));
            }

            if (track.Timescale == 0)
            {
                throw new ArgumentException($"Track {track.TrackId} has a timescale of 0.", nameof(tracks));
            }
        }
    }

    private static void WriteFtyp(ref Mp4BoxWriter writer)
    {
        var ftyp = writer.BeginBox("ftyp"u8);
        writer.WriteBytes("iso5"u8);
        writer.WriteUInt32(0); // minor_version
        writer.WriteBytes(CompatibleBrands);
        writer.EndBox(ftyp);
    }

    private static void WriteMoov(ref Mp4BoxWriter writer, IReadOnlyList<Mp4Track> tracks)
    {
        var moov = writer.BeginBox("moov"u8);
        WriteMvhd(ref writer, nextTrackId: (uint)tracks.Max(track => track.TrackId) + 1);
        foreach (var track in tracks)
        {
            WriteTrak(ref writer, track);
        }

        var mvex = writer.BeginBox("mvex"u8);
        foreach (var track in tracks)
        {
            WriteTrex(ref writer, track);
        }

        writer.EndBox(mvex);
        writer.EndBox(moov);
    }

    private static void WriteMvhd(ref Mp4BoxWriter writer, uint nextTrackId)
    {
        var mvhd = writer.BeginFullBox("mvhd"u8, 0, 0);
        writer.WriteUInt32(0); // creation_time
        writer.WriteUInt32(0); // modification_time
        writer.WriteUInt32(MovieTimescale);
        writer.WriteUInt32(0); // duration: known only from the fragments
        writer.WriteUInt32(NormalRate);
        writer.WriteUInt16(FullVolume);
        writer.WriteZeros(2 + 8); // reserved
        WriteMatrix(ref writer);
        writer.WriteZeros(6 * 4); // pre_defined
        writer.WriteUInt32(nextTrackId);
        writer.EndBox(mvhd);
    }

    private static void WriteTrak(ref Mp4BoxWriter writer, Mp4Track track)
    {
        var trak = writer.BeginBox("trak"u8);
        WriteTkhd(ref writer, track);
        var mdia = writer.BeginBox("mdia"u8);
        WriteMdhd(ref writer, track.Timescale);
        WriteHdlr(ref writer, track.SampleEntry.Kind);
        WriteMinf(ref writer, track.SampleEntry);
        writer.EndBox(mdia);
        writer.EndBox(trak);
    }

    private static void WriteTkhd(ref Mp4BoxWriter writer, Mp4Track track)
    {
        var entry = track.SampleEntry;
        var tkhd = writer.BeginFullBox("tkhd"u8, 0, TrackEnabledInMovie);
        writer.WriteUInt32(0); // creation_time
        writer.WriteUInt32(0); // modification_time
        writer.WriteUInt32((uint)track.TrackId);
        writer.WriteZeros(4); // reserved
        writer.WriteUInt32(0); // duration
        writer.WriteZeros(8); // reserved
        writer.WriteUInt16(0); // layer
        writer.WriteUInt16(0); // alternate_group
        writer.WriteUInt16(entry.Kind == Mp4TrackKind.Audio ? FullVolume : (ushort)0);
        writer.WriteZeros(2); // reserved
        WriteMatrix(ref writer);
        writer.WriteUInt32((uint)entry.Width << 16); // 16.16 fixed point
        writer.WriteUInt32((uint)entry.Height << 16);
        writer.EndBox(tkhd);
    }

    private static void WriteMdhd(ref Mp4BoxWriter writer, uint timescale)
    {
        var mdhd = writer.BeginFullBox("mdhd"u8, 0, 0);
        writer.WriteUInt32(0); // creation_time
        writer.WriteUInt32(0); // modification_time
        writer.WriteUInt32(timescale);
        writer.WriteUInt32(0); // duration
        writer.WriteUInt16(UndeterminedLanguage);
        writer.WriteUInt16(0); // pre_defined
        writer.EndBox(mdhd);
    }

    private static void WriteHdlr(ref Mp4BoxWriter writer, Mp4TrackKind kind)
    {
        var hdlr = writer.BeginFullBox("hdlr"u8, 0, 0);
        writer.WriteUInt32(0); // pre_defined
        writer.WriteBytes(kind == Mp4TrackKind.Video ? "vide"u8 : "soun"u8);
        writer.WriteZeros(3 * 4); // reserved
        writer.WriteBytes(kind == Mp4TrackKind.Video ? "VideoHandler\0"u8 : "SoundHandler\0"u8);
        writer.EndBox(hdlr);
    }

    private static void WriteMinf(ref Mp4BoxWriter writer, Mp4SampleEntry entry)
    {
        var minf = writer.BeginBox("minf"u8);
        if (entry.Kind == Mp4TrackKind.Video)
        {
            var vmhd = writer.BeginFullBox("vmhd"u8, 0, VideoMediaHeaderFlags);
            writer.WriteZeros(2 + (3 * 2)); // graphicsmode, opcolor
            writer.EndBox(vmhd);
        }
        else
        {
            var smhd = writer.BeginFullBox("smhd"u8, 0, 0);
            writer.WriteZeros(2 + 2); // balance, reserved
            writer.EndBox(smhd);
        }

        var dinf = writer.BeginBox("dinf"u8);
        var dref = writer.BeginFullBox("dref"u8, 0, 0);
        writer.WriteUInt32(1); // entry_count
        var url = writer.BeginFullBox("url "u8, 0, SelfContained);
        writer.EndBox(url);
        writer.EndBox(dref);
        writer.EndBox(dinf);

        WriteStbl(ref writer, entry.Box);
        writer.EndBox(minf);
    }

    /// <summary>The sample table: the sample entry, and empty tables, since the fragments list the samples.</summary>
    private static void WriteStbl(ref Mp4BoxWriter writer, ReadOnlySpan<byte> sampleEntry)
    {
        var stbl = writer.BeginBox("stbl"u8);
        var stsd = writer.BeginFullBox("stsd"u8, 0, 0);
        writer.WriteUInt32(1); // entry_count
        writer.WriteBytes(sampleEntry);
        writer.EndBox(stsd);

        WriteEmptyTable(ref writer, "stts"u8);
        WriteEmptyTable(ref writer, "stsc"u8);
        var stsz = writer.BeginFullBox("stsz"u8, 0, 0);
        writer.WriteUInt32(0); // sample_size
        writer.WriteUInt32(0); // sample_count
        writer.EndBox(stsz);
        WriteEmptyTable(ref writer, "stco"u8);
        writer.EndBox(stbl);
    }

    /// <summary>A sample table full box holding only its entry_count, 0.</summary>
    private static void WriteEmptyTable(ref Mp4BoxWriter writer, ReadOnlySpan<byte> type)
    {
        var table = writer.BeginFullBox(type, 0, 0);
        writer.WriteUInt32(0); // entry_count
        writer.EndBox(table);
    }

    /// <summary>The defaults of the track's fragments, which state every field themselves: sample description 1, the rest 0.</summary>
    private static void WriteTrex(ref Mp4BoxWriter writer, Mp4Track track)
    {
        var trex = writer.BeginFullBox("trex"u8, 0, 0);
        writer.WriteUInt32((uint)track.TrackId);
        writer.WriteUInt32(1); // default_sample_description_index
        writer.WriteUInt32(0); // default_sample_duration
        writer.WriteUInt32(0); // default_sample_size
        writer.WriteUInt32(0); // default_sample_flags
        writer.EndBox(trex);
    }

    private static void WriteMatrix(ref Mp4BoxWriter writer)
    {
        foreach (var value in UnityMatrix)
        {
            writer.WriteUInt32(value);
        }
    }
}
