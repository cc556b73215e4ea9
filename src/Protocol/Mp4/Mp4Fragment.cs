namespace MediaActors.Protocol.Mp4;

/// <summary>
/// A movie fragment (ISO/IEC 14496-12 8.8): a moof that tells where each sample of its runs lies
/// and how long it lasts, then one mdat holding the samples. Fragments follow an init segment
/// (<see cref="Mp4InitSegment"/>) and each stands on its own, so a player can join at any
/// fragment that starts with a sync sample, a segment can be cut at any fragment, and a
/// recording cut off mid-fragment loses only that fragment.
/// </summary>
/// <remarks>
/// Every run's trun states each sample's duration, size, flags and composition offset rather than
/// leaning on defaults, so fragments need nothing from the init segment but the track ids; the
/// tfhd's default-base-is-moof makes data offsets count from the moof, as MSE and CMAF require.
/// <see cref="Write"/> allocates nothing: a live stream calls it once per frame.
/// </remarks>
public static class Mp4Fragment
{
    /// <summary>tfhd flag: offsets count from the first byte of the enclosing moof.</summary>
    private const uint DefaultBaseIsMoof = 0x02_0000;

    /// <summary>trun flags: data_offset, then sample duration, size, flags and composition offset for every sample.</summary>
    private const uint TrunDataOffsetPresent = 0x0001;
    private const uint TrunSampleDurationPresent = 0x0100;
    private const uint TrunSampleSizePresent = 0x0200;
    private const uint TrunSampleFlagsPresent = 0x0400;
    private const uint TrunSampleCompositionTimeOffsetPresent = 0x0800;

    private const uint TrunFlags = TrunDataOffsetPresent | TrunSampleDurationPresent | TrunSampleSizePresent
        | TrunSampleFlagsPresent | TrunSampleCompositionTimeOffsetPresent;

    /// <summary>trun version 1: composition offsets are signed, so a stream may start presenting before it starts decoding.</summary>
    private const byte TrunVersionWithSignedOffsets = 1;

    /// <summary>tfdt version 1: a 64-bit decode time, which a 90 kHz clock outgrows after 13 hours in 32 bits.</summary>
    private const byte TfdtVersionWith64BitTime = 1;

    /// <summary>Sample flags (14496-12 8.8.3.1) of a sync sample: sample_depends_on = 2, it depends on no other sample.</summary>
    private const uint SyncSampleFlags = 0x0200_0000;

    /// <summary>Sample flags of any other sample: sample_depends_on = 1 (it depends on others) and sample_is_non_sync_sample.</summary>
    private const uint NonSyncSampleFlags = 0x0101_0000;

    /// <summary>The fragment in a new array.</summary>
    /// <param name="sequenceNumber">The mfhd sequence number: 1 for the first fragment, one more for each after it.</param>
    /// <param name="runs">The runs, at most one per track, each with at least one sample; their samples fill the mdat in this order.</param>
    /// <exception cref="ArgumentException">There is no run, a run has no samples, or a track id is below 1.</exception>
    public static byte[] Create(uint sequenceNumber, IReadOnlyList<Mp4TrackRun> runs)
    {
        var fragment = new byte[Size(runs)];
        Write(fragment, sequenceNumber, runs);
        return fragment;
    }

    /// <summary>How many bytes <see cref="Write"/> writes for <paramref name="runs"/>.</summary>
    /// <exception cref="ArgumentException">There is no run, a run has no samples, or a track id is below 1.</exception>
    public static int Size(IReadOnlyList<Mp4TrackRun> runs)
    {
        Validate(runs);
        var counter = Mp4BoxWriter.Counting();
        WriteFragment(ref counter, sequenceNumber: 0, runs);
        return counter.Position;
    }

    /// <summary>Writes the fragment at the start of <paramref name="destination"/>, e.g. a pooled buffer of at least <see cref="Size"/> bytes.</summary>
    /// <returns>The bytes written: <see cref="Size"/>.</returns>
    /// <exception cref="ArgumentException">
    /// <paramref name="destination"/> is shorter than <see cref="Size"/>, there is no run, a run has
    /// no samples, or a track id is below 1.
    /// </exception>
    public static int Write(Span<byte> destination, uint sequenceNumber, IReadOnlyList<Mp4TrackRun> runs)
    {
        var size = Size(runs);
        if (destination.Length < size)
        {
            throw new ArgumentException($"The fragment takes {size} bytes; the destination has {destination.Length}.", nameof(destination));
        }

        var writer = new Mp4BoxWriter(destination);
        WriteFragment(ref writer, sequenceNumber, runs);
        return writer.Position;
    }

    private static void Validate(IReadOnlyList<Mp4TrackRun> runs)
    {
        ArgumentNullException.ThrowIfNull(runs);
        if (runs.Count == 0)
        {
            throw new ArgumentException("A fragment needs at least one track run.", nameof(runs));
        }

        for (var i = 0; i < runs.Count; i++)
        {
            var run = runs[i] ?? throw new ArgumentException($"Run {i} is null.", nameof(runs));
            if (run.TrackId < 1)
            {
                throw new ArgumentException($"Run {i} names track {run.TrackId}; track ids start at 1.", nameof(runs));
            }

            if (run.Samples is null || run.Samples.Count == 0)
            {
                throw new ArgumentException($"Run {i} (track {run.TrackId}) has no samples.", nameof(runs));
            }
        }
    }

    /// <summary>
    /// The moof, then the mdat. A trun's data offset counts from the moof's first byte to its run's
    /// first sample, so the moof's size is counted before it is written.
    /// </summary>
    private static void WriteFragment(ref Mp4BoxWriter writer, uint sequenceNumber, IReadOnlyList<Mp4TrackRun> runs)
    {
        var moofCounter = Mp4BoxWriter.Counting();
        WriteMoof(ref moofCounter, sequenceNumber, runs, firstSampleOffset: 0);
        WriteMoof(ref writer, sequenceNumber, runs, firstSampleOffset: moofCounter.Position + Mp4BoxWriter.BoxHeaderSize);
        WriteMdat(ref writer, runs);
    }

    private static void WriteMoof(ref Mp4BoxWriter writer, uint sequenceNumber, IReadOnlyList<Mp4TrackRun> runs, int firstSampleOffset)
    {
        var moof = writer.BeginBox("moof"u8);
        var mfhd = writer.BeginFullBox("mfhd"u8, 0, 0);
        writer.WriteUInt32(sequenceNumber);
        writer.EndBox(mfhd);

        var sampleOffset = firstSampleOffset;
        for (var i = 0; i < runs.Count; i++)
        {
            WriteTraf(ref writer, runs[i], sampleOffset);
            sampleOffset += DataSize(runs[i].Samples);
        }

        writer.EndBox(moof);
    }

    private static void WriteTraf(ref Mp4BoxWriter writer, Mp4TrackRun run, int sampleOffset)
    {
        var traf = writer.BeginBox("traf"u8);
        var tfhd = writer.BeginFullBox("tfhd"u8, 0, DefaultBaseIsMoof);
        writer.WriteUInt32((uint)run.TrackId);
        writer.EndBox(tfhd);

        var tfdt = writer.BeginFullBox("tfdt"u8, TfdtVersionWith64BitTime, 0);
        writer.WriteUInt64(run.BaseMediaDecodeTime);
        writer.EndBox(tfdt);

        var samples = run.Samples;
        var trun = writer.BeginFullBox("trun"u8, TrunVersionWithSignedOffsets, TrunFlags);
        writer.WriteUInt32((uint)samples.Count);
        writer.WriteInt32(sampleOffset);
        for (var i = 0; i < samples.Count; i++)
        {
            var sample = samples[i];
            writer.WriteUInt32(sample.Duration);
            writer.WriteUInt32((uint)sample.Data.Length);
            writer.WriteUInt32(sample.IsSync ? SyncSampleFlags : NonSyncSampleFlags);
            writer.WriteInt32(sample.CompositionOffset);
        }

        writer.EndBox(trun);
        writer.EndBox(traf);
    }

    private static void WriteMdat(ref Mp4BoxWriter writer, IReadOnlyList<Mp4TrackRun> runs)
    {
        var mdat = writer.BeginBox("mdat"u8);
        for (var i = 0; i < runs.Count; i++)
        {
            var samples = runs[i].Samples;
            for (var j = 0; j < samples.Count; j++)
            {
                writer.WriteBytes(samples[j].Data.Span);
            }
        }

        writer.EndBox(mdat);
    }

    private static int DataSize(IReadOnlyList<Mp4Sample> samples)
    {
        var size = 0;
        for (var i = 0; i < samples.Count; i++)
        {
            size += samples[i].Data.Length;
        }

        return size;
    }
}
