using MediaActors.Protocol.Rtsp;

namespace MediaActors.Protocol.Tests.Rtsp;

public sealed class SessionHeaderTests
{
    [Theory]
    [InlineData("12345678", "12345678", null)]
    [InlineData("12345678;timeout=60", "12345678", 60)]
    [InlineData(" abc ; Timeout = 30 ; x=y", "abc", 30)]
    public void Parses_id_and_timeout(string value, string id, int? timeout)
    {
        Assert.True(SessionHeader.TryParse(value, out var header));

        Assert.Equal(new SessionHeader(id, timeout), header);
    }

    [Theory]
    [InlineData("")]
    [InlineData(";timeout=60")]
    [InlineData("abc;timeout=soon")]
    [InlineData("a b")]
    public void Rejects_malformed_values(string value)
    {
        Assert.False(SessionHeader.TryParse(value, out var header));
        Assert.Null(header);
    }

    [Fact]
    public void Formats_with_and_without_timeout()
    {
        Assert.Equal("ABC;timeout=60", new SessionHeader("ABC", 60).ToString());
        Assert.Equal("ABC", new SessionHeader("ABC", null).ToString());
    }
}
