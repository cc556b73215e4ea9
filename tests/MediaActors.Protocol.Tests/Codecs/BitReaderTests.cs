using MediaActors.Protocol.Codecs;

namespace MediaActors.Protocol.Tests.Codecs;

public sealed class BitReaderTests
{
    [Fact]
    public void Reads_bits_most_significant_first()
    {
        var reader = new BitReader([0b1010_0000, 0xFF]);

        Assert.True(reader.ReadBit());
        Assert.False(reader.ReadBit());
        Assert.Equal(0b10u, reader.ReadBits(2));
        reader.SkipBits(4);
        Assert.Equal(0xFFu, reader.ReadBits(8));
        Assert.Equal(0, reader.RemainingBits);
    }

    [Fact]
    public void Reads_32_bits()
    {
        var reader = new BitReader([0xDE, 0xAD, 0xBE, 0xEF]);

        Assert.Equal(0xDEADBEEFu, reader.ReadBits(32));
    }

    [Fact]
    public void Reads_exp_golomb_codes()
    {
        var bytes = new BitWriter().Ue(0).Ue(1).Ue(7).Ue(uint.MaxValue - 1).Se(1).Se(-1).Se(-5).ToRbsp();
        var reader = new BitReader(bytes);

        Assert.Equal(0u, reader.ReadUnsignedExpGolomb());
        Assert.Equal(1u, reader.ReadUnsignedExpGolomb());
        Assert.Equal(7u, reader.ReadUnsignedExpGolomb());
        Assert.Equal(uint.MaxValue - 1, reader.ReadUnsignedExpGolomb());
        Assert.Equal(1, reader.ReadSignedExpGolomb());
        Assert.Equal(-1, reader.ReadSignedExpGolomb());
        Assert.Equal(-5, reader.ReadSignedExpGolomb());
    }

    [Fact]
    public void Reading_past_the_end_throws_invalid_data()
    {
        Assert.Throws<InvalidDataException>(() => new BitReader([0xFF]).ReadBits(9));
        Assert.Throws<InvalidDataException>(() => new BitReader([0x00, 0x00]).ReadUnsignedExpGolomb());
        Assert.Throws<InvalidDataException>(() => new BitReader([]).ReadBit());
    }

    [Fact]
    public void Overlong_exp_golomb_code_throws_invalid_data()
    {
        Assert.Throws<InvalidDataException>(() => new BitReader(new byte[8]).ReadUnsignedExpGolomb());
    }
}
