using Akka.Configuration;

namespace MediaActors.Web;

/// <summary>
/// The <c>mediaactors.http.hls</c> HOCON section: how a session's <see cref="HlsActor"/> cuts its
/// stream and what it keeps (see hocon/mediaactors.conf for why each default).
/// </summary>
/// <param name="PartDuration">The part target: a part holds the pictures of at most this long (one picture at least).</param>
/// <param name="SegmentCount">Whole segments (GOPs) kept and listed, besides the one being made.</param>
/// <param name="MaxBytes">What one session's HLS keeps at most; past it the oldest segments go, and a segment being made that alone passes it stops the session's HLS.</param>
/// <param name="Linger">How long a session's HLS goes on after its last request.</param>
/// <param name="MaxWaitingRequests">Blocking requests (playlist reloads, the hinted part) one session's HLS holds at once; more are refused with 503.</param>
public sealed record HlsSettings(TimeSpan PartDuration, int SegmentCount, long MaxBytes, TimeSpan Linger, int MaxWaitingRequests)
{
    /// <summary>Reads the <c>hls</c> section of <paramref name="http"/> (the <c>mediaactors.http</c> section).</summary>
    /// <exception cref="ConfigurationException">A value is out of range, naming it.</exception>
    public static HlsSettings FromConfig(Config http, string section)
    {
        ArgumentNullException.ThrowIfNull(http);
        var hls = http.GetConfig("hls") ?? throw new ConfigurationException($"The configuration has no {section}.hls section.");
        var settings = new HlsSettings(
            hls.GetTimeSpan("part-duration"),
            hls.GetInt("segment-count"),
            hls.GetByteSize("max-bytes") ?? 0,
            hls.GetTimeSpan("linger"),
            hls.GetInt("max-waiting-requests"));
        Require(settings.PartDuration >= TimeSpan.FromMilliseconds(50) && settings.PartDuration <= TimeSpan.FromSeconds(5),
            "part-duration must be between 50ms and 5s.", section);
        Require(settings.SegmentCount >= 2, "segment-count must be at least 2.", section);
        Require(settings.MaxBytes > 0, "max-bytes must be positive.", section);
        Require(settings.Linger >= TimeSpan.Zero, "linger must not be negative.", section);
        Require(settings.MaxWaitingRequests >= 1, "max-waiting-requests must be at least 1.", section);
        return settings;
    }

    private static void Require(bool condition, string message, string section)
    {
        if (!condition)
        {
            throw new ConfigurationException($"{section}.hls.{message}");
        }
    }
}
