namespace MediaActors.Protocol.Mp4;

/// <summary>Consecutive samples of one track in a fragment (one traf of its moof).</summary>
/// <param name="TrackId">The track, as the init segment declared it.</param>
/// <param name="BaseMediaDecodeTime">
/// Decode time of the first sample, in ticks of the track's timescale since the track began: the
/// previous run's base plus its durations, so a player that joins at any fragment knows its time.
/// </param>
/// <param name="Samples">The samples in decoding order; at least one.</param>
public sealed record Mp4TrackRun(int TrackId, ulong BaseMediaDecodeTime, IReadOnlyList<Mp4Sample> Samples);
