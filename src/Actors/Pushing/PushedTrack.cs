namespace MediaActors.Pushing;

/// <summary>A session's track as the target set it up: its URL there and the interleaved channels its RTP and RTCP go on.</summary>
internal sealed record PushedTrack(int TrackId, string Url, (int Rtp, int Rtcp) Channels);
