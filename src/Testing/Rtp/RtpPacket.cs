using System.Buffers.Binary;

namespace MediaActors.Testing.Rtp;

/// <summary>
/// The fixed header fields of an RTP packet (RFC 3550 5.1) and where its payload lies, read with
/// no code of the server's, so that a bug in the server's own RTP code cannot hide itself.
/// </summary>
public readonly record struct RtpPacket(bool Marker, byte PayloadType, ushort SequenceNumber, uint Timestamp, uint Ssrc)
{
    private const int FixedHeaderSize = 12;
    private const int Version = 2;

    /// <summary>False when <paramref name="packet"/> is not RTP: too short, another version, or header fields that run past its end.</summary>
    public static bool TryRead(ReadOnlySpan<byte> packet, out RtpPacket header, out ReadOnlySpan<byte> payload)
    {
        header = default;
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

        header = new RtpPacket(
            Marker: (packet[1] & 0x80) != 0,
            PayloadType: (byte)(packet[1] & 0x7F),
            SequenceNumber: BinaryPrimitives.ReadUInt16BigEndian(packet[2..]),
            Timestamp: BinaryPrimitives.ReadUInt32BigEndian(packet[4..]),
            Ssrc: BinaryPrimitives.ReadUInt32BigEndian(packet[8..]));
        payload = packet[offset..end];
        return true;
    }
}
