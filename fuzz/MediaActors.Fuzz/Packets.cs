using System.Buffers.Binary;

namespace MediaActors.Fuzz;

/// <summary>
/// Splits one fuzz input into the several datagrams or NAL units a parser gets in a row: each is
/// a 16-bit big-endian length, then that many bytes (the last takes what is left). A stateful
/// reader (a depacketizer, a parameter-set list) is only reached in depth by sequences.
/// </summary>
public static class Packets
{
    public static List<byte[]> Split(ReadOnlySpan<byte> input)
    {
        var packets = new List<byte[]>();
        while (input.Length >= 2)
        {
            var length = Math.Min(BinaryPrimitives.ReadUInt16BigEndian(input), input.Length - 2);
            packets.Add(input.Slice(2, length).ToArray());
            input = input[(2 + length)..];
        }

        return packets;
    }

    /// <summary>The inverse of <see cref="Split"/>, for writing seeds.</summary>
    public static byte[] Join(IEnumerable<byte[]> packets)
    {
        var joined = new List<byte>();
        foreach (var packet in packets)
        {
            joined.Add((byte)(packet.Length >> 8));
            joined.Add((byte)packet.Length);
            joined.AddRange(packet);
        }

        return [.. joined];
    }
}
