using System.Buffers.Binary;

namespace MediaActors.Protocol.Rtcp;

/// <summary>
/// The 4-byte common header of every RTCP packet (RFC 3550 section 6.4.1): version 2, padding
/// bit, a 5-bit count (report blocks, chunks, sources, or FMT for feedback), the packet type and
/// the length in 32-bit words minus one.
/// </summary>
internal static class RtcpHeader
{
    public const int Size = 4;

    /// <summary>The largest value of the 5-bit count field.</summary>
    public const int MaxCount = 31;

    public const byte Version2 = 0x80;
    public const byte VersionMask = 0xC0;
    public const byte PaddingBit = 0x20;
    public const byte CountMask = 0x1F;

    /// <summary>RTCP packets are sized in 32-bit words.</summary>
    public const int WordSize = 4;

    /// <summary>Writes a header for a packet of <paramref name="packetLength"/> bytes, a multiple of 4.</summary>
    public static void Write(Span<byte> destination, int count, RtcpPacketType type, int packetLength)
    {
        destination[0] = (byte)(Version2 | count);
        destination[1] = (byte)type;
        BinaryPrimitives.WriteUInt16BigEndian(destination[2..], (ushort)((packetLength / WordSize) - 1));
    }

    /// <summary>Rounds up to the next 32-bit boundary.</summary>
    public static int AlignToWord(int length) => (length + WordSize - 1) & ~(WordSize - 1);
}
