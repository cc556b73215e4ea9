namespace MediaActors.Web;

/// <summary>The messages of <see cref="WebStreamsActor"/>, which keeps the web outputs of the sessions someone watches.</summary>
public static class WebStreams
{
    /// <summary>The sender watches the session at <paramref name="StreamPath"/> live (see <see cref="LiveMp4.Watch"/>).</summary>
    public sealed record WatchLive(string StreamPath, int Credit);

    /// <summary>Asks for the session's latest keyframe as a JPEG picture (see <see cref="Snapshots.Get"/>).</summary>
    public sealed record Snapshot(string StreamPath);
}
