using MediaActors.Protocol.Rtcp;
using MediaActors.Testing.Rtsp;

namespace MediaActors.Tests.Infrastructure;

/// <summary>What a test asks of an RTCP compound packet a client received.</summary>
public static class RtcpPackets
{
    /// <summary>True when <paramref name="compound"/> is a valid compound packet with a BYE in it.</summary>
    public static bool HasGoodbye(byte[] compound)
    {
        var packets = new List<RtcpPacket>();
        return RtcpCompoundReader.TryRead(compound, packets) && packets.OfType<RtcpGoodbye>().Any();
    }

    /// <summary>Reads what a TCP-interleaved client gets until the RTCP BYE of its first track (channel 1).</summary>
    public static async Task ReadUntilGoodbyeAsync(RtspTestClient client)
    {
        while (true)
        {
            var (channel, payload) = await client.ReadInterleavedAsync();
            if (channel == 1 && HasGoodbye(payload))
            {
                return;
            }
        }
    }
}
