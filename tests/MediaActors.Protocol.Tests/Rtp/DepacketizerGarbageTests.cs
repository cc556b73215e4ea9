using MediaActors.Protocol.Formats;
using MediaActors.Protocol.Rtp;

namespace MediaActors.Protocol.Tests.Rtp;

/// <summary>
/// What a camera or the network can send a client is not to be trusted: random bytes, RTP headers
/// with random flags (CSRCs, extension, padding), and real packets cut short anywhere must never
/// throw from any depacketizer, and its counters only grow.
/// </summary>
public sealed class DepacketizerGarbageTests
{
    public static TheoryData<string> Depacketizers => ["H264", "H265", "AAC", "PCMU"];

    [Theory]
    [MemberData(nameof(Depacketizers))]
    public void Garbage_never_throws(string name)
    {
        var random = new Random(name.Sum(c => c));
        var push = Create(name, out var counters);
        var valid = ValidPackets(name);
        long lost = 0, discarded = 0;
        for (var i = 0; i < 20_000; i++)
        {
            byte[] packet;
            switch (random.Next(3))
            {
                case 0:
                    packet = new byte[random.Next(0, 80)];
                    random.NextBytes(packet);
                    break;
                case 1:
                    packet = new byte[random.Next(RtpHeader.Size, 80)];
                    random.NextBytes(packet);
                    packet[0] = (byte)(0x80 | (packet[0] & 0x3F)); // version 2, random padding, extension and CSRC count
                    break;
                default:
                    var source = valid[random.Next(valid.Count)];
                    packet = source.AsSpan(0, random.Next(source.Length + 1)).ToArray();
                    break;
            }

            push(packet);
            var (nowLost, nowDiscarded) = counters();
            Assert.True(nowLost >= lost && nowDiscarded >= discarded, "a counter went down");
            (lost, discarded) = (nowLost, nowDiscarded);
        }
    }

    private static Action<byte[]> Create(string name, out Func<(long Lost, long Discarded)> counters)
    {
        if (name is "H264" or "H265")
        {
            var video = RandomVideo.For(name).Format.CreateDepacketizer(64 * 1024);
            counters = () => (video.LostPackets, video.DiscardedPackets);
            return packet => video.TryPush(packet, out _);
        }

        IAudioDepacketizer audio = name == "AAC" ? new AacDepacketizer() : new G711Depacketizer();
        var frames = new List<AudioFrame>();
        counters = () => (audio.LostPackets, audio.DiscardedPackets);
        return packet =>
        {
            frames.Clear();
            audio.Push(packet, frames);
        };
    }

    private static List<byte[]> ValidPackets(string name)
    {
        var random = new Random(1);
        RtpPacketBatch batch;
        if (name is "H264" or "H265")
        {
            var video = RandomVideo.For(name);
            batch = video.Format.CreatePacketizer(1, 0, 96, 200).Packetize(video.RandomAccessUnit(random), 0);
        }
        else if (name == "AAC")
        {
            batch = new AacPacketizer(1, 0, maxPacketSize: 200).Packetize([new byte[500], new byte[20], new byte[30]], 0);
        }
        else
        {
            batch = new G711Packetizer(1, 0, CodecFormat.Pcmu).Packetize(new byte[500], 0);
        }

        return [.. Enumerable.Range(0, batch.Count).Select(i => batch[i].ToArray())];
    }
}
