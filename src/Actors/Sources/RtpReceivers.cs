using System.Net;
using System.Net.Sockets;
using MediaActors.Delivery;
using MediaActors.Pipeline;

namespace MediaActors.Sources;

/// <summary>
/// Where a connection's RTP and RTCP arrive: interleaved in the RTSP connection (its read loop
/// hands them to <see cref="OnInterleaved"/>), or on a UDP port pair per track, each read by a
/// loop of its own that takes only datagrams from the sender's address. Both feed a
/// <see cref="StreamReceiver"/> once <see cref="Start"/> named it.
/// </summary>
internal sealed class RtpReceivers : IDisposable
{
    private const int ReceiveBufferBytes = 2 * 1024 * 1024;
    private const int MaxDatagramBytes = 65536;

    private readonly Dictionary<ReceivedTrack, UdpTrack> _udp = new();
    private readonly (ReceivedTrack Track, bool IsRtcp)?[] _channels = new (ReceivedTrack, bool)?[256];
    private readonly List<EncodedFrame> _interleavedFrames = new();
    private readonly TaskCompletionSource _failed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private StreamReceiver? _receiver;

    /// <summary>Faults when a UDP receive loop fails; never completes otherwise.</summary>
    public Task Failed => _failed.Task;

    public (int Rtp, int Rtcp) BindUdp(ReceivedTrack track, IPAddress address)
    {
        var pair = UdpSocketPair.Bind(address, 0);
        pair.Rtp.ReceiveBufferSize = ReceiveBufferBytes;
        _udp[track] = new UdpTrack(pair);
        return (pair.RtpPort, pair.RtcpPort);
    }

    /// <summary>The sender of the track's UDP packets, and where it takes RTCP (null when it does not say).</summary>
    public void SetSender(ReceivedTrack track, IPAddress sender, int? rtcpPort) =>
        _udp[track].Server = (sender, rtcpPort is { } port ? new IPEndPoint(sender, port) : null);

    public void MapChannels(ReceivedTrack track, (int Rtp, int Rtcp) channels)
    {
        if (channels.Rtp is < 0 or > 255 || channels.Rtcp is < 0 or > 255)
        {
            throw new RtspSourceException($"the camera chose interleaved channels {channels.Rtp}-{channels.Rtcp}, outside 0-255");
        }

        _channels[channels.Rtp] = (track, false);
        _channels[channels.Rtcp] = (track, true);
    }

    /// <summary>From now on packets go to <paramref name="player"/>: the UDP loops start; interleaved frames were routed here since SETUP.</summary>
    public void Start(StreamReceiver receiver, CancellationToken cancellation)
    {
        Volatile.Write(ref _receiver, receiver);
        foreach (var (track, udp) in _udp)
        {
            _ = ReceiveAsync(udp.Pair.Rtp, udp, (received, packet, frames) => received.OnRtp(track, packet, frames), cancellation);
            _ = ReceiveAsync(udp.Pair.Rtcp, udp, (received, packet, _) => received.OnRtcp(track, packet), cancellation);
        }
    }

    /// <summary>Whether <paramref name="channel"/> was set up for a track (a sender may use no other).</summary>
    public bool IsMapped(byte channel) => _channels[channel] is not null;

    /// <summary>The read loop of the RTSP connection hands its interleaved frames here.</summary>
    public void OnInterleaved(byte channel, ReadOnlySpan<byte> payload)
    {
        if (Volatile.Read(ref _receiver) is not { } receiver || _channels[channel] is not ({ } track, var isRtcp))
        {
            return;
        }

        if (isRtcp)
        {
            receiver.OnRtcp(track, payload);
        }
        else
        {
            receiver.OnRtp(track, payload, _interleavedFrames);
        }
    }

    /// <summary>Sends an RTCP report about <paramref name="track"/> back to its sender: over UDP to its RTCP port, or interleaved with <paramref name="sendInterleaved"/>.</summary>
    public async Task SendRtcpAsync(ReceivedTrack track, byte[] report, Func<byte, byte[], Task> sendInterleaved, CancellationToken cancellation)
    {
        if (_udp.TryGetValue(track, out var udp))
        {
            if (udp.Server is { Rtcp: { } rtcp })
            {
                await udp.Pair.Rtcp.SendToAsync(report, SocketFlags.None, rtcp, cancellation);
            }

            return;
        }

        for (var channel = 0; channel < _channels.Length; channel++)
        {
            if (_channels[channel] is ({ } mapped, true) && mapped == track)
            {
                await sendInterleaved((byte)channel, report);
                return;
            }
        }
    }

    public void Dispose()
    {
        foreach (var udp in _udp.Values)
        {
            udp.Pair.Dispose();
        }
    }

    private delegate void PacketHandler(StreamReceiver receiver, ReadOnlySpan<byte> packet, List<EncodedFrame> frames);

    /// <summary>
    /// Receives datagrams on one socket until it is closed or cancelled, passing on those from
    /// the camera's address (anything else on the port is not the camera's stream).
    /// </summary>
    private async Task ReceiveAsync(Socket socket, UdpTrack udp, PacketHandler handle, CancellationToken cancellation)
    {
        var buffer = new byte[MaxDatagramBytes];
        var frames = new List<EncodedFrame>();
        var from = new SocketAddress(socket.AddressFamily);
        var camera = udp.Server!.Value.Camera;
        var cameraAddress = new IPEndPoint(camera, 0).Serialize();
        try
        {
            while (true)
            {
                var length = await socket.ReceiveFromAsync(buffer, SocketFlags.None, from, cancellation);
                if (SameHost(from, cameraAddress))
                {
                    handle(_receiver!, buffer.AsSpan(0, length), frames);
                }
            }
        }
        catch (Exception error) when (error is OperationCanceledException or ObjectDisposedException || cancellation.IsCancellationRequested)
        {
            // The connection is over.
        }
        catch (SocketException error) when (error.SocketErrorCode == SocketError.ConnectionReset)
        {
            // An ICMP port unreachable for a report sent earlier: UDP, so nothing was lost; receive on.
            _ = ReceiveAsync(socket, udp, handle, cancellation);
        }
        catch (Exception error)
        {
            _failed.TrySetException(new RtspSourceException($"receiving RTP over UDP failed: {error.Message}"));
        }
    }

    /// <summary>Whether two socket addresses name the same host (the port aside), without allocating.</summary>
    private static bool SameHost(SocketAddress a, SocketAddress b)
    {
        if (a.Family != b.Family)
        {
            return false;
        }

        // sockaddr_in: family (2), port (2), address (4); sockaddr_in6: family, port, flow info (4), address (16).
        var (offset, length) = a.Family == AddressFamily.InterNetwork ? (4, 4) : (8, 16);
        return a.Buffer.Span.Slice(offset, length).SequenceEqual(b.Buffer.Span.Slice(offset, length));
    }

    private sealed class UdpTrack(UdpSocketPair pair)
    {
        public UdpSocketPair Pair { get; } = pair;

        public (IPAddress Camera, IPEndPoint? Rtcp)? Server { get; set; }
    }
}
