using MediaActors.Operations;

namespace MediaActors.Host.Http.Api;

/// <summary>One reader of a session (<c>GET /api/v1/sessions/{name}/readers</c>).</summary>
/// <param name="Id">What <c>DELETE /api/v1/sessions/{name}/readers/{id}</c> names.</param>
/// <param name="Kind">rtsp-udp, rtsp-tcp, rtsp-tls, rtsp-http, websocket, hls, recorder, relay, push or multicast.</param>
/// <param name="Address">The client's address (or the file, node or server it goes to).</param>
/// <param name="Since">When it started reading.</param>
/// <param name="BytesSent">Media bytes sent to it.</param>
/// <param name="FramesSent">Frames sent to it.</param>
/// <param name="FramesDropped">Frames it missed for being slow.</param>
/// <param name="QueuedBytes">What waits in its queue now.</param>
/// <param name="Reception">What an RTSP client last reported of its reception (RTCP), if it did.</param>
/// <param name="Kickable">False for readers an operator cannot end alone (the shared HLS output, a recorder, a relay's link, a push).</param>
public sealed record ReaderModel(
    string Id,
    string Kind,
    string Address,
    DateTimeOffset Since,
    long BytesSent,
    long FramesSent,
    long FramesDropped,
    long QueuedBytes,
    ReceptionModel? Reception,
    bool Kickable)
{
    public static ReaderModel Of(ReaderStatus status) => new(
        status.Id, status.Kind.Name(), status.Address, status.Since, status.BytesSent, status.FramesSent, status.FramesDropped,
        status.QueuedBytes, status.Reception is { } reception
            ? new ReceptionModel(Math.Round(reception.FractionLostPercent, 2), reception.CumulativeLost, Math.Round(reception.JitterMilliseconds, 3))
            : null,
        status.Kickable);
}

/// <param name="LossPercent">Packets lost since its previous report, in percent (the worst of its tracks).</param>
/// <param name="PacketsLost">Packets lost in all.</param>
/// <param name="JitterMilliseconds">Interarrival jitter (the worst of its tracks).</param>
public sealed record ReceptionModel(double LossPercent, long PacketsLost, double JitterMilliseconds);
