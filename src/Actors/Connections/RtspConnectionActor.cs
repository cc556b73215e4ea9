using System.Net;
using Akka.Actor;
using Akka.Event;
using MediaActors.Configuration;
using MediaActors.Delivery;
using MediaActors.Operations;
using MediaActors.Protocol.Auth;
using MediaActors.Protocol.Rtsp;
using MediaActors.Sessions;

namespace MediaActors.Connections;

/// <summary>
/// One RTSP/TCP connection: reads requests (and interleaved RTCP), answers them strictly in order,
/// and owns the client's sessions (<see cref="ClientSessions"/>) and with them its RTP senders.
/// Reading is demand-driven: the next read starts only after the previous bytes were handled, so a
/// peer cannot make the server buffer more than one request. A request whose reply waits for other
/// actors (DESCRIBE, SETUP and PLAY ask the stream's session) is a <see cref="PendingRequest"/>:
/// input pauses until the answers come back as a message, while everything else (timeouts, RTCP,
/// sender reports, the end of a stream or sender) is handled at once. Whatever a peer sends ends at
/// worst in an error reply and this connection closing; nothing else is affected.
/// The RTSP methods live in RtspConnectionActor.Methods.cs, reading and framing in
/// <see cref="ConnectionInput"/>, the silence and request timeouts in <see cref="ConnectionTimeouts"/>.
/// </summary>
public sealed partial class RtspConnectionActor : ReceiveActor, IWithTimers
{
    private static readonly TimeSpan CloseFlushTimeout = TimeSpan.FromSeconds(1);

    private readonly ConnectionStream _connection;
    private readonly IActorRef _registry;
    private readonly UdpSocketPair _udp;
    private readonly RtspServerSettings _settings;
    private readonly RtspAuthenticator? _authenticator;
    private readonly RtspAuthenticator? _publishAuthenticator;

    /// <summary>The server's multicast groups; null when multicast is switched off.</summary>
    private readonly IActorRef? _multicast;
    private readonly ConnectionWriter _writer;
    private readonly IPEndPoint _remote;
    private readonly IPEndPoint _local;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly ClientSessions _sessions;
    private ConnectionTimeouts _timeouts = null!;
    private ConnectionInput _input = null!;
    private PendingRequest? _pending;
    private bool _closing;

    public RtspConnectionActor(ConnectionStream connection, ConnectionServices services)
    {
        _connection = connection;
        (_registry, _udp, _settings, _authenticator, _publishAuthenticator, _tunnels) =
            (services.Registry, services.Udp, services.Settings, services.Authenticator, services.PublishAuthenticator, services.Tunnels);
        _remote = connection.Remote;
        _local = connection.Local;
        _writer = new ConnectionWriter(connection.Stream, _settings.ClientQueueBytes);
        // Over TLS media goes only inside the encrypted connection: no multicast either.
        _multicast = connection.Security == ConnectionSecurity.Tls ? null : services.Multicast;
        _sessions = new ClientSessions(connection.Security == ConnectionSecurity.Tls ? ReaderKind.RtspTls : ReaderKind.RtspTcp);

        Receive<ConnectionInput.Read>(read =>
        {
            _input.Received(read);
            HandleInput(handledAny: false);
        });
        Receive<ConnectionInput.Ended>(OnInputEnded);
        Receive<HandshakeDone>(_ => _input.ReadNext());
        ReceiveTunnelMessages();
        Receive<PendingRequest.Answered>(OnAnswered);
        Receive<WriterStopped>(stopped => Close(stopped.Error is null ? "writer finished" : WriteFailed(stopped.Error)));
        Receive<ConnectionTimeouts.CheckSilence>(_ =>
        {
            // A publisher over UDP proves itself alive with its media.
            if (_publishing?.Receiver is { } receiving && MonotonicClock.NowMicros - receiving.LastPacketMicros < 1_000_000)
            {
                _timeouts.Touch();
            }

            if (_timeouts.Silence(hasSessions: _sessions.Count > 0 || _publishing is not null) is { } reason)
            {
                Close(reason);
            }
        });
        Receive<ConnectionTimeouts.RequestDeadline>(_ => FailProtocol(RtspStatus.RequestTimeout, _timeouts.RequestDeadlineReason));
        Receive<Terminated>(OnTerminated);
        // The client's queue has not drained for the stall timeout: it is gone or stuck, and holds memory.
        // Only a sender still playing counts (one stopped by PAUSE may have said it on its way out).
        Receive<RtpSender.Stalled>(stalled =>
        {
            if (_sessions.TryFindSender(Sender, out _, out _))
            {
                Close($"stalled: took no media for {stalled.For.TotalSeconds:0.#} s");
            }
        });
        // RTCP receiver reports of UDP clients prove they are alive (RFC 2326 A.1), like requests do.
        Receive<RtspListener.RtcpFromClient>(rtcp =>
        {
            _timeouts.Touch();
            _sessions.AccountRtcp(rtcp.Packet);
        });
        Receive<MediaSession.SenderReport>(_sessions.SendSenderReport);
        Receive<Sources.Publishing.TakenOver>(takenOver => Close(takenOver.Reason));
        Receive<CloseNow>(_ => Context.Stop(Self));
        Receive<Readers.Describe>(describe => Sender.Tell(new Readers.Described(_sessions.ReadersOf(describe.Session), [])));
        Receive<Readers.Kick>(Kick);
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(ConnectionStream connection, ConnectionServices services) =>
        Akka.Actor.Props.Create(() => new RtspConnectionActor(connection, services));

    // An RTP sender that crashes is this client's problem only: stop it, keep the connection.
    protected override SupervisorStrategy SupervisorStrategy() =>
        new OneForOneStrategy(Decider.From(Directive.Stop));

    protected override void PreStart()
    {
        _log.Debug("RTSP connection from {0}", _remote);
        var self = Self;
        _writer.Completion.ContinueWith(
            task => self.Tell(new WriterStopped(task.Exception?.GetBaseException())),
            TaskContinuationOptions.ExecuteSynchronously);
        _timeouts = new ConnectionTimeouts(_settings, Timers);
        _timeouts.Start();
        _input = new ConnectionInput(_connection.Stream, _settings.ParserLimits, _timeouts, Self);
        if (_connection.Ready.IsCompletedSuccessfully)
        {
            _input.ReadNext();
        }
        else
        {
            // A TLS handshake first: reading starts once it succeeded; a failed one ends the connection.
            _connection.Ready.PipeTo(Self,
                success: () => HandshakeDone.Instance,
                failure: error => new ConnectionInput.Ended($"TLS handshake failed: {error.GetBaseException().Message}"));
        }
    }

    protected override void PostStop()
    {
        _pending?.Abandon();
        StopPublishing("disconnected");
        _writer.Complete();
        CloseTunnel();
        if (!_handedOver)
        {
            _connection.Dispose();
        }

        _log.Debug("RTSP connection from {0} closed", _remote);
    }

    /// <summary>Handles the requests and frames read, in order, until one is left pending; then reads on.</summary>
    private void HandleInput(bool handledAny)
    {
        if (!_closing && IsRtsp() && _input.Handle(Respond, OnInterleaved, handledAny) is var (status, reason))
        {
            FailProtocol(status, reason);
        }
    }

    /// <summary>Answers a request now, or leaves it pending; false then, or when the connection closes.</summary>
    private bool Respond(RtspRequest request)
    {
        if (Answer(request) is { } reply)
        {
            Send(request, reply);
        }

        return _pending is null && !_closing;
    }

    /// <summary>Queues a request's reply, then does what must follow it (once queued, it is ahead of any media).</summary>
    private void Send(RtspRequest request, RtspReply reply)
    {
        if (!_writer.TryEnqueueControl(RtspResponses.Serialize(reply.Response, request.CSeq)))
        {
            // Refused because the socket already failed (a client that sent TEARDOWN and hung up), or because even the
            // responses' allowance is queued: a client that sends requests and reads nothing.
            Close(_writer.Completion.IsFaulted
                ? WriteFailed(_writer.Completion.Exception.GetBaseException())
                : "it does not read its responses");
            return;
        }

        reply.AfterQueued?.Invoke();
    }

    /// <summary>
    /// Leaves a request pending until <paramref name="ask"/> completes; <paramref name="reply"/> makes
    /// the reply of its answer. Input pauses meanwhile, so requests are answered in order.
    /// </summary>
    /// <returns>Null: the reply comes later.</returns>
    private RtspReply? Await<T>(RtspRequest request, ClientSession? session, Func<CancellationToken, Task<T>> ask, Func<T, RtspReply> reply)
    {
        _timeouts.StopRequestDeadline();
        _pending = PendingRequest.Start(request, session, ask, reply, Self);
        return null;
    }

    private void OnAnswered(PendingRequest.Answered answered)
    {
        // Otherwise it was abandoned: answered already (its session ended), or the connection is closing.
        if (answered.Pending == _pending)
        {
            _pending = null;
            Send(answered.Pending.Request, answered.Reply());
            HandleInput(handledAny: true);
        }
    }

    /// <summary>
    /// Ends a client session. A request about it still pending (PLAY, or SETUP of a further track)
    /// is answered now with 454, as if it had come after the end: its asks are abandoned, an answer
    /// still on its way is dropped, and the senders it started have stopped with the session.
    /// </summary>
    private void EndSession(ClientSession session, string reason)
    {
        _sessions.End(session, reason, Context, _log);
        if (_pending is { } pending && pending.Session == session)
        {
            _pending = null;
            pending.Abandon();
            Send(pending.Request, new RtspReply(RtspResponses.Error(RtspStatus.SessionNotFound, $"session {session.Id} ended: {reason}")));
        }
    }

    /// <summary>
    /// A watched actor stopped: the stream's media session (it was destroyed), or an RTP sender of
    /// this client that crashed (the supervisor stopped it). Either way the client sessions that
    /// depended on it end, and a connection left with nothing closes; one with a request still in
    /// progress (one that may open a session) is left to it and to the idle timeout.
    /// </summary>
    private void OnTerminated(Terminated terminated)
    {
        var paused = _pending is not null;
        _sessions.TryFindSender(terminated.ActorRef, out var crashed, out _);
        if (crashed is not null)
        {
            _log.Warning("Client {0} session {1}: its RTP sender failed; the session ends", _remote, crashed.Id);
            EndSession(crashed, "sender failed");
        }

        foreach (var session in _sessions.Of(terminated.ActorRef))
        {
            EndSession(session, "stream ended");
        }

        if (_sessions.Count == 0 && _pending is null)
        {
            Close(crashed is null ? "its stream was destroyed" : "its RTP sender failed");
        }
        else if (paused && _pending is null)
        {
            HandleInput(handledAny: true);
        }
    }

    /// <summary>
    /// An operator ends one client session: its player gets a BYE, and a connection left with
    /// nothing else to do closes (a player notices a closed connection sooner than a BYE).
    /// </summary>
    private void Kick(Readers.Kick kick)
    {
        var session = _sessions.FindReader(kick.ReaderId);
        Sender.Tell(new Readers.Kicked(kick.ReaderId, session is not null));
        if (session is null)
        {
            return;
        }

        _log.Info("Client {0} session {1} kicked: {2}", _remote, session.Id, kick.Reason);
        EndSession(session, kick.Reason);
        if (_sessions.Count == 0 && _pending is null)
        {
            Close($"kicked ({kick.Reason})");
        }
    }

    /// <summary>A request the parser cannot frame leaves the byte stream unusable: answer and close.</summary>
    private void FailProtocol(int status, string reason)
    {
        _log.Warning("RTSP connection from {0}: {1} {2}", _remote, status, reason);
        _writer.TryEnqueueControl(RtspResponses.Closing(status));
        Close(reason);
    }

    /// <summary>
    /// Flushes what is queued (briefly), then stops; senders and sessions end with the actor. A
    /// pending request is abandoned unanswered, and the senders it started stop here.
    /// </summary>
    private void Close(string reason)
    {
        if (_closing)
        {
            return;
        }

        _closing = true;
        _log.Info("RTSP connection from {0} ends: {1}", _remote, reason);
        StopPublishing($"disconnected ({reason})");
        _pending?.Abandon();
        _pending = null;
        _sessions.StopSenders(Context);
        _writer.Complete();
        var self = Self;
        _writer.Completion.WaitAsync(CloseFlushTimeout).ContinueWith(_ => self.Tell(CloseNow.Instance));
    }

    // The writer may stop after the actor did: not worth a dead-letter warning.
    /// <summary>Why the connection ends when its socket failed, whichever of the writer or a refused response sees it first.</summary>
    private static string WriteFailed(Exception error) => $"write failed: {error.Message}";

    private sealed record WriterStopped(Exception? Error) : IDeadLetterSuppression;

    private sealed class CloseNow : IDeadLetterSuppression
    {
        public static readonly CloseNow Instance = new();
    }

    private sealed class HandshakeDone : IDeadLetterSuppression
    {
        public static readonly HandshakeDone Instance = new();
    }
}
