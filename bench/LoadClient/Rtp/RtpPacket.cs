using System.Buffers.Binary;

namespace MediaActors.LoadClient.Rtp;

/// <summary>The two things the client reads from an RTP packet (RFC 3550 5.1): its sequence number and its payload.</summary>
public static class RtpPacket
{
    private const int FixedHeaderSize = 12;
    private const int Version = 2;

    /// <summary>False when <paramref name="packet"/> is not RTP: too short, another version, or header fields that run past its end.</summary>
    public static bool TryRead(ReadOnlySpan<byte> packet, out ushort sequence, out ReadOnlySpan<byte> payload)
    {
        sequence = 0;
        payload = default;
        if (packet.Length < FixedHeaderSize || packet[0] >> 6 != Version)
        {
            return false;
        }

        var offset = FixedHeaderSize + 4 * (packet[0] & 0x0F);
        if ((packet[0] & 0x10) != 0)
        {
            if (packet.Length < offset + 4)
            {
                return false;
            }

            offset += 4 + 4 * BinaryPrimitives.ReadUInt16BigEndian(packet[(offset + 2)..]);
        }
        var end = packet.Length;
        if ((packet[0] & 0x20) != 0)
        {
            end -= packet[^1];
        }

        if (offset > end)
        {
            return false;
        }

        sequence = BinaryPrimitives.ReadUInt16BigEndian(packet[2..]);
        payload = packet[offset..end];
        return true;
    }
}
