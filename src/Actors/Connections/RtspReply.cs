using MediaActors.Protocol.Rtsp;

namespace MediaActors.Connections;

/// <summary>A response to a request and, optionally, what to do once it is queued, ahead of any media that follows.</summary>
internal readonly record struct RtspReply(RtspResponse Response, Action? AfterQueued = null);
