using Akka.Actor;
using MediaActors.Protocol.Formats;

namespace MediaActors.Sources;

/// <summary>
/// How an RTSP connection becomes the publisher of a path (ANNOUNCE): it claims the path from the
/// session registry, which hands the claim to the path's <see cref="PublishPointActor"/> (making
/// it, and its session, for a path not published yet).
/// </summary>
public static class Publishing
{
    /// <summary>
    /// <paramref name="Publisher"/> (a connection) wants to publish <paramref name="Path"/> with these
    /// codecs; the sender is answered with <see cref="Granted"/> or <see cref="Refused"/>.
    /// </summary>
    public sealed record Claim(string Path, Codec Video, Codec? Audio, IActorRef Publisher, string PublisherAddress);

    /// <summary>
    /// The sender publishes the path from now on: its frames go to <paramref name="Point"/> as
    /// connection <paramref name="Connection"/>, stamped on the path's <paramref name="Timeline"/>
    /// (which goes on from the previous publisher's) and within <paramref name="Inbox"/>'s bound.
    /// </summary>
    internal sealed record Granted(IActorRef Point, int Connection, SourceTimeline Timeline, PullInbox Inbox);

    /// <summary>The claim is refused with this RTSP status, for this reason.</summary>
    public sealed record Refused(int Status, string Reason);

    /// <summary>The publisher stops publishing (it tore down, or its connection is closing, as <paramref name="How"/> says); the path lingers for the next one.</summary>
    public sealed record Release(string How);

    /// <summary>Told to a publisher whose path another publisher took over: it should disconnect.</summary>
    public sealed record TakenOver(string Reason);
}
