using System.Net.WebSockets;
using System.Text.Json;
using Akka.Actor;
using Akka.Event;
using MediaActors.Flow;
using MediaActors.Operations;

namespace MediaActors.Web;

/// <summary>
/// One browser watching a session over a WebSocket (Media Source Extensions): it takes the
/// session's shared fMP4 stream (<see cref="LiveMp4Actor"/>) under credit and writes it to its
/// socket one message at a time. It is bounded like an RTSP client: at most
/// <see cref="WebSettings.ClientFragmentsInFlight"/> fragments and <see cref="WebSettings.ClientQueueBytes"/>
/// bytes queued (past the bytes it drops its queue and resumes at the next keyframe), and a socket
/// that takes nothing for <see cref="WebSettings.ClientStallTimeout"/> is closed. Nobody else waits
/// for it. The socket's messages: a text <c>{"type":"init","mime":...}</c>, the binary init segment,
/// binary fragments; a text <c>{"type":"end","reason":...}</c> before a close for a stream that ended.
/// </summary>
public sealed class WebSocketViewerActor : ReceiveActor, IWithTimers
{
    private const string StallTimer = "stall";
    private const string CloseTimer = "close";
    private static readonly TimeSpan StallCheckInterval = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan CloseTimeout = TimeSpan.FromSeconds(2);

    private readonly WebSocket _socket;
    private readonly string _streamPath;
    private readonly string _peer;
    private readonly IActorRef _webStreams;
    private readonly WebSettings _settings;
    private readonly TaskCompletionSource _finished;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly Queue<Outgoing> _queue = new();
    private readonly CancellationTokenSource _stopping = new();
    private IActorRef? _live;
    private long _queuedBytes;
    private bool _sending;
    private bool _waitingForKeyframe;
    private bool _ending;
    private long _sendStartedMicros;
    private long _startedMicros;
    private long _fragmentsSent, _fragmentsDropped, _bytesSent;
    private readonly string _readerId = ReaderIds.New("ws");
    private readonly DateTimeOffset _since = DateTimeOffset.UtcNow;

    /// <param name="finished">Completed when the viewer is done (the HTTP request that carried the socket can end).</param>
    public WebSocketViewerActor(WebSocket socket, string streamPath, string peer, IActorRef webStreams, WebSettings settings, TaskCompletionSource finished)
    {
        _socket = socket;
        _streamPath = streamPath;
        _peer = peer;
        _webStreams = webStreams;
        _settings = settings;
        _finished = finished;
        Receive<LiveMp4.Init>(OnInit);
        Receive<LiveMp4.Fragment>(OnFragment);
        Receive<FrameFlow.Ended>(ended => End(ended.Reason));
        Receive<Sent>(_ => OnSent());
        Receive<SendFailed>(failed => StopBecause($"its socket failed: {failed.Error.Message}"));
        Receive<PeerClosed>(_ => StopBecause(null));
        Receive<StallCheck>(_ => CheckStall());
        Receive<Readers.Describe>(_ => Sender.Tell(Readers.Described.Of(new ReaderStatus(
            _readerId, ReaderKind.WebSocket, _peer, _since, _bytesSent, _fragmentsSent, _fragmentsDropped, _queuedBytes))));
        Receive<Readers.Kick>(kick =>
        {
            var found = kick.ReaderId == _readerId;
            Sender.Tell(new Readers.Kicked(kick.ReaderId, found));
            if (found)
            {
                _log.Info("Web viewer {0} of {1} kicked: {2}", _peer, _streamPath, kick.Reason);
                End(kick.Reason);
            }
        });
        Receive<Terminated>(terminated =>
        {
            if (terminated.ActorRef.Equals(_live) && !_ending)
            {
                End($"the stream of '{_streamPath}' stopped");
            }
        });
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(WebSocket socket, string streamPath, string peer, IActorRef webStreams, WebSettings settings, TaskCompletionSource finished) =>
        Akka.Actor.Props.Create(() => new WebSocketViewerActor(socket, streamPath, peer, webStreams, settings, finished));

    protected override void PreStart()
    {
        _startedMicros = MonotonicClock.NowMicros;
        _webStreams.Tell(new WebStreams.WatchLive(_streamPath, _settings.ClientFragmentsInFlight));
        Timers.StartPeriodicTimer(StallTimer, StallCheck.Instance, StallCheckInterval);
        _ = ReadUntilClosedAsync(_socket, Self, _stopping.Token);
    }

    protected override void PostStop()
    {
        _live?.Tell(FrameFlow.Detach.Instance);
        _stopping.Cancel();
        _socket.Abort();
        _socket.Dispose();
        _stopping.Dispose();
        _log.Info("Web viewer {0} of {1} left: {2} fragments sent, {3} dropped", _peer, _streamPath, _fragmentsSent, _fragmentsDropped);
        _finished.TrySetResult();
    }

    /// <summary>Browsers send nothing but the close handshake and pings; reading is what notices them.</summary>
    private static async Task ReadUntilClosedAsync(WebSocket socket, IActorRef self, CancellationToken cancellation)
    {
        var buffer = new byte[1024];
        try
        {
            while (true)
            {
                var result = await socket.ReceiveAsync(buffer, cancellation);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    break;
                }
            }
        }
        catch (Exception error) when (error is WebSocketException or OperationCanceledException or ObjectDisposedException)
        {
            // The socket broke or the viewer is stopping: either way it is closed.
        }

        self.Tell(PeerClosed.Instance);
    }

    /// <summary>A (new) start of the stream: whatever was queued belongs to the previous one.</summary>
    private void OnInit(LiveMp4.Init init)
    {
        if (_live is null)
        {
            _live = Sender;
            Context.Watch(_live);
        }

        DropQueue();
        _waitingForKeyframe = false;
        var header = JsonSerializer.SerializeToUtf8Bytes(new { type = "init", mime = init.MimeType, width = init.Width, height = init.Height });
        Enqueue(new Outgoing(header, WebSocketMessageType.Text, Credited: false));
        Enqueue(new Outgoing(init.Segment, WebSocketMessageType.Binary, Credited: false));
    }

    private void OnFragment(LiveMp4.Fragment fragment)
    {
        if (_waitingForKeyframe && fragment.IsVideo && !fragment.IsKeyframe)
        {
            Drop();
            return;
        }

        _waitingForKeyframe &= !fragment.IsKeyframe;
        if (_queuedBytes + fragment.Data.Length > _settings.ClientQueueBytes)
        {
            // The socket is not keeping up: what is queued is too old to show, and what follows it
            // cannot be decoded without it, so the viewer resumes at the next keyframe.
            DropQueue();
            _waitingForKeyframe = true;
            Drop();
            return;
        }

        Enqueue(new Outgoing(fragment.Data, WebSocketMessageType.Binary, Credited: true));
    }

    private void Enqueue(Outgoing message)
    {
        _queue.Enqueue(message);
        _queuedBytes += message.Data.Length;
        SendNext();
    }

    private void SendNext()
    {
        if (_sending || !_queue.TryPeek(out var next))
        {
            return;
        }

        _sending = true;
        _sendStartedMicros = MonotonicClock.NowMicros;
        _socket.SendAsync(next.Data, next.Type, endOfMessage: true, _stopping.Token).AsTask()
            .PipeTo(Self, success: () => Sent.Instance, failure: error => new SendFailed(error));
    }

    private void OnSent()
    {
        _sending = false;
        if (_queue.TryDequeue(out var sent))
        {
            _queuedBytes -= sent.Data.Length;
            _bytesSent += sent.Data.Length;
            if (sent.Credited)
            {
                _fragmentsSent++;
                GiveBackCredit();
            }
        }

        if (_ending && _queue.Count == 0)
        {
            CloseAndStop();
            return;
        }

        SendNext();
    }

    /// <summary>Drops every queued message but the one being written (its send is under way).</summary>
    private void DropQueue()
    {
        var inFlight = _sending && _queue.TryDequeue(out var current) ? current : (Outgoing?)null;
        while (_queue.TryDequeue(out var dropped))
        {
            if (dropped.Credited)
            {
                Drop();
            }
        }

        _queuedBytes = 0;
        if (inFlight is { } kept)
        {
            _queue.Enqueue(kept);
            _queuedBytes = kept.Data.Length;
        }
    }

    private void Drop()
    {
        _fragmentsDropped++;
        GiveBackCredit();
    }

    private void GiveBackCredit() => _live?.Tell(new FrameFlow.Request(1));

    private void CheckStall()
    {
        if (_live is null && !_ending && MonotonicClock.NowMicros - _startedMicros > (long)_settings.ClientStallTimeout.TotalMicroseconds)
        {
            // The session has produced no picture to start with (or the muxer went away before it answered).
            End($"no picture from '{_streamPath}' within {_settings.ClientStallTimeout}");
            return;
        }

        if (_sending && MonotonicClock.NowMicros - _sendStartedMicros > (long)_settings.ClientStallTimeout.TotalMicroseconds)
        {
            StopBecause($"its socket took nothing for {_settings.ClientStallTimeout}");
        }
    }

    /// <summary>The stream is over: the viewer is told why, then the socket is closed.</summary>
    private void End(string reason)
    {
        if (_ending)
        {
            return;
        }

        _ending = true;
        DropQueue();
        Enqueue(new Outgoing(JsonSerializer.SerializeToUtf8Bytes(new { type = "end", reason }), WebSocketMessageType.Text, Credited: false));
    }

    /// <summary>
    /// Sends the close frame and stops once the viewer answered it (the read loop's
    /// <see cref="PeerClosed"/>), or after the close timeout. Stopping as soon as the frame is
    /// written aborts the connection while the viewer's answer is arriving: the reset can reach the
    /// viewer before it has read the end message and the close frame, which it then never sees.
    /// </summary>
    private void CloseAndStop()
    {
        var self = Self;
        var timeout = new CancellationTokenSource(CloseTimeout);
        _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "stream ended", timeout.Token)
            .ContinueWith(sent =>
            {
                timeout.Dispose();
                if (!sent.IsCompletedSuccessfully)
                {
                    self.Tell(PeerClosed.Instance);
                }
            }, TaskScheduler.Default);
        Timers.StartSingleTimer(CloseTimer, PeerClosed.Instance, CloseTimeout);
    }

    private void StopBecause(string? reason)
    {
        if (reason is not null)
        {
            _log.Warning("Web viewer {0} of {1} is disconnected: {2}", _peer, _streamPath, reason);
        }

        Context.Stop(Self);
    }

    private readonly record struct Outgoing(ReadOnlyMemory<byte> Data, WebSocketMessageType Type, bool Credited);

    private sealed record SendFailed(Exception Error);

    private sealed class Sent
    {
        public static readonly Sent Instance = new();
    }

    private sealed class PeerClosed
    {
        public static readonly PeerClosed Instance = new();
    }

    private sealed class StallCheck
    {
        public static readonly StallCheck Instance = new();
    }
}
