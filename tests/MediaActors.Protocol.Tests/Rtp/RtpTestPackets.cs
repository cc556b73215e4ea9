using MediaActors.Protocol.Rtp;

namespace MediaActors.Protocol.Tests.Rtp;

/// <summary>Hand-made RTP packets for depacketizer tests.</summary>
internal static class RtpTestPackets
{
    /// <summary>An RTP packet with payload type 96 and SSRC 1 carrying <paramref name="payload"/>.</summary>
    public static byte[] Packet(ushort sequenceNumber, uint timestamp, bool marker, params byte[] payload)
    {
        var packet = new byte[RtpHeader.Size + payload.Length];
        new RtpHeader(marker, 96, sequenceNumber, timestamp, 1).WriteTo(packet);
        payload.CopyTo(packet, RtpHeader.Size);
        return packet;
    }
}
