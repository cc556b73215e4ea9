using Akka.Actor;
using MediaActors.Delivery;

namespace MediaActors.Multicast;

/// <summary>
/// A client track that plays multicast, among its connection's children where a unicast track has
/// its RTP sender: it sends nothing (the group's one sender does), but it lives exactly as long as
/// the track plays (PAUSE, TEARDOWN and the connection's end stop it as they stop a sender), and
/// the groups actor, which watches it, counts the group's readers by it.
/// </summary>
public sealed class MulticastReaderActor : ReceiveActor
{
    public MulticastReaderActor() =>
        // The PLAY reply is queued; the group's sender has been sending all along.
        Receive<RtpSender.Activate>(_ => { });

    public static Props Props() => Akka.Actor.Props.Create(() => new MulticastReaderActor());
}
