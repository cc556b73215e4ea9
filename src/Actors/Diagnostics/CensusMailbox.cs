using Akka.Actor;
using Akka.Configuration;
using Akka.Dispatch;
using Akka.Dispatch.MessageQueues;

namespace MediaActors.Diagnostics;

/// <summary>
/// Akka's unbounded mailbox, entered in the node's <see cref="ActorCensus"/> while its actor
/// lives, so that the node can say how many actors of each kind are alive and how deep their
/// mailboxes are: the two things that grow, unseen, when a node leaks actors or cannot keep up.
/// It is every actor's default mailbox (hocon/mediaactors.conf); it costs a dictionary entry per
/// actor at creation and nothing per message.
/// </summary>
public sealed class CensusMailbox(Settings settings, Config config) : MailboxType(settings, config), IProducesMessageQueue<CensusMessageQueue>
{
    public override IMessageQueue Create(IActorRef owner, ActorSystem system) => new CensusMessageQueue(owner, ActorCensus.Get(system));
}
