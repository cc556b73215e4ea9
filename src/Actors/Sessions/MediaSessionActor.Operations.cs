using Akka.Actor;
using MediaActors.Operations;

namespace MediaActors.Sessions;

/// <summary>
/// What operators ask a session: who reads it. A relay's link is described here (the session's
/// gate is all that is known of it on this node); every other reader belongs to an actor that
/// describes it (a client's connection, a web output, a recorder, a push), named once each.
/// </summary>
public sealed partial class MediaSessionActor
{
    private MediaSession.ReaderOwners ReaderOwners()
    {
        var links = new List<ReaderStatus>();
        var owners = new HashSet<IActorRef>();
        foreach (var reader in _readers)
        {
            switch (reader)
            {
                case FrameLink link:
                    links.Add(LinkStatus(link));
                    break;
                case TrackReader client:
                    owners.Add(client.Reports);
                    break;
                default:
                    owners.Add(reader.Actor);
                    break;
            }
        }

        return new MediaSession.ReaderOwners(Self, links, owners.ToList());
    }

    /// <summary>A relay's session pulling this one; its id is stable for the link's life (its actor's path).</summary>
    private static ReaderStatus LinkStatus(FrameLink link) => new(
        $"relay-{(uint)link.Actor.Path.ToStringWithUid().GetHashCode(StringComparison.Ordinal):x8}",
        ReaderKind.Relay,
        link.Actor.Path.ToString(),
        link.Since,
        BytesSent: 0,
        link.Gate.Sent,
        link.Gate.Dropped,
        QueuedBytes: 0)
    {
        // A relay attaches again at once; its viewers are ended on the relay.
        Kickable = false,
    };
}
