using MediaActors.Sessions;

namespace MediaActors.Pushing;

/// <summary>The messages of an <see cref="RtspPushActor"/>.</summary>
public static class RtspPush
{
    /// <summary>Asks a push for its <see cref="Stats"/>.</summary>
    public sealed class GetStats
    {
        public static readonly GetStats Instance = new();
        private GetStats() { }
    }

    /// <summary>
    /// A push's state and counters: <paramref name="State"/> is connecting (describing the session,
    /// announcing it to the target, setting up), recording (media flows), or retrying (after
    /// <paramref name="LastError"/>, in words, until the next attempt). <paramref name="Connections"/>
    /// counts connections that reached RECORD, <paramref name="Failures"/> the attempts that failed,
    /// each followed by a reconnect. Frames and bytes (RTP, without the interleaved headers) count
    /// over the push's life; <paramref name="FramesRefused"/> are frames the connection's bounded
    /// queue refused (the push then skips to the next keyframe); <paramref name="QueuedBytes"/> wait unsent now.
    /// </summary>
    public sealed record Stats(
        string SessionName,
        string Target,
        string State,
        string? LastError,
        int Connections,
        int Failures,
        long FramesSent,
        long BytesSent,
        long FramesRefused,
        long QueuedBytes);

    /// <summary>The target took the session's description, set up its tracks and recorded: the connection is ready for media.</summary>
    internal sealed record Established(int Attempt, PushConnection Connection, MediaSession.Described Described);

    /// <summary>The attempt ended: cancelled, or failed with <paramref name="Error"/>.</summary>
    internal sealed record AttemptEnded(int Attempt, Exception Error);
}
