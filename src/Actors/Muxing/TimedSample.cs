using MediaActors.Protocol.Mp4;

namespace MediaActors.Muxing;

/// <summary>
/// One sample of an fMP4 track, placed on the track's timeline: <paramref name="DecodeTime"/> in the
/// track's timescale from the stream's origin, <paramref name="PresentationMicros"/> on the session's
/// presentation clock (monotonic µs), for whoever cuts fragments and segments by time.
/// </summary>
public readonly record struct TimedSample(int TrackId, ulong DecodeTime, Mp4Sample Sample, long PresentationMicros)
{
    public bool IsVideo => TrackId == Mp4SampleStream.VideoTrackId;

    /// <summary>A video keyframe: where a decoder, a segment or a new reader can start.</summary>
    public bool IsKeyframe => IsVideo && Sample.IsSync;
}
