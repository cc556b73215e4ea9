using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using Akka.Actor;
using Akka.TestKit;
using Akka.TestKit.Xunit;
using MediaActors.Connections;
using MediaActors.Delivery;
using MediaActors.Flow;
using MediaActors.Protocol.Formats;
using MediaActors.Protocol.Rtp;
using MediaActors.Sessions;
using MediaActors.Testing;
using MediaActors.Testing.Rtp;
using MediaActors.Testing.Rtsp;
using MediaActors.Tests.Infrastructure;
using MediaActors.Tests.Rtsp;

namespace MediaActors.Tests.Delivery;

/// <summary>
/// Akka.TestKit scenarios of one client's RTP sender over a real TCP connection whose peer stops
/// reading: small socket buffers and a small queue bound make it overflow within a few frames.
/// </summary>
public sealed class RtpSenderScenarioTests : TestKit
{
    // The test pattern compresses to a few hundred bytes a frame (keyframes about 4 KB).
    private const int QueueBytes = 8 * 1024;
    private readonly IngestGate _gate = new(LoopbackSettings.Rtsp.IngestQueueBytes);

    [Fact]
    public async Task A_client_that_falls_behind_skips_to_the_next_keyframe_and_the_drop_is_counted()
    {
        var accessUnits = await EncodedTestStream.GetAccessUnitsAsync();
        using var connection = await LoopbackConnection.OpenAsync();
        // Frames are ingested in bursts here; the session's own in-flight bound is not what this test is about.
        var settings = LoopbackSettings.Rtsp with { GopCache = false, ClientFramesInFlight = 1000 };
        var session = Sys.ActorOf(MediaSessionActor.Props("s", Codec.H264, null, settings, _gate));
        var sentBatches = RecordingSubscriber(session);
        var sender = StartSender(CreateTestProbe(), connection, session, TimeSpan.FromMinutes(1));

        // The client reads nothing while 180 frames go out: its queue overflows.
        await IngestAsync(session, accessUnits, 180);
        var stalled = await sender.Ask<RtpSender.Stats>(RtpSender.GetStats.Instance, TimeSpan.FromSeconds(3));
        Assert.True(stalled.FramesDropped > 0, $"the queue bound was never reached: {stalled}");
        Assert.InRange(stalled.QueuedBytes, 1, QueueBytes);

        // Now it reads again, drains its queue, and then gets frames at the frame rate: what it gets
        // after the gap starts with a keyframe.
        var received = connection.ReadSequenceNumbersAsync();
        await AwaitAssertAsync(async () =>
            Assert.Equal(0, (await sender.Ask<RtpSender.Stats>(RtpSender.GetStats.Instance, TimeSpan.FromSeconds(3))).QueuedBytes),
            TimeSpan.FromSeconds(5));
        for (var frame = 0; frame < 30; frame++)
        {
            await IngestAsync(session, accessUnits, 1, frame);
            await Task.Delay(10);
        }
        var batches = await sentBatches(session);
        var lastSent = batches[^1];
        var sequenceNumbers = await received.UntilAsync((ushort)(lastSent.FirstSequenceNumber + lastSent.Count - 1), TimeSpan.FromSeconds(10));

        var gap = Enumerable.Range(1, sequenceNumbers.Count - 1).First(i => (ushort)(sequenceNumbers[i - 1] + 1) != sequenceNumbers[i]);
        var resumedAt = batches.Single(b => b.FirstSequenceNumber == sequenceNumbers[gap]);
        Assert.True(resumedAt.IsKeyframe, "after the gap the client resumed with a keyframe");
        var after = await sender.Ask<RtpSender.Stats>(RtpSender.GetStats.Instance, TimeSpan.FromSeconds(3));
        Assert.True(after.FramesSent > stalled.FramesSent);
    }

    [Fact]
    public async Task A_client_that_takes_nothing_for_the_stall_timeout_is_reported_to_its_connection()
    {
        var accessUnits = await EncodedTestStream.GetAccessUnitsAsync();
        using var connection = await LoopbackConnection.OpenAsync();
        var session = Sys.ActorOf(MediaSessionActor.Props("s", Codec.H264, null, LoopbackSettings.Rtsp, _gate));
        var owner = CreateTestProbe();
        StartSender(owner, connection, session, TimeSpan.FromMilliseconds(300));

        using var feeding = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var feed = Task.Run(async () =>
        {
            for (var frame = 0; !feeding.IsCancellationRequested; frame += 4)
            {
                await IngestAsync(session, accessUnits, 4, frame);
                await Task.Delay(33);
            }
        });

        var stalled = await owner.ExpectMsgAsync<RtpSender.Stalled>(TimeSpan.FromSeconds(8));
        Assert.True(stalled.For >= TimeSpan.FromMilliseconds(300));
        await owner.ExpectNoMsgAsync(TimeSpan.FromMilliseconds(300));
        await feeding.CancelAsync();
        await feed;
    }

    [Fact]
    public async Task A_crashing_sender_ends_only_its_own_client()
    {
        var accessUnits = await EncodedTestStream.GetAccessUnitsAsync();
        var server = new RtspServer(Sys, LoopbackSettings.Rtsp);
        server.Init(0);
        server.CreateSession(StreamingServer.Session, VideoType.H264, enableAudio: false);
        server.Start();
        await using var feeder = new K230Feeder(server, StreamingServer.Session, accessUnits, FeedMode.WholeAccessUnitPerCall);
        var url = $"rtsp://127.0.0.1:{server.Port}/{StreamingServer.Session}";
        await using var victim = await RtspTestClient.ConnectAsync(server.Port);
        await victim.SetupAndPlayAsync(url);
        await using var bystander = await RtspTestClient.ConnectAsync(server.Port);
        await bystander.SetupAndPlayAsync(url);

        // The first connection accepted is the victim's; its only child is the RTP sender.
        var victimSender = await Sys.ActorSelection("/user/rtsp-listener-*/connection-1/*").ResolveOne(TimeSpan.FromSeconds(3));
        victimSender.Tell(Kill.Instance);

        Assert.True(await victim.IsClosedByServerAsync(TimeSpan.FromSeconds(5)), "the crashed sender's client was not ended");
        var collector = new RtpCollector();
        await collector.CollectAsync(bystander, 30);
        Assert.Equal(0, collector.Probe.Lost);
        server.Destroy();
    }

    [Fact]
    public async Task Handled_frames_are_acknowledged_in_batches_including_those_held_until_play()
    {
        using var connection = await LoopbackConnection.OpenAsync();
        var received = connection.ReadSequenceNumbersAsync();
        var transport = new InterleavedRtpTransport(connection.Writer, (0, 1));
        var sender = Sys.ActorOf(RtpSenderActor.Props("test client", transport, TimeSpan.FromMinutes(1), framesPerAcknowledgement: 4));
        var session = CreateTestProbe();
        RtpPacketBatch Frame(int n) => new(RtpPacketFor((ushort)n), [RtpHeader.Size + 1], timestamp: 0, firstSequenceNumber: (ushort)n, isKeyframe: true);

        // Three frames before PLAY is answered: held, not yet acknowledged.
        for (var n = 0; n < 3; n++)
        {
            session.Send(sender, new MediaSession.FrameAvailable(VideoTrack.Id, Frame(n)));
        }

        await session.ExpectNoMsgAsync(TimeSpan.FromMilliseconds(200));

        sender.Tell(RtpSender.Activate.Instance);
        for (var n = 3; n < 10; n++)
        {
            session.Send(sender, new MediaSession.FrameAvailable(VideoTrack.Id, Frame(n)));
        }

        Assert.Equal(4, (await session.ExpectMsgAsync<FrameFlow.Request>()).Count);
        Assert.Equal(4, (await session.ExpectMsgAsync<FrameFlow.Request>()).Count);
        await session.ExpectNoMsgAsync(TimeSpan.FromMilliseconds(200));
        Assert.Equal(Enumerable.Range(0, 10).Select(n => (ushort)n), await received.UntilAsync(9, TimeSpan.FromSeconds(5)));
    }

    private static byte[] RtpPacketFor(ushort sequenceNumber)
    {
        var packet = new byte[RtpHeader.Size + 1];
        new RtpHeader(Marker: true, PayloadType: 96, sequenceNumber, Timestamp: 0, Ssrc: 1).WriteTo(packet);
        return packet;
    }

    private IActorRef StartSender(TestProbe owner, LoopbackConnection connection, IActorRef session, TimeSpan stallTimeout)
    {
        var transport = new InterleavedRtpTransport(connection.Writer, (0, 1));
        var sender = owner.ChildActorOf(RtpSenderActor.Props("test client", transport, stallTimeout, LoopbackSettings.Rtsp.FramesPerAcknowledgement));
        session.Tell(new MediaSession.Subscribe(sender, VideoTrack.Id, CreateTestProbe()), CreateTestProbe());
        sender.Tell(RtpSender.Activate.Instance);
        return sender;
    }

    /// <summary>
    /// A subscriber that acknowledges and keeps every batch the session sends, to tell keyframes by
    /// sequence number; the function returns them all once the recorder has every packetized frame.
    /// </summary>
    private Func<IActorRef, Task<List<RtpPacketBatch>>> RecordingSubscriber(IActorRef session)
    {
        var batches = new List<RtpPacketBatch>();
        this.AcknowledgingSubscriber(Sys, session, frame =>
        {
            lock (batches)
            {
                batches.Add(frame.Packets);
            }
        });
        int RecordedCount()
        {
            lock (batches)
            {
                return batches.Count;
            }
        }
        return async sessionToAsk =>
        {
            var packetized = (await sessionToAsk.Ask<MediaSession.Stats>(MediaSession.GetStats.Instance, TimeSpan.FromSeconds(3))).AccessUnits;
            for (var wait = 0; wait < 100 && RecordedCount() < packetized; wait++)
            {
                await Task.Delay(30);
            }

            Assert.Equal(packetized, RecordedCount());
            lock (batches)
            {
                return batches.ToList();
            }
        };
    }

    /// <summary>Ingests <paramref name="count"/> access units from <paramref name="first"/> on (cycling), and waits until the session has them.</summary>
    private async Task IngestAsync(IActorRef session, IReadOnlyList<byte[]> accessUnits, int count, int first = 0)
    {
        _gate.Ingest(session, Enumerable.Range(first, count).Select(i => accessUnits[i % accessUnits.Count]));
        await session.Ask<MediaSession.Stats>(MediaSession.GetStats.Instance, TimeSpan.FromSeconds(3));
    }

    /// <summary>A server-side socket with its <see cref="ConnectionWriter"/>, and the client end, both with tiny buffers.</summary>
    private sealed class LoopbackConnection : IDisposable
    {
        private readonly Socket _server;
        private readonly Socket _client;

        private LoopbackConnection(Socket server, Socket client)
        {
            _server = server;
            _client = client;
            Writer = new ConnectionWriter(server, QueueBytes);
        }

        public ConnectionWriter Writer { get; }

        public static async Task<LoopbackConnection> OpenAsync()
        {
            var (server, client) = await LoopbackTcp.ConnectAsync(bufferBytes: 4096);
            return new LoopbackConnection(server, client);
        }

        /// <summary>Starts reading the interleaved stream, keeping the RTP sequence numbers.</summary>
        public SequenceReader ReadSequenceNumbersAsync() => new(_client);

        public void Dispose()
        {
            Writer.Complete();
            _server.Dispose();
            _client.Dispose();
        }
    }

    /// <summary>Reads the client's interleaved stream from its creation on, keeping the RTP sequence numbers.</summary>
    private sealed class SequenceReader
    {
        private readonly List<ushort> _sequenceNumbers = new();
        private readonly CancellationTokenSource _stop = new(TimeSpan.FromSeconds(30));
        private readonly Task _reading;

        public SequenceReader(Socket client) => _reading = ReadAsync(new NetworkStream(client, ownsSocket: false));

        public async Task<List<ushort>> UntilAsync(ushort last, TimeSpan within)
        {
            using var deadline = new CancellationTokenSource(within);
            while (!Contains(last))
            {
                Assert.False(_reading.IsCompleted, "the stream ended");
                await Task.Delay(20, deadline.Token);
            }
            await _stop.CancelAsync();
            lock (_sequenceNumbers)
            {
                return _sequenceNumbers.ToList();
            }
        }

        private bool Contains(ushort sequenceNumber)
        {
            lock (_sequenceNumbers)
            {
                return _sequenceNumbers.Contains(sequenceNumber);
            }
        }

        private async Task ReadAsync(NetworkStream stream)
        {
            var header = new byte[4];
            var packet = new byte[ushort.MaxValue];
            try
            {
                while (true)
                {
                    await stream.ReadExactlyAsync(header, _stop.Token);
                    var length = BinaryPrimitives.ReadUInt16BigEndian(header.AsSpan(2));
                    await stream.ReadExactlyAsync(packet.AsMemory(0, length), _stop.Token);
                    if (header[1] == 0)
                    {
                        lock (_sequenceNumbers)
                        {
                            _sequenceNumbers.Add(BinaryPrimitives.ReadUInt16BigEndian(packet.AsSpan(2)));
                        }
                    }
                }
            }
            catch (OperationCanceledException)
            {
                // The test has what it needs.
            }
        }
    }
}
