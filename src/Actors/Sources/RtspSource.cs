using Akka.Actor;
using Akka.Event;
using MediaActors.Flow;
using MediaActors.Pipeline;
using MediaActors.Protocol.Formats;

namespace MediaActors.Sources;

/// <summary>The messages of an <see cref="RtspSourceActor"/>, besides the frame flow it publishes with.</summary>
public static class RtspSource
{
    /// <summary>Asks a source for its <see cref="Stats"/>.</summary>
    public sealed class GetStats
    {
        public static readonly GetStats Instance = new();
        private GetStats() { }
    }

    /// <summary>
    /// A pull source's state and counters: <paramref name="State"/> is connecting, playing,
    /// retrying (after <paramref name="LastError"/>, in words) or idle (on demand, nobody watching);
    /// <paramref name="Connections"/> counts connections that reached PLAY, <paramref name="Failures"/>
    /// the attempts that failed; frames and packets count over the source's life.
    /// </summary>
    public sealed record Stats(
        string SessionName,
        string Url,
        string State,
        string? LastError,
        PullTransport? Transport,
        Codec? Video,
        Codec? Audio,
        int Connections,
        int Failures,
        long Frames,
        long Keyframes,
        long DroppedFrames,
        long LostPackets,
        long DiscardedPackets,
        IReadOnlyList<FrameFlow.ConsumerStats> Consumers);

    /// <summary>The camera described its stream: the codecs of the tracks that will be played.</summary>
    internal sealed record Described(int Attempt, Codec Video, Codec? Audio);

    /// <summary>PLAY succeeded over <paramref name="Transport"/>; the tracks' counters are from then on read from <paramref name="Tracks"/>.</summary>
    internal sealed record Playing(int Attempt, PullTransport Transport, IReadOnlyList<ReceivedTrack> Tracks);

    /// <summary>The connection of <paramref name="Attempt"/> is over: cancelled, done describing, or failed with <paramref name="Error"/>.</summary>
    internal sealed record AttemptEnded(int Attempt, Exception? Error);
}
