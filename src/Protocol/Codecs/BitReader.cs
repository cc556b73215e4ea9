namespace MediaActors.Protocol.Codecs;

/// <summary>
/// Reads an RBSP (emulation prevention already removed) bit by bit, most significant bit first,
/// including the Exp-Golomb codes that parameter sets are made of.
/// </summary>
/// <remarks>
/// Reading past the end throws <see cref="InvalidDataException"/> rather than returning a
/// sentinel: parameter-set parsers read dozens of fields in a row, and one exception caught in
/// their TryParse is far less error-prone than checking every read.
/// </remarks>
public ref struct BitReader
{
    /// <summary>Exp-Golomb codes longer than this cannot encode a 32-bit value.</summary>
    private const int MaxExpGolombLeadingZeros = 31;

    private readonly ReadOnlySpan<byte> _data;
    private int _bitPosition;

    /// <summary>Creates a reader positioned at the first bit of <paramref name="data"/>.</summary>
    public BitReader(ReadOnlySpan<byte> data)
    {
        _data = data;
        _bitPosition = 0;
    }

    /// <summary>How many bits are left to read.</summary>
    public readonly int RemainingBits => (_data.Length * 8) - _bitPosition;

    /// <summary>Reads one bit.</summary>
    /// <exception cref="InvalidDataException">No bit is left.</exception>
    public bool ReadBit()
    {
        EnsureAvailable(1);
        var bit = (_data[_bitPosition >> 3] >> (7 - (_bitPosition & 7))) & 1;
        _bitPosition++;
        return bit != 0;
    }

    /// <summary>Reads <paramref name="count"/> bits (0 to 32) as an unsigned big-endian number.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="count"/> is outside 0..32.</exception>
    /// <exception cref="InvalidDataException">Fewer than <paramref name="count"/> bits are left.</exception>
    public uint ReadBits(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, 32);
        EnsureAvailable(count);
        uint value = 0;
        for (var i = 0; i < count; i++)
        {
            var bit = (_data[_bitPosition >> 3] >> (7 - (_bitPosition & 7))) & 1;
            value = (value << 1) | (uint)bit;
            _bitPosition++;
        }

        return value;
    }

    /// <summary>Skips <paramref name="count"/> bits.</summary>
    /// <exception cref="InvalidDataException">Fewer than <paramref name="count"/> bits are left.</exception>
    public void SkipBits(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        EnsureAvailable(count);
        _bitPosition += count;
    }

    /// <summary>Reads an unsigned Exp-Golomb code, ue(v) in the H.264 syntax tables.</summary>
    /// <exception cref="InvalidDataException">The code is truncated or longer than 32 bits.</exception>
    public uint ReadUnsignedExpGolomb()
    {
        var leadingZeros = 0;
        while (!ReadBit())
        {
            leadingZeros++;
            if (leadingZeros > MaxExpGolombLeadingZeros)
            {
                throw new InvalidDataException("Exp-Golomb code longer than 32 bits.");
            }
        }

        // 2^n - 1 + suffix, computed in 64 bits because n = 31 with an all-ones suffix overflows uint.
        var value = (1UL << leadingZeros) - 1 + ReadBits(leadingZeros);
        if (value > uint.MaxValue)
        {
            throw new InvalidDataException("Exp-Golomb value exceeds 32 bits.");
        }

        return (uint)value;
    }

    /// <summary>Reads a signed Exp-Golomb code, se(v): 1, -1, 2, -2 ... mapped from ue(v) 1, 2, 3, 4 ...</summary>
    /// <exception cref="InvalidDataException">The code is truncated or longer than 32 bits.</exception>
    public int ReadSignedExpGolomb()
    {
        long codeNumber = ReadUnsignedExpGolomb();
        var magnitude = (codeNumber + 1) / 2;
        var value = (codeNumber & 1) == 1 ? magnitude : -magnitude;
        if (value > int.MaxValue)
        {
            throw new InvalidDataException("Signed Exp-Golomb value exceeds 32 bits.");
        }

        return (int)value;
    }

    private readonly void EnsureAvailable(int count)
    {
        if (count > RemainingBits)
        {
            throw new InvalidDataException("Read past the end of the bit stream.");
        }
    }
}
