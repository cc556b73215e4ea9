using MediaActors.Protocol.Codecs;
using MediaActors.Protocol.Codecs.Aac;
using MediaActors.Protocol.Formats;
using MediaActors.Protocol.Mp4;

namespace MediaActors.Protocol.Tests.Mp4;

/// <summary>A track and all its samples, as a recorder would have them by the end of a stream.</summary>
internal sealed record TrackSamples(Mp4Track Track, IReadOnlyList<Mp4Sample> Samples)
{
    public const uint VideoTimescale = 90_000;

    /// <summary>
    /// Annex-B encoder output split into access units by the codec's assembler, each one sample
    /// lasting one frame at <paramref name="framesPerSecond"/> on the 90 kHz clock; the sample
    /// entry from the parameter sets the assembler found.
    /// </summary>
    public static TrackSamples FromAnnexB(Codec codec, byte[] annexB, int framesPerSecond, int trackId = 1)
    {
        var format = CodecFormat.OfVideo(codec);
        var assembler = format.CreateAssembler();
        var accessUnits = new List<AccessUnit>();
        assembler.Push(annexB, accessUnits);
        Assert.All(accessUnits, unit => Assert.True(unit.StartsNewPicture));
        var duration = VideoTimescale / (uint)framesPerSecond;
        var samples = accessUnits
            .Select(unit => new Mp4Sample(Mp4VideoSample.FromNalUnits(unit.NalUnits), duration, 0, unit.IsKeyframe))
            .ToList();
        return new TrackSamples(new Mp4Track(trackId, VideoTimescale, format.Mp4SampleEntry(assembler.ParameterSets)), samples);
    }

    /// <summary>ADTS frames as raw access units of 1024 samples each, on a clock at the sampling rate.</summary>
    public static TrackSamples FromAdts(byte[] adts, int trackId)
    {
        var accessUnits = new List<ReadOnlyMemory<byte>>();
        var consumed = AdtsSplitter.Split(adts, accessUnits, out var config);
        Assert.Equal(adts.Length, consumed);
        var samples = accessUnits.Select(unit => new Mp4Sample(unit, AacFormat.SamplesPerAccessUnit, 0, IsSync: true)).ToList();
        return new TrackSamples(new Mp4Track(trackId, (uint)config!.SamplingFrequency, CodecFormat.Aac.Mp4SampleEntry(config)), samples);
    }

    /// <summary>When sample <paramref name="index"/> starts, in seconds.</summary>
    public double StartOf(int index) => (double)Samples.Take(index).Sum(sample => (long)sample.Duration) / Track.Timescale;

    /// <summary>The decode time of sample <paramref name="index"/>, in the track's ticks.</summary>
    public ulong DecodeTimeOf(int index) => (ulong)Samples.Take(index).Sum(sample => (long)sample.Duration);
}
