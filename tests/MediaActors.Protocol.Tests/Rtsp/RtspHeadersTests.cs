using MediaActors.Protocol.Rtsp;

namespace MediaActors.Protocol.Tests.Rtsp;

public sealed class RtspHeadersTests
{
    [Fact]
    public void Keeps_order_and_repeated_names_case_insensitively()
    {
        var headers = new RtspHeaders { { "CSeq", "1" }, { "Public", "OPTIONS" }, { "public", "PLAY" } };

        Assert.Equal("OPTIONS", headers["PUBLIC"]);
        Assert.Equal(["OPTIONS", "PLAY"], headers.GetValues("Public"));
        Assert.Equal(3, headers.Count);
        Assert.Equal(["CSeq", "Public", "public"], headers.Select(h => h.Key));
        Assert.Null(headers["Session"]);
    }

    [Fact]
    public void Set_replaces_all_values_in_place()
    {
        var headers = new RtspHeaders { { "A", "1" }, { "B", "2" }, { "a", "3" } };

        headers.Set("A", "9");

        Assert.Equal([new("A", "9"), new KeyValuePair<string, string>("B", "2")], headers);
        Assert.True(headers.Remove("b"));
        Assert.False(headers.Contains("B"));
    }

    [Theory]
    [InlineData("Session", "1\r\nX-Injected: yes")]
    [InlineData("Session", "1\nX")]
    [InlineData("Session", "1\rX")]
    [InlineData("Bad\r\nName", "1")]
    [InlineData("Bad Name", "1")]
    [InlineData("", "1")]
    public void Header_injection_is_rejected(string name, string value)
    {
        var headers = new RtspHeaders();

        Assert.Throws<ArgumentException>(() => headers.Add(name, value));
        Assert.Throws<ArgumentException>(() => headers.Set(name, value));
        Assert.Equal(0, headers.Count);
    }

    [Theory]
    [InlineData("7", 7)]
    [InlineData(" 12 ", 12)]
    [InlineData("-1", null)]
    [InlineData("x", null)]
    [InlineData("99999999999", null)]
    public void Reads_non_negative_integers(string value, int? expected)
    {
        var headers = new RtspHeaders { { "CSeq", value } };

        var parsed = headers.TryGetNonNegativeInt32("cseq", out var number);

        Assert.Equal(expected, parsed ? number : null);
    }
}
