using MediaActors.Protocol.Codecs;
using MediaActors.Protocol.Formats;
using MediaActors.Protocol.Rtp;

namespace MediaActors.Protocol.Tests.Rtp;

/// <summary>
/// Property-style round trips, each a seeded loop over random input: what a packetizer writes, the
/// matching depacketizer reads back exactly (bytes, keyframe flag, timestamps, sample counts), and
/// with packets dropped at random it never throws, counts every missing packet and returns only
/// units that were sent.
/// </summary>
public sealed class DepacketizerRoundTripTests
{
    private const int AccessUnitsPerPacketSize = 40;

    private static readonly int[] PacketSizes = [100, 200, 576, 1200, 1400, 1500];

    public static TheoryData<string, int> VideoCases()
    {
        var data = new TheoryData<string, int>();
        foreach (var codec in new[] { "H264", "H265" })
        {
            foreach (var size in PacketSizes)
            {
                data.Add(codec, size);
            }
        }

        return data;
    }

    public static TheoryData<int> AudioPacketSizes() => [.. PacketSizes];

    [Theory]
    [MemberData(nameof(VideoCases))]
    public void Video_access_units_round_trip(string codec, int maxPacketSize)
    {
        var random = new Random(maxPacketSize + codec.Length);
        var video = RandomVideo.For(codec);
        var packetizer = video.Format.CreatePacketizer(0x1234, (ushort)random.Next(65536), 96, maxPacketSize);
        var depacketizer = video.Format.CreateDepacketizer(1024 * 1024);
        var timestamp = uint.MaxValue - 100_000; // crosses the wrap
        for (var i = 0; i < AccessUnitsPerPacketSize; i++)
        {
            timestamp = unchecked(timestamp + (uint)random.Next(1, 9000));
            var sent = video.RandomAccessUnit(random);
            var batch = packetizer.Packetize(sent, timestamp);
            AccessUnit? received = null;
            for (var p = 0; p < batch.Count; p++)
            {
                Assert.Null(received);
                Assert.True(batch[p].Length <= maxPacketSize);
                depacketizer.TryPush(batch[p].Span, out received);
            }

            Assert.NotNull(received);
            Assert.Equal(sent.NalUnits.Select(nal => nal.ToArray()), received.NalUnits.Select(nal => nal.ToArray()));
            Assert.Equal(sent.IsKeyframe, received.IsKeyframe);
            Assert.Equal(timestamp, depacketizer.AccessUnitTimestamp);
        }

        Assert.Equal((0L, 0L), (depacketizer.LostPackets, depacketizer.DiscardedPackets));
    }

    [Theory]
    [MemberData(nameof(VideoCases))]
    public void Video_with_dropped_packets_counts_the_loss_and_returns_only_sent_nal_units(string codec, int maxPacketSize)
    {
        var random = new Random(maxPacketSize * 7 + codec.Length);
        var video = RandomVideo.For(codec);
        var packetizer = video.Format.CreatePacketizer(1, 65000, 96, maxPacketSize);
        var depacketizer = video.Format.CreateDepacketizer(1024 * 1024);
        var sentByTimestamp = new Dictionary<uint, AccessUnit>();
        var dropped = 0;
        var droppedSinceLastReceived = 0;
        for (var i = 0; i < AccessUnitsPerPacketSize; i++)
        {
            var timestamp = (uint)(i * 3000);
            var sent = video.RandomAccessUnit(random);
            sentByTimestamp[timestamp] = sent;
            var batch = packetizer.Packetize(sent, timestamp);
            for (var p = 0; p < batch.Count; p++)
            {
                if (random.Next(10) == 0)
                {
                    dropped++;
                    droppedSinceLastReceived++;
                    continue;
                }

                droppedSinceLastReceived = 0;
                if (depacketizer.TryPush(batch[p].Span, out var received))
                {
                    var original = sentByTimestamp[depacketizer.AccessUnitTimestamp].NalUnits.Select(nal => nal.ToArray()).ToList();
                    AssertSubsequence(original, received!.NalUnits.Select(nal => nal.ToArray()).ToList());
                }
            }
        }

        Assert.Equal(dropped - droppedSinceLastReceived, depacketizer.LostPackets);
    }

    [Theory]
    [MemberData(nameof(AudioPacketSizes))]
    public void Aac_access_units_round_trip(int maxPacketSize)
    {
        var random = new Random(maxPacketSize);
        var packetizer = new AacPacketizer(1, (ushort)random.Next(65536), maxPacketSize: maxPacketSize);
        var depacketizer = new AacDepacketizer();
        var frames = new List<AudioFrame>();
        var timestamp = uint.MaxValue - 50_000;
        for (var i = 0; i < AccessUnitsPerPacketSize; i++)
        {
            var sent = RandomAacBatch(random);
            var batch = packetizer.Packetize(sent, timestamp);
            frames.Clear();
            for (var p = 0; p < batch.Count; p++)
            {
                depacketizer.Push(batch[p].Span, frames);
            }

            Assert.Equal(sent.Select(unit => unit.ToArray()), frames.Select(frame => frame.Data.ToArray()));
            Assert.Equal(sent.Select((_, n) => unchecked(timestamp + (uint)(n * 1024))), frames.Select(frame => frame.RtpTimestamp));
            Assert.All(frames, frame => Assert.Equal(AacFormat.SamplesPerAccessUnit, frame.Samples));
            timestamp = unchecked(timestamp + (uint)(sent.Length * 1024));
        }

        Assert.Equal((0L, 0L), (depacketizer.LostPackets, depacketizer.DiscardedPackets));
    }

    [Theory]
    [MemberData(nameof(AudioPacketSizes))]
    public void Aac_with_dropped_packets_counts_the_loss_and_returns_only_sent_access_units(int maxPacketSize)
    {
        var random = new Random(maxPacketSize * 3);
        var packetizer = new AacPacketizer(1, 65500, maxPacketSize: maxPacketSize);
        var depacketizer = new AacDepacketizer();
        var sentByTimestamp = new Dictionary<uint, byte[]>();
        var frames = new List<AudioFrame>();
        var dropped = 0;
        var droppedSinceLastReceived = 0;
        var timestamp = 0u;
        for (var i = 0; i < AccessUnitsPerPacketSize; i++)
        {
            var sent = RandomAacBatch(random);
            for (var n = 0; n < sent.Length; n++)
            {
                sentByTimestamp[timestamp + (uint)(n * 1024)] = sent[n].ToArray();
            }

            var batch = packetizer.Packetize(sent, timestamp);
            timestamp += (uint)(sent.Length * 1024);
            for (var p = 0; p < batch.Count; p++)
            {
                if (random.Next(10) == 0)
                {
                    dropped++;
                    droppedSinceLastReceived++;
                    continue;
                }

                droppedSinceLastReceived = 0;
                depacketizer.Push(batch[p].Span, frames);
            }
        }

        Assert.NotEmpty(frames);
        Assert.All(frames, frame => Assert.Equal(sentByTimestamp[frame.RtpTimestamp], frame.Data.ToArray()));
        Assert.Equal(frames.Count, frames.Select(frame => frame.RtpTimestamp).Distinct().Count());
        Assert.Equal(dropped - droppedSinceLastReceived, depacketizer.LostPackets);
    }

    [Theory]
    [InlineData(10)]
    [InlineData(20)]
    [InlineData(30)]
    [InlineData(60)]
    public void G711_samples_round_trip_and_loss_is_counted(int packetDurationMs)
    {
        var random = new Random(packetDurationMs);
        var packetizer = new G711Packetizer(1, 65530, CodecFormat.Pcmu, packetDurationMs);
        var depacketizer = new G711Depacketizer();
        var frames = new List<AudioFrame>();
        var timestamp = uint.MaxValue - 10_000;
        var dropped = 0;
        var droppedSinceLastReceived = 0;
        for (var i = 0; i < AccessUnitsPerPacketSize; i++)
        {
            var samples = new byte[random.Next(1, 4000)];
            random.NextBytes(samples);
            var batch = packetizer.Packetize(samples, timestamp);
            var lossy = i % 2 == 1;
            frames.Clear();
            for (var p = 0; p < batch.Count; p++)
            {
                if (lossy && random.Next(4) == 0)
                {
                    dropped++;
                    droppedSinceLastReceived++;
                    continue;
                }

                droppedSinceLastReceived = 0;
                depacketizer.Push(batch[p].Span, frames);
            }

            foreach (var frame in frames)
            {
                var offset = (int)unchecked(frame.RtpTimestamp - timestamp);
                Assert.Equal(samples.AsSpan(offset, frame.Samples).ToArray(), frame.Data.ToArray());
            }

            if (!lossy)
            {
                Assert.Equal(samples, frames.SelectMany(frame => frame.Data.ToArray()));
            }

            timestamp = unchecked(timestamp + (uint)samples.Length);
        }

        Assert.Equal(dropped - droppedSinceLastReceived, depacketizer.LostPackets);
        Assert.Equal(0L, depacketizer.DiscardedPackets);
    }

    private static ReadOnlyMemory<byte>[] RandomAacBatch(Random random)
    {
        var units = new ReadOnlyMemory<byte>[random.Next(1, 6)];
        for (var n = 0; n < units.Length; n++)
        {
            // Mostly small units (several per packet), some up to the 13-bit limit (fragmented).
            var unit = new byte[random.Next(3) == 0 ? random.Next(1, AacFormat.MaxAccessUnitSize + 1) : random.Next(1, 400)];
            random.NextBytes(unit);
            units[n] = unit;
        }

        return units;
    }

    private static void AssertSubsequence(List<byte[]> sent, List<byte[]> received)
    {
        var next = 0;
        foreach (var nal in received)
        {
            while (next < sent.Count && !sent[next].AsSpan().SequenceEqual(nal))
            {
                next++;
            }

            Assert.True(next < sent.Count, "a received NAL unit was never sent (or came out of order)");
            next++;
        }
    }
}
