using Akka.Actor;
using Akka.Event;
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
    private readonly string _client;
    private readonly IRtpTransport _transport;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private bool _active;
    private bool _waitingForKeyframe;
    private long _framesSent, _packetsSent, _bytesSent, _framesDropped;

    public RtpSenderActor(string client, IRtpTransport transport)
    {
        _client = client;
        _transport = transport;
        Receive<MediaSession.FrameAvailable>(OnFrame);
        Receive<RtpSender.Activate>(_ => _active = true);
    }

    public static Props Props(string client, IRtpTransport transport) =>
        Akka.Actor.Props.Create(() => new RtpSenderActor(client, transport));

    private void OnFrame(MediaSession.FrameAvailable frame)
    {
        var packets = frame.Packets;
        if (!_active)
        {
            // Possibly the keyframe the session picked for this client: decoding must wait for the next.
            _waitingForKeyframe = true;
            _framesDropped++;
        }
        else if (_waitingForKeyframe && !packets.IsKeyframe)
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

        Sender.Tell(MediaSession.FrameHandled.Instance);
    }

    protected override void PostStop() =>
        _log.Info("Client {0} ({1}) left: {2} frames, {3} packets, {4} bytes sent, {5} frames dropped",
            _client, _transport.Description, _framesSent, _packetsSent, _bytesSent, _framesDropped);
}
