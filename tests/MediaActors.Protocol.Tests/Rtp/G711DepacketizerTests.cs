using MediaActors.Protocol.Formats;
using MediaActors.Protocol.Rtp;
using static MediaActors.Protocol.Tests.Rtp.RtpTestPackets;

namespace MediaActors.Protocol.Tests.Rtp;

public sealed class G711DepacketizerTests
{
    [Fact]
    public void Each_payload_is_one_frame_of_one_sample_per_byte()
    {
        var depacketizer = new G711Depacketizer();
        var frames = new List<AudioFrame>();

        depacketizer.Push(Packet(7, 8000, false, 0xFF, 0x7F, 0x00), frames);

        var frame = Assert.Single(frames);
        Assert.Equal([0xFF, 0x7F, 0x00], frame.Data.ToArray());
        Assert.Equal((8000u, 3), (frame.RtpTimestamp, frame.Samples));
    }

    [Fact]
    public void Counts_lost_packets_and_drops_empty_and_late_ones()
    {
        var depacketizer = new G711Depacketizer();
        var frames = new List<AudioFrame>();

        depacketizer.Push(Packet(1, 0, false, 1), frames);
        depacketizer.Push(Packet(4, 480, false, 4), frames);
        depacketizer.Push(Packet(3, 320, false, 3), frames); // late
        depacketizer.Push(Packet(5, 640, false), frames); // empty
        depacketizer.Push([0x80, 0x00, 0x00], frames); // truncated header

        Assert.Equal([1, 4], frames.Select(frame => frame.Data.Span[0]));
        Assert.Equal((2L, 3L), (depacketizer.LostPackets, depacketizer.DiscardedPackets));
    }

    [Fact]
    public void Frames_own_their_bytes()
    {
        var depacketizer = new G711Depacketizer();
        var frames = new List<AudioFrame>();
        var packet = Packet(1, 0, false, 1, 2);

        depacketizer.Push(packet, frames);
        packet[RtpHeader.Size] = 9;

        Assert.Equal([1, 2], frames[0].Data.ToArray());
    }

    [Fact]
    public void Reads_back_what_the_packetizer_writes()
    {
        var samples = Enumerable.Range(0, 400).Select(i => (byte)i).ToArray();
        var batch = new G711Packetizer(1, 0, CodecFormat.Pcma, maxPacketDurationMs: 20).Packetize(samples, 1000);
        var depacketizer = new G711Depacketizer();
        var frames = new List<AudioFrame>();

        for (var i = 0; i < batch.Count; i++)
        {
            depacketizer.Push(batch[i].Span, frames);
        }

        Assert.Equal([(1000u, 160), (1160u, 160), (1320u, 80)], frames.Select(frame => (frame.RtpTimestamp, frame.Samples)));
        Assert.Equal(samples, frames.SelectMany(frame => frame.Data.ToArray()));
    }
}
