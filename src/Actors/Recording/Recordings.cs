namespace MediaActors.Recording;

/// <summary>The messages of <see cref="RecordingsActor"/>, which records a node's sessions and keeps the directory within its bounds.</summary>
public static class Recordings
{
    /// <summary>Asks for every segment on disk; answered with <see cref="Listing"/>.</summary>
    public sealed class List
    {
        public static readonly List Instance = new();
        private List() { }
    }

    /// <summary>One segment file: its session, name, where it is, its size, its start (UTC, from its name) and whether it is still being written.</summary>
    public sealed record Segment(string Session, string File, string Path, long Bytes, DateTimeOffset StartedAt, bool Recording);

    /// <summary>The segments, oldest first; <paramref name="Errors"/> says, per session, why its recording stopped.</summary>
    public sealed record Listing(IReadOnlyList<Segment> Segments, IReadOnlyDictionary<string, string> Errors);

    /// <summary>From a recorder: it closed a segment (retention may now delete old ones) or opened one.</summary>
    public sealed record SegmentChanged(string Session, string? OpenPath);

    /// <summary>From a recorder: it cannot write (disk full, no permission) and stopped; streaming goes on.</summary>
    public sealed record RecordingFailed(string Session, string Reason);
}
