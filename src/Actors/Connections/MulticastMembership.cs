using Akka.Actor;
using MediaActors.Multicast;

namespace MediaActors.Connections;

/// <summary>
/// A client track set up for multicast: the group it reads (held for it from SETUP until its client
/// session ends) and the server's groups actor, which its PLAY asks and its end tells.
/// </summary>
internal sealed record MulticastMembership(IActorRef Groups, MulticastGroups.Reserved Group)
{
    /// <summary>The group may go to another session once no reader holds it and its linger is over.</summary>
    public void Release() => Groups.Tell(new MulticastGroups.Release(Group.Reservation));
}
