using Akka.Actor;
using Akka.Event;
using MediaActors.Protocol.Rtp;
using MediaActors.Sessions;

namespace MediaActors.Rtp;

/// <summary>
/// Delivers one track of one session to one client. It receives each access unit's shared
/// packets from the <see cref="MediaSessionActor"/>, writes them through its transport, and
/// acknowledges every frame so the session can bound what is in flight. When the transport
/// refuses a frame the client has lost data, so it skips ahead to the next keyframe.
/// </summary>
public sealed class RtpSenderActor : ReceiveActor
{
    private const int MaxFramesBeforeActivation = 64;

    private readonly string _client;
    private readonly IRtpTransport _transport;
    private readonly ILoggingAdapter _log = Context.GetLogger();

    /// <summary>Frames that arrive between subscribing and the PLAY reply being queued (a few at most:
    /// the reply is queued as soon as the first frame has arrived); they are sent after it.</summary>
    private readonly Queue<RtpPacketBatch> _waitingForActivation = new();
    private bool _active;
    private bool _waitingForKeyframe;
    private long _framesSent, _packetsSent, _bytesSent, _framesDropped;

    public RtpSenderActor(string client, IRtpTransport transport)
    {
        _client = client;
        _transport = transport;
        Receive<MediaSession.FrameAvailable>(OnFrame);
        Receive<RtpSender.Activate>(_ => Activate());
    }

    public static Props Props(string client, IRtpTransport transport) =>
        Akka.Actor.Props.Create(() => new RtpSenderActor(client, transport));

    private void OnFrame(MediaSession.FrameAvailable frame)
    {
        if (_active)
            Send(frame.Packets);
        else if (_waitingForActivation.Count < MaxFramesBeforeActivation)
            _waitingForActivation.Enqueue(frame.Packets);
        else
            _framesDropped++;
        Sender.Tell(MediaSession.FrameHandled.Instance);
    }

    /// <summary>The PLAY reply is queued: send what arrived before it (its RTP-Info names the first of these).</summary>
    private void Activate()
    {
        _active = true;
        while (_waitingForActivation.TryDequeue(out var packets))
            Send(packets);
    }

    private void Send(RtpPacketBatch packets)
    {
        if (_waitingForKeyframe && !packets.IsKeyframe)
        {
            _framesDropped++;
        }
        else if (_transport.TrySend(packets))
        {
            _waitingForKeyframe = false;
            _framesSent++;
            _packetsSent += packets.Count;
            _bytesSent += packets.TotalBytes;
        }
        else
        {
            _waitingForKeyframe = true;
            _framesDropped++;
        }
    }

    protected override void PostStop() =>
        _log.Info("Client {0} ({1}) left: {2} frames, {3} packets, {4} bytes sent, {5} frames dropped",
            _client, _transport.Description, _framesSent, _packetsSent, _bytesSent, _framesDropped);
}
