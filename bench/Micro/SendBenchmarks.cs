using System.Net;
using System.Net.Sockets;
using BenchmarkDotNet.Attributes;
using MediaActors.Connections;
using MediaActors.Delivery;
using MediaActors.Protocol.Rtp;

namespace MediaActors.Micro;

/// <summary>
/// Sending one frame to one client over loopback, as every client's sender does for every frame:
/// over UDP through the shared socket (segmentation offload and sendmmsg), over TCP through the
/// client's connection writer (the shared interleaved form, written on the caller's thread).
/// Sending allocates nothing, per client or per packet; framing a frame for TCP allocates its
/// interleaved form once, for all TCP clients.
/// </summary>
[MemoryDiagnoser]
[ShortRunJob]
public class SendBenchmarks
{
    private RtpPacketBatch _frame = null!;
    private UdpSocketPair _udpSockets = null!;
    private Socket _udpReceiver = null!;
    private UdpRtpTransport _udp = null!;
    private Socket _tcpServer = null!;
    private Socket _tcpClient = null!;
    private ConnectionWriter _writer = null!;
    private InterleavedRtpTransport _tcp = null!;
    private readonly byte[] _receiveBuffer = new byte[1 << 20];
    private int _interleavedBytes;
    private byte _nextChannel;

    [Params(Frames.PredictedSliceBytes, Frames.KeyframeSliceBytes, Frames.LargeKeyframeSliceBytes)]
    public int SliceBytes { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _frame = Frames.Packetized(SliceBytes);

        _udpSockets = UdpSocketPair.Bind(IPAddress.Loopback, 0);
        // Nobody reads it: the kernel drops at the receiver, after the send path measured here.
        _udpReceiver = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        _udpReceiver.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        var receiverPort = ((IPEndPoint)_udpReceiver.LocalEndPoint!).Port;
        _udp = new UdpRtpTransport(_udpSockets, IPAddress.Loopback, (receiverPort, receiverPort + 1));

        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(1);
        _tcpClient = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        _tcpClient.Connect(listener.LocalEndPoint!);
        _tcpServer = listener.Accept();
        _writer = new ConnectionWriter(_tcpServer, maxQueuedBytes: 64 << 20);
        _tcp = new InterleavedRtpTransport(_writer, (0, 1));
        _interleavedBytes = _frame.Interleaved(0).Length;

        // Time the paths that deliver, not a refusal.
        if (!Udp() || !Tcp())
        {
            throw new InvalidOperationException("a frame was refused on loopback");
        }
    }

    [Benchmark]
    public bool Udp() => _udp.TrySend(_frame);

    /// <summary>
    /// The send, and the client reading it all (on this thread, so that every send finds an empty
    /// socket, as it does for a client keeping up, and not a full queue that refuses at once).
    /// </summary>
    [Benchmark]
    public bool Tcp()
    {
        var sent = _tcp.TrySend(_frame);
        for (var received = 0; received < _interleavedBytes;)
        {
            received += _tcpClient.Receive(_receiveBuffer);
        }

        return sent;
    }

    /// <summary>
    /// Framing a frame for TCP, once per frame for all TCP clients on the channel (the benchmark
    /// alternates channels so that every call builds it; the clients then share it).
    /// </summary>
    [Benchmark]
    public ReadOnlyMemory<byte> InterleaveForTcp() => _frame.Interleaved(_nextChannel ^= 2);

    [GlobalCleanup]
    public void Cleanup()
    {
        _writer.Complete();
        _tcpServer.Dispose();
        _tcpClient.Dispose();
        _udpReceiver.Dispose();
        _udpSockets.Dispose();
    }
}
