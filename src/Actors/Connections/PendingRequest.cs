using Akka.Actor;
using Akka.Event;
using MediaActors.Protocol.Rtsp;

namespace MediaActors.Connections;

/// <summary>
/// A request whose reply waits for other actors' answers. Its asks run while the connection goes
/// on with everything but input, and their answers come back to it as one <see cref="Answered"/>
/// message. It is answered then, or at once when its client session ends first, and not at all
/// when the connection closes; either of the latter abandons it.
/// </summary>
internal sealed class PendingRequest
{
    private readonly CancellationTokenSource _abandon = new();

    private PendingRequest(RtspRequest request, ClientSession? session)
    {
        Request = request;
        Session = session;
    }

    public RtspRequest Request { get; }

    /// <summary>The client session the request is about (PLAY, SETUP of a further track), if any.</summary>
    public ClientSession? Session { get; }

    /// <summary>
    /// Starts <paramref name="ask"/> at once (on the caller's thread until it first waits) and
    /// sends <paramref name="connection"/> its answer, with <paramref name="reply"/> to make the
    /// reply of it on the connection's thread.
    /// </summary>
    public static PendingRequest Start<T>(RtspRequest request, ClientSession? session, Func<CancellationToken, Task<T>> ask,
        Func<T, RtspReply> reply, IActorRef connection)
    {
        var pending = new PendingRequest(request, session);
        // The asks answer failures with values; should one throw all the same, the reply throws, and the
        // connection fails as it would with an exception in its handler.
        ask(pending._abandon.Token).PipeTo(connection,
            success: answer => new Answered(pending, () => reply(answer)),
            failure: error => new Answered(pending, () => throw error));
        return pending;
    }

    /// <summary>Cancels the asks: their answers are of no use any more.</summary>
    public void Abandon() => _abandon.Cancel();

    /// <summary>The answers a pending request waited for, as the reply to make of them.</summary>
    public sealed record Answered(PendingRequest Pending, Func<RtspReply> Reply) : IDeadLetterSuppression;
}
