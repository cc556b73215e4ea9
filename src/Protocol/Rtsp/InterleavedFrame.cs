using System.Buffers.Binary;

namespace MediaActors.Protocol.Rtsp;

/// <summary>
/// The interleaved binary frame of RFC 2326 section 10.12: RTP and RTCP sent over the RTSP TCP
/// connection as '$', a channel byte, a 16-bit big-endian length and the payload.
/// </summary>
public static class InterleavedFrame
{
    /// <summary>The byte that starts a frame; no RTSP message starts with it.</summary>
    public const byte Magic = (byte)'$';

    /// <summary>'$', channel and length.</summary>
    public const int HeaderSize = 4;

    /// <summary>The length field is 16 bits.</summary>
    public const int MaxPayloadLength = ushort.MaxValue;

    /// <summary>Writes the 4-byte frame header for a payload of <paramref name="payloadLength"/> bytes.</summary>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is shorter than <see cref="HeaderSize"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="payloadLength"/> is outside 0..65535.</exception>
    public static void WriteHeader(Span<byte> destination, byte channel, int payloadLength)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(payloadLength);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(payloadLength, MaxPayloadLength);
        if (destination.Length < HeaderSize)
        {
            throw new ArgumentException($"An interleaved frame header needs {HeaderSize} bytes.", nameof(destination));
        }

        destination[0] = Magic;
        destination[1] = channel;
        BinaryPrimitives.WriteUInt16BigEndian(destination[2..], (ushort)payloadLength);
    }

    /// <summary>Writes one whole frame (header, then <paramref name="payload"/>); returns its length.</summary>
    /// <exception cref="ArgumentException"><paramref name="destination"/> cannot hold the frame.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="payload"/> is longer than 65535 bytes.</exception>
    public static int Write(Span<byte> destination, byte channel, ReadOnlySpan<byte> payload)
    {
        WriteHeader(destination, channel, payload.Length);
        payload.CopyTo(destination[HeaderSize..]);
        return HeaderSize + payload.Length;
    }

    /// <summary>Reads a frame header; false when <paramref name="data"/> does not start with a complete one.</summary>
    public static bool TryReadHeader(ReadOnlySpan<byte> data, out byte channel, out int payloadLength)
    {
        channel = 0;
        payloadLength = 0;
        if (data.Length < HeaderSize || data[0] != Magic)
        {
            return false;
        }

        channel = data[1];
        payloadLength = BinaryPrimitives.ReadUInt16BigEndian(data[2..]);
        return true;
    }
}
