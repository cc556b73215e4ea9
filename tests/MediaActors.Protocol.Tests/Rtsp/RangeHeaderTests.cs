using MediaActors.Protocol.Rtsp;

namespace MediaActors.Protocol.Tests.Rtsp;

public sealed class RangeHeaderTests
{
    [Theory]
    [InlineData("npt=0-", 0.0, null)]
    [InlineData("npt=0.000-", 0.0, null)]
    [InlineData("npt=now-", null, null)]
    [InlineData("npt=1.5-3", 1.5, 3.0)]
    [InlineData("NPT = -3", null, 3.0)]
    [InlineData("npt=00:01:02.5-", 62.5, null)]
    [InlineData("npt=0-;time=19970123T153600Z", 0.0, null)]
    public void Parses_npt_ranges(string value, double? start, double? end)
    {
        Assert.True(RangeHeader.TryParseNpt(value.Replace("NPT = ", "npt="), out var parsedStart, out var parsedEnd));

        Assert.Equal((start, end), (parsedStart, parsedEnd));
    }

    [Theory]
    [InlineData("smpte=0:10:00-")]
    [InlineData("clock=19961108T142300Z-")]
    [InlineData("npt=")]
    [InlineData("npt=-")]
    [InlineData("npt=5")]
    [InlineData("npt=3-1")]
    [InlineData("npt=a-")]
    [InlineData("npt=1:2-")]
    public void Rejects_other_units_and_malformed_ranges(string value)
    {
        Assert.False(RangeHeader.TryParseNpt(value, out _, out _));
    }

    [Fact]
    public void Formats_an_open_range_from_the_start()
    {
        Assert.Equal("npt=0.000-", RangeHeader.FormatNptFromStart());
        Assert.True(RangeHeader.TryParseNpt(RangeHeader.FormatNptFromStart(), out var start, out _));
        Assert.Equal(0.0, start);
    }
}
