using MediaActors.Protocol.Codecs;

namespace MediaActors.Protocol.Tests.Codecs;

public sealed class AnnexBTests
{
    private static List<byte[]> Split(byte[] data)
    {
        var ranges = new List<NalUnitRange>();
        AnnexB.Split(data, ranges);
        return ranges.ConvertAll(r => data.AsSpan(r.Offset, r.Length).ToArray());
    }

    [Fact]
    public void Splits_four_and_three_byte_start_codes()
    {
        byte[] data = [0, 0, 0, 1, 0x67, 1, 2, 0, 0, 1, 0x68, 3, 0, 0, 0, 1, 0x65, 4, 5];

        var nalUnits = Split(data);

        Assert.Equal([[0x67, 1, 2], [0x68, 3], [0x65, 4, 5]], nalUnits);
    }

    [Fact]
    public void Bytes_before_the_first_start_code_are_a_nal_unit()
    {
        byte[] data = [0x09, 0xF0, 0, 0, 1, 0x65, 7];

        Assert.Equal([[0x09, 0xF0], [0x65, 7]], Split(data));
    }

    [Fact]
    public void Data_without_start_code_is_one_nal_unit()
    {
        Assert.Equal([[0x65, 1, 2, 3]], Split([0x65, 1, 2, 3]));
    }

    [Fact]
    public void Trailing_zero_bytes_and_empty_nal_units_are_dropped()
    {
        byte[] data = [0, 0, 1, 0x67, 1, 0, 0, 0, 0, 0, 0, 1, 0, 0, 1, 0, 0, 0, 1, 0x68, 2, 0, 0];

        Assert.Equal([[0x67, 1], [0x68, 2]], Split(data));
    }

    [Theory]
    [InlineData(new byte[0])]
    [InlineData(new byte[] { 0, 0, 1 })]
    [InlineData(new byte[] { 0, 0, 0, 1, 0, 0 })]
    public void Input_without_nal_units_yields_nothing(byte[] data)
    {
        Assert.Empty(Split(data));
    }

    [Fact]
    public void Appends_to_existing_output()
    {
        var ranges = new List<NalUnitRange> { new(99, 1) };

        AnnexB.Split(new byte[] { 0, 0, 1, 0x65 }, ranges);

        Assert.Equal([new NalUnitRange(99, 1), new NalUnitRange(3, 1)], ranges);
    }

    [Fact]
    public void Packs_are_the_nal_units_with_their_start_codes_and_cover_the_data()
    {
        byte[] data = [0, 0, 0, 1, 0x67, 0x42, 0, 0, 1, 0x68, 0xce, 0, 0, 0, 0, 1, 0x65, 0x88, 0x84];
        var nalUnits = new List<NalUnitRange>();
        AnnexB.Split(data, nalUnits);

        var packs = AnnexB.PacksOf(nalUnits, data.Length);

        Assert.Equal(new[] { new NalUnitRange(0, 6), new NalUnitRange(6, 5), new NalUnitRange(11, 8) }, packs);
    }
}
