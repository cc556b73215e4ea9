using System.Net;
using System.Net.Sockets;
using Akka.Actor;
using Akka.Event;
using MediaActors.Configuration;
using MediaActors.Delivery;
using MediaActors.Protocol.Auth;
using MediaActors.Protocol.Rtsp;
using MediaActors.Sessions;

namespace MediaActors.Connections;

/// <summary>
/// One RTSP/TCP connection: reads and parses requests (and interleaved RTCP) with a bounded
/// buffer, answers them strictly in order, and owns the client's sessions and RTP senders.
/// Reading is demand-driven: the next read starts only after the previous bytes were handled,
/// so a peer cannot make the server buffer more than one request. Whatever a peer sends ends
/// at worst in an error reply and this connection closing; nothing else is affected.
/// The RTSP methods live in RtspConnectionActor.Methods.cs.
/// </summary>
public sealed partial class RtspConnectionActor : ReceiveActor, IWithTimers
{
    private static readonly TimeSpan CloseFlushTimeout = TimeSpan.FromSeconds(1);

    private readonly Socket _socket;
    private readonly IActorRef _registry;
    private readonly UdpSocketPair _udp;
    private readonly RtspServerSettings _settings;
    private readonly RtspAuthenticator? _authenticator;
    private readonly ConnectionWriter _writer;
    private readonly RtspRequestParser _parser;
    private readonly byte[] _buffer;
    private readonly IPEndPoint _remote;
    private readonly IPEndPoint _local;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly ClientSessions _sessions = new();
    private int _buffered;
    private long _lastActivityMicros = MonotonicClock.NowMicros;
    private bool _closing;

    public RtspConnectionActor(Socket socket, IActorRef registry, UdpSocketPair udp, RtspServerSettings settings, RtspAuthenticator? authenticator)
    {
        _authenticator = authenticator;
        _socket = socket;
        _registry = registry;
        _udp = udp;
        _settings = settings;
        _remote = (IPEndPoint)socket.RemoteEndPoint!;
        _local = (IPEndPoint)socket.LocalEndPoint!;
        _writer = new ConnectionWriter(socket, settings.ClientQueueBytes);
        _parser = new RtspRequestParser(settings.ParserLimits);
        // Room for the largest request the limits allow, or one whole interleaved frame. Not pooled:
        // a receive may still be writing into it after the socket is disposed.
        var limits = settings.ParserLimits;
        _buffer = new byte[Math.Max(
            limits.MaxRequestLineLength + limits.MaxHeaderBytes + limits.MaxBodyBytes,
            limits.MaxInterleavedFrameBytes + 4)];

        ReceiveAsync<ReadCompleted>(OnReadCompleted);
        Receive<ReadFailed>(failed => Close($"read failed: {failed.Error.Message}"));
        Receive<WriterStopped>(stopped => Close(stopped.Error is null ? "writer finished" : $"write failed: {stopped.Error.Message}"));
        Receive<CheckTimeout>(_ => CheckSessionTimeout());
        Receive<RequestDeadline>(_ => FailProtocol(RtspStatus.RequestTimeout,
            $"request not complete {_settings.RequestTimeout.TotalSeconds:0.#} s after its first byte"));
        Receive<Terminated>(OnTerminated);
        // The client's queue has not drained for the stall timeout: it is gone or stuck, and holds memory.
        Receive<RtpSender.Stalled>(stalled =>
        {
            // From a sender still playing (one stopped by PAUSE may have said it on its way out).
            if (_sessions.TryFindSender(Sender, out _, out _))
            {
                Close($"stalled: took no media for {stalled.For.TotalSeconds:0.#} s");
            }
        });
        // RTCP receiver reports of UDP clients prove they are alive (RFC 2326 A.1), like requests do.
        Receive<RtspListener.RtcpFromClient>(rtcp =>
        {
            _lastActivityMicros = MonotonicClock.NowMicros;
            _sessions.AccountRtcp(rtcp.Packet);
        });
        Receive<MediaSession.SenderReport>(OnSenderReport);
        Receive<CloseNow>(_ => Context.Stop(Self));
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(Socket socket, IActorRef registry, UdpSocketPair udp, RtspServerSettings settings, RtspAuthenticator? authenticator) =>
        Akka.Actor.Props.Create(() => new RtspConnectionActor(socket, registry, udp, settings, authenticator));

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
        var shortestTimeout = Math.Min(_settings.IdleConnectionTimeout.Ticks, _settings.SessionTimeout.Ticks);
        var checkInterval = TimeSpan.FromTicks(Math.Max(TimeSpan.TicksPerSecond / 4, shortestTimeout / 4));
        Timers.StartPeriodicTimer(nameof(CheckTimeout), CheckTimeout.Instance, checkInterval);
        ReadNext();
    }

    protected override void PostStop()
    {
        _writer.Complete();
        _socket.Dispose();
        _log.Debug("RTSP connection from {0} closed", _remote);
    }

    private void ReadNext()
    {
        if (_closing)
        {
            return;
        }

        _socket.ReceiveAsync(_buffer.AsMemory(_buffered), SocketFlags.None).AsTask().PipeTo(Self,
            success: count => new ReadCompleted(count),
            failure: error => new ReadFailed(error));
    }

    private async Task OnReadCompleted(ReadCompleted read)
    {
        if (read.Count == 0)
        {
            Close("closed by the client");
            return;
        }

        _buffered += read.Count;
        _lastActivityMicros = MonotonicClock.NowMicros;
        await HandleBufferedInput();
        ReadNext();
    }

    /// <summary>Handles every complete request and interleaved frame in the buffer, in order.</summary>
    private async Task HandleBufferedInput()
    {
        var handledAny = false;
        while (!_closing)
        {
            var input = _parser.Parse(_buffer.AsSpan(0, _buffered), out var consumed);
            handledAny |= input.Kind is RtspInputKind.Request or RtspInputKind.InterleavedFrame;
            switch (input.Kind)
            {
                case RtspInputKind.NeedMoreData:
                    if (_buffered == _buffer.Length)
                    {
                        FailProtocol(RtspStatus.RequestEntityTooLarge, "request exceeds the buffer");
                    }
                    else
                    {
                        WatchPartialInput(handledAny);
                    }

                    return;
                case RtspInputKind.InterleavedFrame:
                    // From a TCP client, RTCP on its odd channels (liveness is the read itself).
                    if (input.Channel % 2 == 1)
                    {
                        _sessions.AccountRtcp(_buffer.AsSpan(input.PayloadOffset, input.PayloadLength));
                    }

                    Consume(consumed);
                    break;
                case RtspInputKind.Request:
                    Consume(consumed);
                    await Respond(input.Request!);
                    break;
                default:
                    FailProtocol(input.ErrorStatus, input.ErrorMessage ?? "malformed request");
                    return;
            }
        }
    }

    /// <summary>
    /// Slowloris defence: bytes of an unfinished request must become a whole request within the
    /// request timeout. The deadline starts with the first unfinished byte and restarts whenever
    /// a request or frame completes, so a busy pipelining client is never cut off.
    /// </summary>
    private void WatchPartialInput(bool handledAny)
    {
        if (_buffered == 0)
        {
            Timers.Cancel(nameof(RequestDeadline));
        }
        else if (handledAny || !Timers.IsTimerActive(nameof(RequestDeadline)))
        {
            Timers.StartSingleTimer(nameof(RequestDeadline), RequestDeadline.Instance, _settings.RequestTimeout);
        }
    }

    private void Consume(int count)
    {
        _buffered -= count;
        if (_buffered > 0)
        {
            Buffer.BlockCopy(_buffer, count, _buffer, 0, _buffered);
        }
    }

    /// <summary>A request the parser cannot frame leaves the byte stream unusable: answer and close.</summary>
    private void FailProtocol(int status, string reason)
    {
        _log.Warning("RTSP connection from {0}: {1} {2}", _remote, status, reason);
        _writer.TryEnqueueControl(RtspResponses.Closing(status));
        Close(reason);
    }

    /// <summary>Closes a connection silent for longer than its sessions' timeout, or, without sessions, the idle timeout.</summary>
    private void CheckSessionTimeout()
    {
        var silentFor = TimeSpan.FromMicroseconds(MonotonicClock.NowMicros - _lastActivityMicros);
        var limit = _sessions.Count == 0 ? _settings.IdleConnectionTimeout : _settings.EnforcedSessionTimeout;
        if (silentFor > limit)
        {
            Close($"silent for {silentFor.TotalSeconds:0.#} s ({(_sessions.Count == 0 ? "idle connection" : "session")} timeout {limit.TotalSeconds:0.#} s)");
        }
    }

    /// <summary>Flushes what is queued (briefly), then stops; senders and sessions end with the actor.</summary>
    private void Close(string reason)
    {
        if (_closing)
        {
            return;
        }

        _closing = true;
        _log.Info("RTSP connection from {0} ends: {1}", _remote, reason);
        _sessions.StopSenders(Context);
        _writer.Complete();
        var self = Self;
        _writer.Completion.WaitAsync(CloseFlushTimeout).ContinueWith(_ => self.Tell(CloseNow.Instance));
    }

    // Socket completions may arrive after the actor stopped: not worth a dead-letter warning.
    private sealed record ReadCompleted(int Count) : IDeadLetterSuppression;

    private sealed record ReadFailed(Exception Error) : IDeadLetterSuppression;

    private sealed record WriterStopped(Exception? Error) : IDeadLetterSuppression;

    private sealed class CheckTimeout
    {
        public static readonly CheckTimeout Instance = new();
    }

    private sealed class RequestDeadline
    {
        public static readonly RequestDeadline Instance = new();
    }

    private sealed class CloseNow : IDeadLetterSuppression
    {
        public static readonly CloseNow Instance = new();
    }
}
