using MediaActors.Protocol.Auth;

namespace MediaActors.Protocol.Tests.Auth;

/// <summary>
/// Authorization headers captured from a real FFmpeg 5.1 (ffprobe rtsp://admin:s3cret@127.0.0.1:port/live/cam0)
/// against a stub server that sent this authenticator's challenges, with the nonce key fixed to
/// bytes 0..31 and the clock at 1e9 ticks so the nonces are reproducible.
/// </summary>
/// <remarks>
/// FFmpeg hashes the absolute request URI (the track URL in SETUP), echoes algorithm="MD5"
/// quoted, answers qop="auth" with quoted qop and cnonce and an unquoted nc, and on
/// stale=true retries the request with the new nonce.
/// </remarks>
public sealed class FfmpegInteropTests
{
    private const string Nonce = "000000003b9aca0071297345455c43c0e9142759a6fea821";
    private const string Url = "rtsp://127.0.0.1:18554/live/cam0";
    private const long IssuedAt = 1_000_000_000;

    private readonly ManualTimeProvider _time = new(IssuedAt);

    [Fact]
    public void The_nonce_is_the_timestamp_and_a_truncated_hmac_in_hex()
    {
        Assert.Equal(Nonce, DigestVectors.NonceOf(Create().Challenges()[0]));
    }

    [Theory]
    [InlineData("OPTIONS", Url, "660139a156d766e6a563baf174eb0484")]
    [InlineData("DESCRIBE", Url, "d5d55671717160fa6a0be85117c853b7")]
    [InlineData("SETUP", Url + "/trackID=0", "33af6203519c6778fe61e1ddc65e900c")]
    public void Accepts_ffmpeg_digest(string method, string uri, string response)
    {
        var header = $"Digest username=\"admin\", realm=\"MediaActors\", nonce=\"{Nonce}\", uri=\"{uri}\", response=\"{response}\", algorithm=\"MD5\"";

        Assert.Equal(AuthResult.Accepted, Create().Validate(method, uri, header));
    }

    [Theory]
    [InlineData("OPTIONS", Url, "6939a25aa6f00d75b6ec48701555a7b9", "c3660bd3e0b89838", "00000001")]
    [InlineData("DESCRIBE", Url, "07216bcf46e8b173da21a0f871408dba", "dce1bf67c9fb5b72", "00000002")]
    [InlineData("SETUP", Url + "/trackID=0", "3f4aacd6535c5bff47398be7975c7bd6", "40168c86c2739267", "00000003")]
    public void Accepts_ffmpeg_digest_with_qop_auth(string method, string uri, string response, string cnonce, string nc)
    {
        var header = $"Digest username=\"admin\", realm=\"MediaActors\", nonce=\"{Nonce}\", uri=\"{uri}\", response=\"{response}\", " +
            $"algorithm=\"MD5\", qop=\"auth\", cnonce=\"{cnonce}\", nc={nc}";

        Assert.Equal(AuthResult.Accepted, Create().Validate(method, uri, header));
    }

    [Fact]
    public void Accepts_ffmpeg_basic()
    {
        Assert.Equal(AuthResult.Accepted, Create().Validate("DESCRIBE", Url, "Basic YWRtaW46czNjcmV0"));
    }

    [Fact]
    public void Ffmpeg_recovers_from_a_stale_nonce()
    {
        const string staleUrl = "rtsp://127.0.0.1:18555/live/cam0";
        var authenticator = Create();
        _time.Advance(TimeSpan.FromSeconds(61));

        var first = $"Digest username=\"admin\", realm=\"MediaActors\", nonce=\"{Nonce}\", uri=\"{staleUrl}\", response=\"1063240f1d3fd20e42ad727ccc383975\", algorithm=\"MD5\"";
        Assert.Equal(AuthResult.Stale, authenticator.Validate("DESCRIBE", staleUrl, first));

        var renewed = DigestVectors.NonceOf(authenticator.Challenges(stale: true)[0]);
        Assert.Equal("000000005ff6a680e2f3118e2ae7906f0513b39570699cda", renewed);
        var retry = $"Digest username=\"admin\", realm=\"MediaActors\", nonce=\"{renewed}\", uri=\"{staleUrl}\", response=\"1834be7a8afe9a03e7d4798b74196f0d\", algorithm=\"MD5\"";
        Assert.Equal(AuthResult.Accepted, authenticator.Validate("DESCRIBE", staleUrl, retry));
    }

    private RtspAuthenticator Create() =>
        new(new RtspCredentials("admin", "s3cret"), "MediaActors", AuthenticationMethods.Digest | AuthenticationMethods.Basic, _time, null, [.. Enumerable.Range(0, 32).Select(i => (byte)i)]);
}
