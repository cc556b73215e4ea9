using System.Net;
using System.Net.Sockets;
using MediaActors.Protocol.Formats;
using MediaActors.Protocol.Rtcp;
using MediaActors.Testing.Network;
using MediaActors.Testing.Rtp;
using MediaActors.Testing.Rtsp;
using MediaActors.Tests.Infrastructure;

namespace MediaActors.Tests.Api;

/// <summary>
/// An RTSP player (<see cref="RtspTestClient"/>) playing track 0 over TCP or UDP, read in the
/// background until disposed: its RTP into an <see cref="RtpProbe"/>, an RTCP BYE noticed, and
/// the server closing its connection noticed.
/// </summary>
public sealed class PlayingClient : IAsyncDisposable
{
    private readonly object _lock = new();
    private readonly RtpProbe _probe = new(Codec.H264);
    private readonly List<Task> _readers = [];
    private readonly UdpClient? _rtp, _rtcp;
    private long _goodbyes;
    private bool _closed;

    private PlayingClient(RtspTestClient control, PlayingSession session, UdpClient? rtp, UdpClient? rtcp)
    {
        Control = control;
        Session = session;
        _rtp = rtp;
        _rtcp = rtcp;
    }

    public RtspTestClient Control { get; }

    public PlayingSession Session { get; }

    public bool IsUdp => _rtp is not null;

    /// <summary>The address the server names this client by: its RTSP connection's end.</summary>
    public string Address => $"127.0.0.1:{Control.LocalPort}";

    public long Packets
    {
        get
        {
            lock (_lock)
            {
                return _probe.Packets;
            }
        }
    }

    public long Lost
    {
        get
        {
            lock (_lock)
            {
                return _probe.Lost;
            }
        }
    }

    public uint? Ssrc
    {
        get
        {
            lock (_lock)
            {
                return _probe.Ssrc;
            }
        }
    }

    /// <summary>RTCP packets with a BYE the server sent it.</summary>
    public long Goodbyes => Interlocked.Read(ref _goodbyes);

    /// <summary>The server closed its RTSP connection.</summary>
    public bool Closed => Volatile.Read(ref _closed);

    public static async Task<PlayingClient> PlayTcpAsync(int serverPort, string url)
    {
        var control = await RtspTestClient.ConnectAsync(serverPort);
        var session = await control.SetupAndPlayAsync(url);
        var client = new PlayingClient(control, session, null, null);
        client._readers.Add(Task.Run(client.ReadInterleavedAsync));
        return client;
    }

    public static async Task<PlayingClient> PlayUdpAsync(int serverPort, string url)
    {
        var (rtp, rtcp) = UdpPortPair.BindClients();
        var control = await RtspTestClient.ConnectAsync(serverPort);
        var port = ((IPEndPoint)rtp.Client.LocalEndPoint!).Port;
        var session = await control.SetupAndPlayAsync(url, $"RTP/AVP;unicast;client_port={port}-{port + 1}");
        var client = new PlayingClient(control, session, rtp, rtcp);
        client._readers.Add(Task.Run(client.ReadDatagramsAsync));
        client._readers.Add(Task.Run(client.ReadRtcpAsync));
        client._readers.Add(Task.Run(client.WatchConnectionAsync));
        return client;
    }

    /// <summary>Waits until it has received <paramref name="packets"/> more RTP packets than now.</summary>
    public async Task ReceivesAsync(int packets, TimeSpan within)
    {
        var target = Packets + packets;
        var deadline = DateTime.UtcNow + within;
        while (Packets < target)
        {
            Assert.True(DateTime.UtcNow < deadline, $"{Address} got {Packets - target + packets} of {packets} packets within {within}");
            await Task.Delay(50);
        }
    }

    /// <summary>
    /// Sends a receiver report about the server's video SSRC from its RTCP port (a UDP client):
    /// <paramref name="fractionLost"/> of 256, <paramref name="cumulativeLost"/> packets, <paramref name="jitter"/> in 90 kHz ticks.
    /// </summary>
    public async Task ReportReceptionAsync(byte fractionLost, int cumulativeLost, uint jitter)
    {
        var ssrc = Ssrc ?? throw new InvalidOperationException("no RTP received yet: the server's SSRC is not known");
        var report = new RtcpReceiverReport(0x5EED_0001, [new RtcpReportBlock(ssrc, fractionLost, cumulativeLost, 0, jitter, 0, 0)]);
        await _rtcp!.SendAsync(RtcpCompound.ReceiverReport(report, "api-test"), new IPEndPoint(IPAddress.Loopback, Session.ServerPorts.Rtcp));
    }

    private async Task ReadInterleavedAsync()
    {
        Control.ReadTimeout = TimeSpan.FromMinutes(5);
        try
        {
            while (true)
            {
                var (channel, payload) = await Control.ReadInterleavedAsync();
                Take(channel == 0, payload);
            }
        }
        catch (EndOfStreamException)
        {
            Volatile.Write(ref _closed, true);
        }
        catch (Exception error) when (error is IOException or ObjectDisposedException or SocketException or OperationCanceledException)
        {
            // Disposed, or reset: over.
            Volatile.Write(ref _closed, true);
        }
    }

    private async Task ReadDatagramsAsync()
    {
        try
        {
            while (true)
            {
                var datagram = await _rtp!.ReceiveAsync();
                Take(isRtp: true, datagram.Buffer);
            }
        }
        catch (Exception error) when (error is ObjectDisposedException or SocketException)
        {
            // Disposed.
        }
    }

    private async Task ReadRtcpAsync()
    {
        try
        {
            while (true)
            {
                var datagram = await _rtcp!.ReceiveAsync();
                Take(isRtp: false, datagram.Buffer);
            }
        }
        catch (Exception error) when (error is ObjectDisposedException or SocketException)
        {
            // Disposed.
        }
    }

    /// <summary>A UDP client's RTSP connection carries nothing while it plays; this notices its close.</summary>
    private async Task WatchConnectionAsync()
    {
        try
        {
            if (await Control.IsClosedByServerAsync(TimeSpan.FromMinutes(5)))
            {
                Volatile.Write(ref _closed, true);
            }
        }
        catch (ObjectDisposedException)
        {
            // Disposed.
        }
    }

    private void Take(bool isRtp, byte[] payload)
    {
        if (isRtp)
        {
            lock (_lock)
            {
                _probe.Add(payload);
            }
        }
        else if (RtcpPackets.HasGoodbye(payload))
        {
            Interlocked.Increment(ref _goodbyes);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Control.DisposeAsync();
        _rtp?.Dispose();
        _rtcp?.Dispose();
        await Task.WhenAll(_readers).WaitAsync(TimeSpan.FromSeconds(5));
    }
}
