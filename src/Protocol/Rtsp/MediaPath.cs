namespace MediaActors.Protocol.Rtsp;

/// <summary>A request URL resolved to the stream it names and, for SETUP, the track.</summary>
/// <param name="StreamPath">The stream's path, e.g. "live/cam0", without slashes at the ends.</param>
/// <param name="TrackId">The track number of a control URL such as .../trackID=0; null for the aggregate.</param>
public readonly record struct MediaPath(string StreamPath, int? TrackId);
