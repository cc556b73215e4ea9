using System.Buffers.Binary;
using System.Net.Sockets;
using MediaActors.Connections;
using MediaActors.Tests.Infrastructure;

namespace MediaActors.Tests.Rtsp;

/// <summary>
/// The connection writer sends on the caller's thread while the socket takes the bytes and
/// finishes asynchronously when it does not: either way every write arrives whole and in order.
/// </summary>
public sealed class ConnectionWriterTests
{
    [Fact]
    public async Task Writes_from_several_threads_arrive_whole_and_in_each_writers_order_through_a_slow_reader()
    {
        const int writers = 4, writesPerWriter = 300, writeBytes = 6000;
        var (server, client) = await ConnectAsync();
        using var _ = server;
        using var __ = client;
        var writer = new ConnectionWriter(server, maxQueuedBytes: 64L << 20);

        // Each write: writer id, index, then filler; far more than the socket buffers hold, so
        // most writes queue behind one the socket could not take at once.
        var sending = Enumerable.Range(0, writers).Select(id => Task.Run(() =>
        {
            for (var index = 0; index < writesPerWriter; index++)
            {
                var bytes = new byte[writeBytes];
                BinaryPrimitives.WriteInt32BigEndian(bytes, id);
                BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(4), index);
                bytes.AsSpan(8).Fill((byte)index);
                Assert.True(writer.TryEnqueueMedia(bytes), $"write {index} of writer {id} was refused");
            }
        })).ToArray();

        var nextIndex = new int[writers];
        var buffer = new byte[writeBytes];
        using var stream = new NetworkStream(client);
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        for (var received = 0; received < writers * writesPerWriter; received++)
        {
            await stream.ReadExactlyAsync(buffer, deadline.Token);
            var id = BinaryPrimitives.ReadInt32BigEndian(buffer);
            var index = BinaryPrimitives.ReadInt32BigEndian(buffer.AsSpan(4));
            Assert.Equal(nextIndex[id]++, index);
            Assert.True(buffer.AsSpan(8).IndexOfAnyExcept((byte)index) < 0, $"write {index} of writer {id} arrived mixed with another");
            if (received % 100 == 0)
            {
                await Task.Delay(5, deadline.Token); // a reader slower than the writers
            }
        }
        await Task.WhenAll(sending);

        writer.Complete();
        await writer.Completion.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(0, writer.QueuedBytes);
        Assert.False(writer.TryEnqueueMedia(new byte[1]), "a completed writer refuses writes");
    }

    [Fact]
    public async Task Media_beyond_the_bound_is_refused_while_a_response_still_fits_in_the_control_allowance()
    {
        var (server, client) = await ConnectAsync();
        using var _ = server;
        using var __ = client;
        var writer = new ConnectionWriter(server, maxQueuedBytes: 100_000);

        // Nobody reads: the socket buffers fill, then the queue.
        var accepted = 0;
        while (writer.TryEnqueueMedia(new byte[10_000]) && accepted < 10_000)
        {
            accepted++;
        }

        Assert.InRange(writer.QueuedBytes, 90_001, 100_000);
        Assert.True(writer.TryEnqueueControl(new byte[1000]), "a response may go beyond the media bound");
        writer.Complete();
    }

    [Fact]
    public async Task A_broken_connection_faults_the_writer_and_refuses_further_writes()
    {
        var (server, client) = await ConnectAsync();
        using var _ = server;
        client.LingerState = new LingerOption(true, 0);
        client.Dispose(); // reset
        var writer = new ConnectionWriter(server, maxQueuedBytes: 1 << 20);

        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (!writer.Completion.IsCompleted)
        {
            writer.TryEnqueueMedia(new byte[1000]);
            await Task.Delay(10, deadline.Token);
        }

        // The stream reports the socket's error as an IOException around it.
        var error = await Assert.ThrowsAsync<IOException>(() => writer.Completion);
        Assert.IsType<SocketException>(error.InnerException);
        Assert.False(writer.TryEnqueueMedia(new byte[1]));
    }

    private static Task<(Socket Server, Socket Client)> ConnectAsync() => LoopbackTcp.ConnectAsync(bufferBytes: 8192);
}
