namespace MediaActors.Connections;

/// <summary>
/// A client's registered RTCP port: the connection its reports go to, and a budget of reports per
/// second. A player sends a receiver report every few seconds; past the budget (a flood, possibly
/// with a spoofed source) datagrams are dropped here, so they cannot pile up in the connection's
/// mailbox. One a second is enough to keep a session alive.
/// </summary>
internal sealed class RtcpSource(Akka.Actor.IActorRef connection, int perSecond)
{
    private long _windowStartMicros = long.MinValue;
    private int _inWindow;

    public Akka.Actor.IActorRef Connection { get; } = connection;

    /// <summary>True when a report arriving now is within the budget of its one-second window.</summary>
    public bool TryForward(long nowMicros)
    {
        if (nowMicros - _windowStartMicros >= 1_000_000)
        {
            _windowStartMicros = nowMicros;
            _inWindow = 0;
        }
        return ++_inWindow <= perSecond;
    }
}
