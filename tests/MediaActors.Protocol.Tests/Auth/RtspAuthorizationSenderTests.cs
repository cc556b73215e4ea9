using System.Text;
using MediaActors.Protocol.Auth;

namespace MediaActors.Protocol.Tests.Auth;

public sealed class RtspAuthorizationSenderTests
{
    private const string Url = "rtsp://127.0.0.1:8554/live";
    private static readonly RtspCredentials Credentials = new("user", "pass:word");

    [Fact]
    public void Prefers_digest_whatever_the_order()
    {
        Assert.True(RtspAuthorizationSender.TryCreate(Credentials, ["Basic realm=\"r\"", "Digest realm=\"r\", nonce=\"n\""], out var sender));

        Assert.Equal(AuthenticationMethods.Digest, sender!.Method);
    }

    [Fact]
    public void Finds_digest_among_several_challenges_in_one_value()
    {
        Assert.True(RtspAuthorizationSender.TryCreate(Credentials, ["Basic realm=\"a, b\", Digest realm=\"r\", nonce=\"n\", algorithm=MD5"], out var sender));

        Assert.Equal(AuthenticationMethods.Digest, sender!.Method);
    }

    [Fact]
    public void Falls_back_to_basic()
    {
        Assert.True(RtspAuthorizationSender.TryCreate(Credentials, ["Digest realm=\"r\", nonce=\"n\", algorithm=SHA-256", "Basic realm=\"r\""], out var sender));

        Assert.Equal(AuthenticationMethods.Basic, sender!.Method);
        Assert.Equal("Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("user:pass:word")), sender.Authorize("DESCRIBE", Url));
    }

    [Fact]
    public void Skips_values_that_do_not_parse()
    {
        Assert.True(RtspAuthorizationSender.TryCreate(Credentials, ["Digest realm=\"unterminated", "Digest realm=\"r\", nonce=\"n\""], out var sender));

        Assert.Equal(AuthenticationMethods.Digest, sender!.Method);
    }

    [Theory]
    [InlineData()]
    [InlineData("")]
    [InlineData("Bearer realm=\"r\"")]
    [InlineData("Digest realm=\"r\"")]
    [InlineData("Digest nonce=\"n\"")]
    [InlineData("Digest realm=\"r\", nonce=\"n\", algorithm=SHA-256")]
    [InlineData("Digest realm=\"r\", nonce=\"n\", algorithm=MD5-sess")]
    [InlineData("Digest realm=\"r\", nonce=\"n\", qop=\"auth-int\"")]
    [InlineData("garbage ,,, \"")]
    public void Reports_no_usable_challenge(params string[] values)
    {
        Assert.False(RtspAuthorizationSender.TryCreate(Credentials, values, out var sender));
        Assert.Null(sender);
    }

    [Fact]
    public void Basic_cannot_carry_a_user_with_a_colon()
    {
        Assert.False(RtspAuthorizationSender.TryCreate(new RtspCredentials("a:b", "p"), ["Basic realm=\"r\""], out _));
    }

    [Fact]
    public void Digest_without_qop_is_the_plain_ffmpeg_form()
    {
        Assert.True(RtspAuthorizationSender.TryCreate(Credentials, ["Digest realm=\"r\", nonce=\"abc\""], out var sender));

        var value = sender!.Authorize("DESCRIBE", Url);

        var response = DigestVectors.Response("user", "r", "pass:word", "DESCRIBE", Url, "abc");
        Assert.Equal($"Digest username=\"user\", realm=\"r\", nonce=\"abc\", uri=\"{Url}\", response=\"{response}\"", value);
    }

    [Fact]
    public void Digest_with_qop_auth_counts_requests_and_echoes_opaque_and_algorithm()
    {
        Assert.True(RtspAuthorizationSender.TryCreate(Credentials, ["Digest realm=\"r\", nonce=\"abc\", qop=\"auth,auth-int\", opaque=\"op\", algorithm=MD5"], out var sender));

        var first = Parse(sender!.Authorize("OPTIONS", Url));
        var second = Parse(sender.Authorize("DESCRIBE", Url));

        Assert.Equal(("auth", "00000001", "00000002"), (first.Qop, first.NonceCount, second.NonceCount));
        Assert.Equal(("op", "MD5"), (first.Opaque, first.Algorithm));
        Assert.Equal(first.ClientNonce, second.ClientNonce);
        Assert.Equal(
            DigestVectors.ResponseWithQop("user", "r", "pass:word", "DESCRIBE", Url, "abc", "00000002", second.ClientNonce!),
            second.Response);
    }

    [Fact]
    public void Quotes_and_backslashes_in_values_are_escaped()
    {
        var credentials = new RtspCredentials("a\"b\\c", "p");
        Assert.True(RtspAuthorizationSender.TryCreate(credentials, ["Digest realm=\"r\", nonce=\"n\""], out var sender));

        var digest = Parse(sender!.Authorize("DESCRIBE", Url));

        Assert.Equal("a\"b\\c", digest.Username);
    }

    [Fact]
    public void Rejects_a_method_that_is_not_a_token()
    {
        Assert.True(RtspAuthorizationSender.TryCreate(Credentials, ["Basic realm=\"r\""], out var sender));

        Assert.Throws<ArgumentException>(() => sender!.Authorize("DESC RIBE", Url));
    }

    [Theory]
    [InlineData(AuthenticationMethods.Digest | AuthenticationMethods.Basic, AuthenticationMethods.Digest)]
    [InlineData(AuthenticationMethods.Digest, AuthenticationMethods.Digest)]
    [InlineData(AuthenticationMethods.Basic, AuthenticationMethods.Basic)]
    public void Round_trips_through_the_authenticator(AuthenticationMethods offered, AuthenticationMethods chosen)
    {
        var credentials = new RtspCredentials("ad\"min", "p ä:ss");
        var authenticator = new RtspAuthenticator(credentials, "Cam Realm", offered);

        Assert.True(RtspAuthorizationSender.TryCreate(credentials, authenticator.Challenges(), out var sender));

        Assert.Equal(chosen, sender!.Method);
        foreach (var (method, uri) in new[] { ("OPTIONS", Url), ("DESCRIBE", Url), ("SETUP", Url + "/trackID=0"), ("PLAY", Url + "/"), ("GET_PARAMETER", Url + "/") })
        {
            Assert.Equal(AuthResult.Accepted, authenticator.Validate(method, uri, sender.Authorize(method, uri)));
        }
    }

    [Fact]
    public void Round_trips_with_qop_auth()
    {
        var authenticator = new RtspAuthenticator(Credentials, "r", AuthenticationMethods.Digest);
        var challenge = authenticator.Challenges()[0] + ", qop=\"auth\"";

        Assert.True(RtspAuthorizationSender.TryCreate(Credentials, [challenge], out var sender));

        Assert.Equal(AuthResult.Accepted, authenticator.Validate("DESCRIBE", Url, sender!.Authorize("DESCRIBE", Url)));
        Assert.Equal(AuthResult.Accepted, authenticator.Validate("SETUP", Url + "/trackID=0", sender.Authorize("SETUP", Url + "/trackID=0")));
    }

    [Fact]
    public void Wrong_password_is_invalid_and_a_stale_nonce_recovers_with_a_new_challenge()
    {
        var time = new ManualTimeProvider();
        var authenticator = new RtspAuthenticator(Credentials, "r", AuthenticationMethods.Digest, time);
        Assert.True(RtspAuthorizationSender.TryCreate(new RtspCredentials("user", "nope"), authenticator.Challenges(), out var wrong));
        Assert.True(RtspAuthorizationSender.TryCreate(Credentials, authenticator.Challenges(), out var right));
        Assert.Equal(AuthResult.Invalid, authenticator.Validate("DESCRIBE", Url, wrong!.Authorize("DESCRIBE", Url)));

        time.Advance(TimeSpan.FromMinutes(2));
        Assert.Equal(AuthResult.Stale, authenticator.Validate("GET_PARAMETER", Url, right!.Authorize("GET_PARAMETER", Url)));

        var staleChallenges = authenticator.Challenges(stale: true);
        Assert.True(RtspAuthorizationSender.TryCreate(Credentials, staleChallenges, out var renewed));
        Assert.Equal(AuthResult.Accepted, authenticator.Validate("GET_PARAMETER", Url, renewed!.Authorize("GET_PARAMETER", Url)));
    }

    private static DigestAuthorization Parse(string value)
    {
        Assert.True(AuthorizationHeader.TryParse(value, out var header));
        return Assert.IsType<DigestAuthorization>(header);
    }
}
