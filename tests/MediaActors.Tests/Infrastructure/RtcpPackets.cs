using MediaActors.Protocol.Rtcp;

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
}
