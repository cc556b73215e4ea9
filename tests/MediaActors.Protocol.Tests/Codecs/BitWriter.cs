namespace MediaActors.Protocol.Tests.Codecs;

/// <summary>Builds bit streams for syntax the sample encoders never emit (scaling lists in an SPS, POC type 1).</summary>
internal sealed class BitWriter
{
    private readonly List<bool> _bits = [];

    public BitWriter Bits(uint value, int count)
    {
        for (var i = count - 1; i >= 0; i--)
        {
            _bits.Add(((value >> i) & 1) != 0);
        }

        return this;
    }

    public BitWriter Bit(bool value) => Bits(value ? 1u : 0u, 1);

    public BitWriter Ue(uint value)
    {
        var codeNumber = (ulong)value + 1;
        var length = 64 - System.Numerics.BitOperations.LeadingZeroCount(codeNumber);
        Bits(0, length - 1);
        for (var i = length - 1; i >= 0; i--)
        {
            _bits.Add(((codeNumber >> i) & 1) != 0);
        }

        return this;
    }

    public BitWriter Se(int value) => Ue(value > 0 ? (uint)((2 * value) - 1) : (uint)(-2 * value));

    /// <summary>The bytes with rbsp_trailing_bits, without emulation prevention.</summary>
    public byte[] ToRbsp()
    {
        var bits = new List<bool>(_bits) { true };
        while (bits.Count % 8 != 0)
        {
            bits.Add(false);
        }

        var bytes = new byte[bits.Count / 8];
        for (var i = 0; i < bits.Count; i++)
        {
            if (bits[i])
            {
                bytes[i / 8] |= (byte)(0x80 >> (i % 8));
            }
        }

        return bytes;
    }

    /// <summary>A NAL unit: header byte, then the RBSP with emulation prevention bytes inserted.</summary>
    public byte[] ToNal(byte header)
    {
        var nal = new List<byte> { header };
        var zeros = 0;
        foreach (var value in ToRbsp())
        {
            if (zeros >= 2 && value <= 3)
            {
                nal.Add(3);
                zeros = 0;
            }

            nal.Add(value);
            zeros = value == 0 ? zeros + 1 : 0;
        }

        return [.. nal];
    }
}
