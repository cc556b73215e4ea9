using System.Net;
using System.Net.Sockets;
using MediaActors.Protocol.Rtp;
using MediaActors.Rtp;

namespace MediaActors.Tests.Rtp;

/// <summary>The sendmmsg path delivers exactly the datagrams that one sendto per packet would, in order.</summary>
public sealed class BatchedUdpTests
{
    [Fact]
    public async Task A_frame_sent_with_sendmmsg_arrives_as_the_same_datagrams_in_order()
    {
        Assert.True(LinuxBatchedUdp.IsAvailable, "this machine (64-bit Linux) takes the batched path");
        // 150 packets of different sizes: more than one call's worth (64), with the sizes a frame has.
        var sizes = Enumerable.Range(0, 150).Select(i => i == 149 ? 77 : 200 + (i * 37) % 1200).ToArray();
        var batch = Batch(sizes);
        using var receiver = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp) { ReceiveBufferSize = 4 << 20 };
        receiver.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        using var sender = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp) { Blocking = false, SendBufferSize = 1 << 20 };
        sender.Bind(new IPEndPoint(IPAddress.Loopback, 0));

        Assert.True(LinuxBatchedUdp.TrySend(sender, receiver.LocalEndPoint!.Serialize(), batch));

        var buffer = new byte[2048];
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        for (var i = 0; i < sizes.Length; i++)
        {
            var received = await receiver.ReceiveAsync(buffer, SocketFlags.None, deadline.Token);
            Assert.True(buffer.AsSpan(0, received).SequenceEqual(batch[i].Span), $"datagram {i} differs from packet {i}");
        }
    }

    [Fact]
    public void A_closed_socket_is_refused_with_ObjectDisposedException_as_sendto_would()
    {
        var sender = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        sender.Dispose();

        Assert.Throws<ObjectDisposedException>(() =>
            LinuxBatchedUdp.TrySend(sender, new IPEndPoint(IPAddress.Loopback, 9).Serialize(), Batch([100])));
    }

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
