using Akka.Actor;
using MediaActors.Flow;

namespace MediaActors.Sessions;

/// <summary>
/// One reader of a session, in its one fan-out: a local client's RTP sender of one track
/// (<see cref="TrackReader"/>), a link that takes the session's access units as
/// <see cref="Pipeline.EncodedFrame"/>s (<see cref="FrameLink"/>: a relay's session on another node),
/// or a reader of both tracks' frames on this node (<see cref="FrameReader"/>: a muxer, a recorder).
/// All pass the same kind of <see cref="FrameGate"/>, so all miss frames the same way when slow.
/// </summary>
internal abstract class SessionReader(IActorRef actor, FrameGate gate) : FlowConsumer(actor, gate);

/// <summary>
/// An RTP sender of one of the session's tracks, subscribed with <see cref="MediaSession.Subscribe"/>;
/// its credit is the client-frames-in-flight bound, given back with <see cref="FrameFlow.Request"/>.
/// </summary>
internal sealed class TrackReader(IActorRef sender, FrameGate gate, int trackId, IActorRef reports, IActorRef requester)
    : SessionReader(sender, gate)
{
    public int TrackId { get; } = trackId;

    /// <summary>Where the track's sender reports for this client go (its connection).</summary>
    public IActorRef Reports { get; } = reports;

    /// <summary>Who asked to subscribe; told <see cref="MediaSession.Subscribed"/> with the first frame.</summary>
    public IActorRef Requester { get; } = requester;

    /// <summary>The requester already has its <see cref="MediaSession.Subscribed"/> (the track had carried no media when it joined).</summary>
    public bool Answered { get; init; }

    /// <summary>Received its first frame: its stream has begun, so sender reports follow.</summary>
    public bool HasStarted => Gate.Sent > 0;
}

/// <summary>A link attached with <see cref="FrameFlow.Attach"/>: it gets each access unit and audio chunk once, under the credit it granted.</summary>
internal sealed class FrameLink(IActorRef link, FrameGate gate) : SessionReader(link, gate);

/// <summary>
/// A reader of the session's video and audio frames on this node (<see cref="MediaSession.ReadFrames"/>),
/// told the <see cref="MediaSession.FrameFormat"/> once the session can be described, and again
/// when the AAC configuration it lacked became known.
/// </summary>
internal sealed class FrameReader(IActorRef reader, FrameGate gate) : SessionReader(reader, gate)
{
    public bool ToldFormat { get; set; }

    /// <summary>The format it was told had the AAC configuration (or the session has no AAC to wait for).</summary>
    public bool ToldAudioConfig { get; set; }
}
