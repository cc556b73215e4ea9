namespace MediaActors.Web;

/// <summary>The messages of <see cref="WebStreamsActor"/>, which keeps the web outputs of the sessions someone watches.</summary>
public static class WebStreams
{
    /// <summary>The sender watches the session at <paramref name="StreamPath"/> live (see <see cref="LiveMp4.Watch"/>).</summary>
    public sealed record WatchLive(string StreamPath, int Credit);

    /// <summary>Asks for the session's latest keyframe as a JPEG picture (see <see cref="Snapshots.Get"/>).</summary>
    public sealed record Snapshot(string StreamPath);

    /// <summary>Asks the session's HLS for a file: <paramref name="Request"/> is one of the requests of <see cref="Web.Hls"/>, answered as it says.</summary>
    public sealed record Hls(string StreamPath, object Request);

    /// <summary>
    /// Told by an output that nobody has used for its linger: it is forgotten (the next request
    /// starts a new one), then stopped behind whatever was forwarded to it before, so none is lost.
    /// </summary>
    public sealed class Idle
    {
        public static readonly Idle Instance = new();
        private Idle() { }
    }
}
