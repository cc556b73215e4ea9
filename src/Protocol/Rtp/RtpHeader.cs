using System.Buffers.Binary;

namespace MediaActors.Protocol.Rtp;

/// <summary>
/// The fixed RTP header (RFC 3550 section 5.1) as this server sends it: version 2, no padding,
/// no extension, no CSRC list.
/// </summary>
/// <param name="Marker">The M bit; for video, set on the last packet of a picture.</param>
/// <param name="PayloadType">The 7-bit payload type.</param>
/// <param name="SequenceNumber">Incremented by one per packet, wrapping at 65535.</param>
/// <param name="Timestamp">Sampling instant in the payload's clock rate (90 kHz for video).</param>
/// <param name="Ssrc">Synchronisation source identifier.</param>
public readonly record struct RtpHeader(bool Marker, byte PayloadType, ushort SequenceNumber, uint Timestamp, uint Ssrc)
{
    /// <summary>Size of the fixed header in bytes.</summary>
    public const int Size = 12;

    private const byte Version2 = 0x80;
    private const byte VersionMask = 0xC0;
    private const byte PaddingBit = 0x20;
    private const byte ExtensionBit = 0x10;
    private const byte CsrcCountMask = 0x0F;
    private const byte MarkerBit = 0x80;
    private const byte PayloadTypeMask = 0x7F;
    private const int CsrcSize = 4;
    private const int ExtensionHeaderSize = 4;

    /// <summary>Writes the 12-byte header to the start of <paramref name="destination"/>.</summary>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is shorter than <see cref="Size"/>.</exception>
    public void WriteTo(Span<byte> destination)
    {
        if (destination.Length < Size)
        {
            throw new ArgumentException($"An RTP header needs {Size} bytes.", nameof(destination));
        }

        destination[0] = Version2;
        destination[1] = (byte)((Marker ? MarkerBit : 0) | (PayloadType & PayloadTypeMask));
        BinaryPrimitives.WriteUInt16BigEndian(destination[2..], SequenceNumber);
        BinaryPrimitives.WriteUInt32BigEndian(destination[4..], Timestamp);
        BinaryPrimitives.WriteUInt32BigEndian(destination[8..], Ssrc);
    }

    /// <summary>
    /// Reads the header of <paramref name="packet"/>. <paramref name="payloadOffset"/> skips the
    /// CSRC list and header extension. Use the overload with a payload length when padding matters.
    /// </summary>
    /// <returns>False when the packet is not a well-formed RTP version 2 packet.</returns>
    public static bool TryRead(ReadOnlySpan<byte> packet, out RtpHeader header, out int payloadOffset) =>
        TryRead(packet, out header, out payloadOffset, out _);

    /// <summary>
    /// Reads the header of <paramref name="packet"/> and locates its payload: after the CSRC list
    /// and header extension, before any padding.
    /// </summary>
    /// <returns>False when the packet is not a well-formed RTP version 2 packet.</returns>
    public static bool TryRead(ReadOnlySpan<byte> packet, out RtpHeader header, out int payloadOffset, out int payloadLength)
    {
        header = default;
        payloadOffset = 0;
        payloadLength = 0;
        if (packet.Length < Size || (packet[0] & VersionMask) != Version2)
        {
            return false;
        }

        var offset = Size + (CsrcSize * (packet[0] & CsrcCountMask));
        if ((packet[0] & ExtensionBit) != 0)
        {
            if (packet.Length < offset + ExtensionHeaderSize)
            {
                return false;
            }

            int extensionWords = BinaryPrimitives.ReadUInt16BigEndian(packet[(offset + 2)..]);
            offset += ExtensionHeaderSize + (extensionWords * 4);
        }

        // The last byte of a padded packet counts the padding bytes, itself included.
        var padding = (packet[0] & PaddingBit) != 0 ? packet[^1] : 0;
        var paddingValid = (packet[0] & PaddingBit) == 0 || padding > 0;
        var end = packet.Length - padding;
        if (!paddingValid || offset > end)
        {
            return false;
        }

        header = new RtpHeader(
            (packet[1] & MarkerBit) != 0,
            (byte)(packet[1] & PayloadTypeMask),
            BinaryPrimitives.ReadUInt16BigEndian(packet[2..]),
            BinaryPrimitives.ReadUInt32BigEndian(packet[4..]),
            BinaryPrimitives.ReadUInt32BigEndian(packet[8..]));
        payloadOffset = offset;
        payloadLength = end - offset;
        return true;
    }
}
