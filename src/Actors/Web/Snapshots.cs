namespace MediaActors.Web;

/// <summary>The messages of a session's <see cref="SnapshotActor"/>.</summary>
public static class Snapshots
{
    /// <summary>Asks for the latest keyframe as a JPEG picture; answered with <see cref="Picture"/> or <see cref="Failed"/>.</summary>
    public sealed class Get
    {
        public static readonly Get Instance = new();
        private Get() { }
    }

    /// <summary>The picture of the session's latest keyframe, shown at <paramref name="TakenAt"/>.</summary>
    public sealed record Picture(byte[] Jpeg, DateTimeOffset TakenAt);

    public sealed record Failed(string Reason);
}
