using Akka.Actor;

namespace MediaActors.Flow;

/// <summary>
/// The protocol of every hop that carries encoded frames from a publisher to a consumer: a camera
/// to its sessions and its GetStream reader, a board's session to a relay's. The consumer grants
/// credit (<see cref="Attach"/>, then <see cref="Request"/>), and the publisher never has more
/// frames in flight to it than granted; one without credit misses frames up to the next keyframe
/// (<see cref="FrameGate"/>). These messages cross nodes (the cluster's frame serializer).
/// </summary>
public static class FrameFlow
{
    /// <summary>A (new or restarted) consumer takes a publisher's frames: the publisher sends them to
    /// the sender of this message and may have exactly <paramref name="Credit"/> frames in flight to it.</summary>
    public sealed record Attach(int Credit);

    /// <summary>A consumer leaves: the publisher sends it nothing more.</summary>
    public sealed class Detach
    {
        public static readonly Detach Instance = new();
        private Detach() { }
    }

    /// <summary>Further credit from a consumer: the publisher may send this many more frames (never more than it attached with).</summary>
    public sealed record Request(int Count);

    /// <summary>Told to a publisher's consumers when it stops for good (a camera whose encoder kept failing, a destroyed session).</summary>
    public sealed record Ended(string Reason);

    /// <summary>
    /// Told to a publisher's consumers on this node when its source failed and was restarted (an
    /// encoder that crashed): <paramref name="Restarts"/> so far, <paramref name="Reason"/> the failure.
    /// For operators; the frames that follow start at a keyframe as after any gap.
    /// </summary>
    public sealed record Restarted(int Restarts, string Reason);

    /// <summary>One consumer of a publisher: frames sent to it, frames it missed (no credit, or waiting for a keyframe after that), credit left.</summary>
    public sealed record ConsumerStats(IActorRef Consumer, long Sent, long Dropped, int Credit);
}
