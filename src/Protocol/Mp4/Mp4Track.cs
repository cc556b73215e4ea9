namespace MediaActors.Protocol.Mp4;

/// <summary>One track of an MP4 file, as the init segment declares it and the fragments refer to it.</summary>
/// <param name="TrackId">The track_ID, 1 or more and unique within the file; fragments name their track by it (<see cref="Mp4TrackRun.TrackId"/>).</param>
/// <param name="Timescale">
/// Ticks per second of the track's decode times and durations: 90000 for video (the RTP clock, so
/// RTP timestamps carry over), the sample rate for audio (so an AAC frame lasts 1024 ticks).
/// </param>
/// <param name="SampleEntry">What the samples are, from the codec's format.</param>
public sealed record Mp4Track(int TrackId, uint Timescale, Mp4SampleEntry SampleEntry);
