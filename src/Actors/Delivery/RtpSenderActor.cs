using Akka.Actor;
using Akka.Event;
using MediaActors.Flow;
using MediaActors.Protocol.Rtp;
using MediaActors.Sessions;

namespace MediaActors.Delivery;

/// <summary>
/// Delivers one track of one session to one client. It receives each access unit's shared
/// packets from the <see cref="MediaSessionActor"/>, writes them through its transport, and
/// acknowledges the frames it has written (or dropped), in batches, so the session's bound on
/// frames in flight also bounds what this sender holds before PLAY activates it. When the transport
/// refuses a frame (the client's queue is full) the client has lost data, so it skips ahead to the
/// next keyframe; when the client has taken nothing for the stall timeout, the sender tells its
/// connection, which disconnects the client. Nobody else ever waits for this client.
/// </summary>
public sealed class RtpSenderActor : ReceiveActor
{
    private readonly string _client;
    private readonly IRtpTransport _transport;
    private readonly long _stallTimeoutMicros;
    private readonly int _framesPerAcknowledgement;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly LatencyHistogram _latency = SendLatency.Get(Context.System).Histogram;

    /// <summary>Frames that arrive between subscribing and the PLAY reply being queued (the GOP cache's
    /// catch-up and a few live ones), sent after it; unacknowledged until then, so the session bounds them.</summary>
    private readonly Queue<(RtpPacketBatch Packets, IActorRef Session)> _waitingForActivation = new();
    private readonly FrameGate _gate = FrameGate.WithoutCredit();
    private bool _active;

    /// <summary>Frames handled since the last acknowledgement to the session.</summary>
    private int _unacknowledged;

    /// <summary>When the transport began refusing frames (0 while it takes them).</summary>
    private long _refusingSinceMicros;
    private bool _stalled;
    private readonly DeliveryCounters _counters;

    /// <param name="counters">Where what it delivers is counted (its track's, shared with the senders before it); its own when null.</param>
    public RtpSenderActor(string client, IRtpTransport transport, TimeSpan stallTimeout, int framesPerAcknowledgement, DeliveryCounters? counters = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(framesPerAcknowledgement);
        _client = client;
        _transport = transport;
        _counters = counters ?? new DeliveryCounters();
        _stallTimeoutMicros = (long)stallTimeout.TotalMicroseconds;
        _framesPerAcknowledgement = framesPerAcknowledgement;
        Receive<MediaSession.FrameAvailable>(OnFrame);
        Receive<RtpSender.Activate>(_ => Activate());
        Receive<RtpSender.GetStats>(_ => Sender.Tell(new RtpSender.Stats(
            _counters.FramesSent, _counters.PacketsSent, _counters.BytesSent, _counters.FramesDropped, _transport.QueuedBytes)));
    }

    public static Props Props(string client, IRtpTransport transport, TimeSpan stallTimeout, int framesPerAcknowledgement, DeliveryCounters? counters = null) =>
        Akka.Actor.Props.Create(() => new RtpSenderActor(client, transport, stallTimeout, framesPerAcknowledgement, counters));

    private void OnFrame(MediaSession.FrameAvailable frame)
    {
        if (!_active)
        {
            _waitingForActivation.Enqueue((frame.Packets, Sender));
            return;
        }
        if (Send(frame.Packets) && frame.IngestedAtMicros != 0)
        {
            _latency.Record(MonotonicClock.NowMicros - frame.IngestedAtMicros);
        }

        Handled(Sender);
    }

    /// <summary>The PLAY reply is queued: send what arrived before it (its RTP-Info names the first of these).</summary>
    private void Activate()
    {
        _active = true;
        while (_waitingForActivation.TryDequeue(out var held))
        {
            Send(held.Packets);
            Handled(held.Session);
        }
    }

    /// <summary>Acknowledges handled frames to the session once there are enough for one message.</summary>
    private void Handled(IActorRef session)
    {
        if (++_unacknowledged < _framesPerAcknowledgement)
        {
            return;
        }

        session.Tell(new FrameFlow.Request(_unacknowledged));
        _unacknowledged = 0;
    }

    /// <summary>Sends the frame unless the client must wait for a keyframe; true when it went out.</summary>
    private bool Send(RtpPacketBatch packets)
    {
        if (_stalled)
        {
            Missed();
            return false;
        }

        var droppedBefore = _gate.Dropped;
        if (!_gate.Admits(packets.IsKeyframe))
        {
            // Skipped while waiting for a keyframe after a loss (not before its first frame).
            if (_gate.Dropped != droppedBefore)
            {
                _counters.Dropped();
            }

            return false;
        }

        if (_transport.TrySend(packets))
        {
            _gate.Delivered();
            _refusingSinceMicros = 0;
            _counters.Sent(packets);
            return true;
        }

        Missed();
        if (_refusingSinceMicros == 0)
        {
            _refusingSinceMicros = MonotonicClock.NowMicros;
        }
        else
        {
            CheckStall();
        }

        return false;
    }

    private void Missed()
    {
        _gate.Missed();
        _counters.Dropped();
    }

    /// <summary>
    /// A frame was refused again: stalled when no frame got through since the first refusal, at
    /// least the stall timeout ago. Only refused attempts count (frames skipped while waiting for a
    /// keyframe were never tried), so a client whose queue drained is judged by its next attempt.
    /// </summary>
    private void CheckStall()
    {
        var refusingFor = MonotonicClock.NowMicros - _refusingSinceMicros;
        if (refusingFor < _stallTimeoutMicros)
        {
            return;
        }

        _stalled = true;
        Context.Parent.Tell(new RtpSender.Stalled(TimeSpan.FromMicroseconds(refusingFor)));
    }

    protected override void PostStop() =>
        _log.Info($"Client {_client} ({_transport.Description}) left: {_counters.FramesSent} frames, {_counters.PacketsSent} packets, " +
                  $"{_counters.BytesSent} bytes sent, {_counters.FramesDropped} frames dropped{(_stalled ? ", stalled" : "")}");
}
