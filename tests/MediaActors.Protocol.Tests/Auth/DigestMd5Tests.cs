using MediaActors.Protocol.Auth;

namespace MediaActors.Protocol.Tests.Auth;

/// <summary>Published known answers for the Digest computation itself.</summary>
public sealed class DigestMd5Tests
{
    [Fact]
    public void Rfc2617_example_mufasa_with_qop_auth()
    {
        var ha1 = DigestMd5.Ha1("Mufasa", "testrealm@host.com", "Circle Of Life");

        var response = DigestMd5.Response(ha1, "GET", "/dir/index.html", "dcd98b7102dd2f0e8b11d0f600bfb0c093", "auth", "00000001", "0a4f113b");

        Assert.Equal("6629fae49393a05397450978507c4ef1", response);
        Assert.Equal(
            DigestVectors.ResponseWithQop("Mufasa", "testrealm@host.com", "Circle Of Life", "GET", "/dir/index.html", "dcd98b7102dd2f0e8b11d0f600bfb0c093", "00000001", "0a4f113b"),
            response);
    }

    [Fact]
    public void Rfc7616_md5_example()
    {
        var ha1 = DigestMd5.Ha1("Mufasa", "http-auth@example.org", "Circle of Life");

        var response = DigestMd5.Response(
            ha1, "GET", "/dir/index.html", "7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v", "auth", "00000001", "f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ");

        Assert.Equal("8ca523f5e9506fed4657c9700eebdbec", response);
    }

    [Fact]
    public void Without_qop_matches_an_independent_computation()
    {
        var ha1 = DigestMd5.Ha1("admin", "MediaActors", "s3cret");

        var response = DigestMd5.Response(ha1, "DESCRIBE", "rtsp://10.0.0.2:8554/live", "0123abcd", null, null, null);

        Assert.Equal(DigestVectors.Response("admin", "MediaActors", "s3cret", "DESCRIBE", "rtsp://10.0.0.2:8554/live", "0123abcd"), response);
        Assert.Equal(DigestVectors.Md5Hex("admin:MediaActors:s3cret"), ha1);
    }

    [Theory]
    [InlineData(null, true)]
    [InlineData("MD5", true)]
    [InlineData("md5", true)]
    [InlineData("MD5-sess", false)]
    [InlineData("SHA-256", false)]
    public void Md5_is_named_or_implied(string? algorithm, bool expected)
    {
        Assert.Equal(expected, DigestMd5.IsMd5(algorithm));
    }
}
