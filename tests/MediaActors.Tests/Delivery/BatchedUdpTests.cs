using System.Net;
using System.Net.Sockets;
using MediaActors.Delivery;
using MediaActors.Protocol.Rtp;

namespace MediaActors.Tests.Delivery;

/// <summary>The sendmmsg path delivers exactly the datagrams that one sendto per packet would, in order.</summary>
public sealed class BatchedUdpTests
{
    /// <summary>
    /// Packet sizes a frame has: aggregated parameter sets, then fragment runs of the full size
    /// each ended by a shorter one, a run longer than one segmented message can carry (64), single
    /// small packets, and more messages than one sendmmsg call takes.
    /// </summary>
    public static TheoryData<string, int[]> Frames => new()
    {
        { "fragments", [60, 1400, 1400, 1400, 1400, 933] },
        { "a keyframe's worth", [.. Enumerable.Repeat(1400, 150), 77] },
        { "mixed", [.. Enumerable.Range(0, 150).Select(i => i == 149 ? 77 : 200 + (i * 37) % 1200)] },
        { "equal runs of different sizes", [500, 500, 500, 900, 900, 100, 100, 100, 1400] },
    };

    [Theory]
    [MemberData(nameof(Frames))]
    public async Task A_frame_arrives_as_the_same_datagrams_in_order_with_and_without_segmentation(string frame, int[] sizes)
    {
        Assert.True(LinuxBatchedUdp.IsAvailable, "this machine (64-bit Linux) takes the batched path");
        var batch = Batch(sizes);
        foreach (var segmented in new[] { true, false })
        {
            var segment = segmented;
            using var receiver = BindReceiver();
            using var sender = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp) { Blocking = false, SendBufferSize = 1 << 20 };
            sender.Bind(new IPEndPoint(IPAddress.Loopback, 0));

            Assert.True(LinuxBatchedUdp.TrySend(sender, receiver.LocalEndPoint!.Serialize(), batch, ref segment));
            Assert.Equal(segmented, segment);

            await AssertReceivedAsync(receiver, batch, $"{frame}, segmentation {(segment ? "on" : "off")}");
        }
        Assert.True(LinuxBatchedUdp.SupportsSegmentation, "this kernel segments UDP");
    }

    [Fact]
    public async Task A_destination_that_refuses_segmentation_gets_the_frame_packet_by_packet_and_is_left_off_it()
    {
        Assert.True(LinuxBatchedUdp.SupportsSegmentation, "this kernel segments UDP");
        using var receiver = BindReceiver();
        using var sender = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp) { Blocking = false };
        // SO_NO_CHECK: without UDP checksums the kernel refuses to segment (EINVAL), as it does for a
        // route whose MTU is below the packets.
        sender.SetRawSocketOption(SolSocket, SoNoCheck, BitConverter.GetBytes(1));
        var batch = Batch([1400, 1400, 1400, 500]);
        var segment = true;

        Assert.True(LinuxBatchedUdp.TrySend(sender, receiver.LocalEndPoint!.Serialize(), batch, ref segment));

        Assert.False(segment, "the refusal is remembered for this destination");
        await AssertReceivedAsync(receiver, batch, "refused segmentation");
    }

    [Fact]
    public void A_closed_socket_is_refused_with_ObjectDisposedException_as_sendto_would()
    {
        var sender = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        sender.Dispose();

        var segment = true;
        Assert.Throws<ObjectDisposedException>(() =>
            LinuxBatchedUdp.TrySend(sender, new IPEndPoint(IPAddress.Loopback, 9).Serialize(), Batch([100]), ref segment));
    }

    /// <summary>A UDP socket on loopback with room for every datagram of a frame.</summary>
    private static Socket BindReceiver()
    {
        var receiver = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp) { ReceiveBufferSize = 4 << 20 };
        receiver.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return receiver;
    }

    /// <summary>The receiver got exactly the batch's packets, one datagram each, in order, and nothing more.</summary>
    private static async Task AssertReceivedAsync(Socket receiver, RtpPacketBatch batch, string what)
    {
        var buffer = new byte[65536];
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        for (var i = 0; i < batch.Count; i++)
        {
            var received = await receiver.ReceiveAsync(buffer, SocketFlags.None, deadline.Token);
            Assert.True(buffer.AsSpan(0, received).SequenceEqual(batch[i].Span),
                $"{what}: datagram {i} ({received} bytes) differs from packet {i} ({batch[i].Length} bytes)");
        }
        Assert.Equal(0, receiver.Available);
    }

    private const int SolSocket = 1;
    private const int SoNoCheck = 11;

    /// <summary>Packets of the given sizes, each filled with its own index, back to back.</summary>
    private static RtpPacketBatch Batch(int[] sizes)
    {
        var buffer = new byte[sizes.Sum()];
        var ends = new int[sizes.Length];
        var offset = 0;
        for (var i = 0; i < sizes.Length; i++)
        {
            buffer.AsSpan(offset, sizes[i]).Fill((byte)i);
            offset += sizes[i];
            ends[i] = offset;
        }
        return new RtpPacketBatch(buffer, ends, timestamp: 0, firstSequenceNumber: 0, isKeyframe: true);
    }
}
