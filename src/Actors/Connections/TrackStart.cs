using MediaActors.Sessions;

namespace MediaActors.Connections;

/// <summary>The answer to subscribing a track's new sender: where its stream starts, or null when it did not start in time.</summary>
internal readonly record struct TrackStart(TrackSetup Track, MediaSession.Subscribed? Subscribed)
{
    /// <summary>After the PLAY reply: the track's first sender report, then its media.</summary>
    public void Activate() => Track.Activate(Subscribed!.FirstReport);
}
