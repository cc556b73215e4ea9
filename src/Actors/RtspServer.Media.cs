using Akka.Actor;
using MediaActors.Sessions;

namespace MediaActors;

/// <summary>
/// The K230 API's media calls, made from capture threads: lock-free, they check the arguments,
/// copy the data and hand it to the session without waiting for anything.
/// </summary>
public sealed partial class RtspServer
{
    /// <summary>rtspserver_sendvideodata with the K230 signature: the first <paramref name="size"/> bytes of <paramref name="data"/>.</summary>
    public void SendVideoData(string sessionName, byte[] data, int size, ulong timestamp) =>
        SendVideoData(sessionName, FirstBytes(data, size), timestamp);

    /// <summary>
    /// rtspserver_sendvideodata: hands encoder output (Annex-B: one or more NAL units, a whole
    /// access unit, or only SPS/PPS) to the session. <paramref name="timestamp"/> is used when it
    /// advances plausibly (µs, ms or 90 kHz); otherwise, as with the K230 sample's constant 1000,
    /// the arrival time is. The bytes are copied; when the session is behind by more than the
    /// ingest bound the data is dropped (and counted) instead of blocking the caller.
    /// </summary>
    public void SendVideoData(string sessionName, ReadOnlySpan<byte> data, ulong timestamp)
    {
        var session = RequireSession(sessionName, nameof(SendVideoData));
        if (data.IsEmpty)
        {
            throw new ArgumentException("data is empty; pass at least one NAL unit.", nameof(data));
        }

        if (data.Length > _settings.MaxFrameBytes)
        {
            throw new ArgumentOutOfRangeException(nameof(data), data.Length,
                $"{data.Length} bytes exceed max-frame-bytes ({_settings.MaxFrameBytes}); is size correct?");
        }

        if (!session.Gate.TryEnter(data.Length, out var afterDrop))
        {
            return;
        }
        // The caller reuses its buffer as soon as this returns (the K230 sample releases the stream).
        session.Actor.Tell(new MediaSession.IngestVideo(data.ToArray(), timestamp, MonotonicClock.NowMicros, afterDrop));
    }

    /// <summary>rtspserver_sendaudiodata with the K230 signature: the first <paramref name="size"/> bytes of <paramref name="data"/>.</summary>
    public void SendAudioData(string sessionName, byte[] data, int size, ulong timestamp) =>
        SendAudioData(sessionName, FirstBytes(data, size), timestamp);

    /// <summary>
    /// rtspserver_sendaudiodata: hands encoded audio to the session: G.711 bytes (one per sample,
    /// any number of them) or, for an AAC session, one or more complete ADTS frames. Audio is
    /// stamped by its sample count on the session's capture clock, so it stays in sync with the
    /// video; <paramref name="timestamp"/> is not needed for that. Copies, never blocks, like
    /// <see cref="SendVideoData(string, ReadOnlySpan{byte}, ulong)"/>.
    /// </summary>
    public void SendAudioData(string sessionName, ReadOnlySpan<byte> data, ulong timestamp)
    {
        var session = RequireSession(sessionName, nameof(SendAudioData));
        if (!session.HasAudio)
        {
            throw new InvalidOperationException($"Session '{sessionName}' was created without audio; create it with enableAudio: true or an AudioType.");
        }

        if (data.IsEmpty)
        {
            throw new ArgumentException("data is empty; pass at least one audio sample or frame.", nameof(data));
        }

        if (data.Length > _settings.MaxFrameBytes)
        {
            throw new ArgumentOutOfRangeException(nameof(data), data.Length, $"{data.Length} bytes exceed max-frame-bytes ({_settings.MaxFrameBytes}).");
        }

        if (!session.Gate.TryEnter(data.Length, out _))
        {
            return;
        }

        session.Actor.Tell(new MediaSession.IngestAudio(data.ToArray(), timestamp, MonotonicClock.NowMicros));
    }

    /// <summary>The K230 signature's (data, size) pair as a span, with size checked against the array.</summary>
    private static ReadOnlySpan<byte> FirstBytes(byte[] data, int size)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (size < 0 || size > data.Length)
        {
            throw new ArgumentOutOfRangeException(nameof(size), size, $"size must be between 0 and the length of data ({data.Length}).");
        }

        return data.AsSpan(0, size);
    }
}
