using System.Net;
using System.Net.Sockets;
using MediaActors.Testing.Network;
using MediaActors.Testing.Rtsp;

namespace MediaActors.Tests.Infrastructure;

/// <summary>A UDP player: its RTSP connection and its RTP/RTCP sockets, after SETUP (track 0) and PLAY.</summary>
public sealed record UdpViewer(RtspTestClient Control, UdpClient Rtp, UdpClient Rtcp, PlayingSession Session) : IAsyncDisposable
{
    public static async Task<UdpViewer> PlayAsync(int serverPort, string url)
    {
        var (rtp, rtcp) = UdpPortPair.BindClients();
        var control = await RtspTestClient.ConnectAsync(serverPort);
        var rtpPort = ((IPEndPoint)rtp.Client.LocalEndPoint!).Port;
        var session = await control.SetupAndPlayAsync(url, $"RTP/AVP;unicast;client_port={rtpPort}-{rtpPort + 1}");
        return new UdpViewer(control, rtp, rtcp, session);
    }

    public async ValueTask DisposeAsync()
    {
        await Control.DisposeAsync();
        Rtp.Dispose();
        Rtcp.Dispose();
    }
}
