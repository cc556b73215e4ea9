namespace MediaActors.Web;

/// <summary>
/// One part of an HLS segment: one moof+mdat of the samples gathered over the part target (a video
/// run and, with AAC, an audio run). <paramref name="Independent"/>: it holds a keyframe, so a
/// player can start with it (the first part of every segment).
/// </summary>
/// <param name="Duration">Seconds: its pictures' durations (its audio's when it holds no picture).</param>
public sealed record HlsPart(byte[] Data, double Duration, bool Independent);
