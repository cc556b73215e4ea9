using Akka.Configuration;

namespace MediaActors.Recording;

/// <summary>
/// Recording to fMP4 files: the <c>mediaactors.recording</c> HOCON section (see hocon/mediaactors.conf
/// for why each default). Off while <see cref="Directory"/> is empty; then every session is recorded
/// unless its entry in <c>sessions</c> says <c>record = off</c>, and an entry may set its own segment
/// duration.
/// </summary>
/// <param name="Directory">Where segments go, as <c>Directory/&lt;session&gt;/&lt;UTC start&gt;.mp4</c>; empty: no recording.</param>
/// <param name="SegmentDuration">A segment is closed at the first keyframe after this long.</param>
/// <param name="FragmentInterval">Media is written (and handed to the operating system) at least this often: what a killed process can lose.</param>
/// <param name="MaxAge">Segments older than this are deleted; zero: kept by age.</param>
/// <param name="MaxTotalBytes">The oldest segments are deleted while all of them together hold more; zero: no bound.</param>
/// <param name="TimelineBreak">Media this far from where the stream was (a source that was away, an encoder restart) starts a new segment.</param>
/// <param name="Sessions">Per-session overrides by session name.</param>
public sealed record RecordingSettings(
    string Directory,
    TimeSpan SegmentDuration,
    TimeSpan FragmentInterval,
    TimeSpan MaxAge,
    long MaxTotalBytes,
    TimeSpan TimelineBreak,
    IReadOnlyDictionary<string, SessionRecording> Sessions)
{
    private const string Section = "mediaactors.recording";

    public bool IsOn => Directory.Length > 0;

    /// <summary>How <paramref name="session"/> is recorded; null when it is not.</summary>
    public SessionRecording? For(string session)
    {
        if (!IsOn)
        {
            return null;
        }

        var recording = Sessions.GetValueOrDefault(session) ?? new SessionRecording(true, SegmentDuration);
        return recording.Record ? recording : null;
    }

    public static RecordingSettings FromConfig(Config config)
    {
        var recording = config.GetConfig(Section) ?? throw new ConfigurationException($"The configuration has no {Section} section.");
        var segmentDuration = Positive(recording, "segment-duration");
        var sessions = new Dictionary<string, SessionRecording>(StringComparer.Ordinal);
        if (recording.GetConfig("sessions") is { IsEmpty: false } entries)
        {
            // Flattened keys ("cam1.record"): the entry is the first part.
            foreach (var key in entries.AsEnumerable().Select(pair => pair.Key.Split('.')[0]).Distinct())
            {
                var name = key.Trim('"');
                var entry = entries.GetConfig(key);
                var entryDuration = entry.HasPath("segment-duration") ? Positive(entry, "segment-duration", $"sessions.{name}.") : segmentDuration;
                sessions[name] = new SessionRecording(entry.GetBoolean("record", true), entryDuration);
            }
        }

        var maxAge = recording.GetTimeSpan("max-age");
        var maxTotalBytes = recording.GetByteSize("max-total-bytes") ?? 0;
        if (maxAge < TimeSpan.Zero || maxTotalBytes < 0)
        {
            throw new ConfigurationException($"{Section}.max-age and max-total-bytes must not be negative (0: no bound).");
        }

        return new RecordingSettings(recording.GetString("directory") ?? "", segmentDuration, Positive(recording, "fragment-interval"),
            maxAge, maxTotalBytes, Positive(recording, "timeline-break"), sessions);
    }

    private static TimeSpan Positive(Config section, string key, string prefix = "")
    {
        var value = section.GetTimeSpan(key);
        return value > TimeSpan.Zero ? value : throw new ConfigurationException($"{Section}.{prefix}{key} must be positive.");
    }
}

/// <summary>How one session is recorded.</summary>
public sealed record SessionRecording(bool Record, TimeSpan SegmentDuration);
