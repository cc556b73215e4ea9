using System.Globalization;
using MediaActors.Protocol.Rtsp;

namespace MediaActors.Sources;

/// <summary>SETUP of the chosen tracks, over the transport of this attempt.</summary>
internal sealed partial class RtspPlayer
{
    private async Task SetupAsync(RtspClientConnection connection, IReadOnlyList<ReceivedTrack> tracks, RtpReceivers receivers, CancellationToken cancellation)
    {
        var camera = connection.RemoteAddress;
        foreach (var track in tracks)
        {
            string request;
            if (transport == PullTransport.Tcp)
            {
                request = string.Create(CultureInfo.InvariantCulture, $"RTP/AVP/TCP;unicast;interleaved={2 * track.Index}-{(2 * track.Index) + 1}");
            }
            else
            {
                var ports = receivers.BindUdp(track, ReceiveAddressFor(camera));
                request = $"RTP/AVP;unicast;client_port={FormatPorts(ports)}";
            }

            var response = await connection.RequestAsync(RtspMethods.SETUP, track.ControlUri, settings.RequestTimeout, cancellation, ("Transport", request));
            if (response.StatusCode == RtspStatus.UnsupportedTransport && transport == PullTransport.Udp && settings.Transport == PullTransport.Auto)
            {
                throw new RtspSourceException("the camera does not stream over UDP (461 Unsupported Transport)", noUdpMedia: true);
            }

            Require(response, RtspMethods.SETUP);
            if (response.Headers["Transport"] is not { } reply || !TransportHeader.TryParse(reply, out var specs) || specs.Count == 0)
            {
                throw new RtspSourceException($"the camera's SETUP answer for {track.ControlUri} has no usable Transport header");
            }

            var spec = specs[0];
            track.ExpectSsrc(spec.Ssrc);
            if (transport == PullTransport.Tcp)
            {
                if (spec.LowerTransport != LowerTransport.Tcp)
                {
                    throw new RtspSourceException($"the camera answered a TCP SETUP with '{reply}'");
                }

                receivers.MapChannels(track, spec.Interleaved ?? (2 * track.Index, (2 * track.Index) + 1));
            }
            else
            {
                var serverPorts = spec.ServerPorts ?? throw new RtspSourceException($"the camera's SETUP answer '{reply}' names no server_port");
                receivers.SetSender(track, camera, serverPorts.Rtcp);
            }
        }
    }
}
