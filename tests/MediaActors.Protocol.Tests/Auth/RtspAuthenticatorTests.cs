using System.Text;
using System.Text.RegularExpressions;
using MediaActors.Protocol.Auth;

namespace MediaActors.Protocol.Tests.Auth;

public sealed class RtspAuthenticatorTests
{
    private const string User = "admin";
    private const string Password = "s3cr:et pass";
    private const string Realm = "MediaActors";
    private const string Url = "rtsp://10.0.0.2:8554/live/cam0";

    private readonly ManualTimeProvider _time = new(startTimestamp: 123_456_789);

    [Fact]
    public void Challenges_offer_digest_md5_first_then_basic()
    {
        var challenges = Create().Challenges();

        Assert.Equal(2, challenges.Count);
        Assert.Matches(new Regex("^Digest realm=\"MediaActors\", nonce=\"[0-9a-f]{48}\", algorithm=MD5$"), challenges[0]);
        Assert.Equal("Basic realm=\"MediaActors\"", challenges[1]);
    }

    [Fact]
    public void Challenges_follow_the_offered_methods_and_mark_stale()
    {
        Assert.StartsWith("Basic ", Assert.Single(Create(AuthenticationMethods.Basic).Challenges()), StringComparison.Ordinal);
        var digest = Assert.Single(Create(AuthenticationMethods.Digest).Challenges(stale: true));

        Assert.StartsWith("Digest ", digest, StringComparison.Ordinal);
        Assert.EndsWith(", algorithm=MD5, stale=true", digest, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  ")]
    public void No_header_is_missing(string? value)
    {
        Assert.Equal(AuthResult.Missing, Create().Validate("DESCRIBE", Url, value));
    }

    [Fact]
    public void Accepts_a_digest_response_computed_independently()
    {
        var authenticator = Create();
        var nonce = NonceFrom(authenticator);
        var response = DigestVectors.Response(User, Realm, Password, "DESCRIBE", Url, nonce);

        Assert.Equal(AuthResult.Accepted, authenticator.Validate("DESCRIBE", Url, DigestVectors.Header(User, Realm, nonce, Url, response)));
    }

    [Fact]
    public void Accepts_digest_with_qop_auth_algorithm_and_opaque()
    {
        var authenticator = Create();
        var nonce = NonceFrom(authenticator);
        var response = DigestVectors.ResponseWithQop(User, Realm, Password, "SETUP", Url + "/trackID=0", nonce, "00000003", "deadbeef");
        var header = $"Digest username=\"{User}\", realm=\"{Realm}\", nonce=\"{nonce}\", uri=\"{Url}/trackID=0\", response=\"{response}\", " +
            "algorithm=\"MD5\", qop=\"auth\", nc=00000003, cnonce=\"deadbeef\", opaque=\"ignored\"";

        Assert.Equal(AuthResult.Accepted, authenticator.Validate("SETUP", Url + "/trackID=0", header));
    }

    [Fact]
    public void Accepts_an_upper_case_response()
    {
        var authenticator = Create();
        var nonce = NonceFrom(authenticator);
        var response = DigestVectors.Response(User, Realm, Password, "PLAY", Url, nonce).ToUpperInvariant();

        Assert.Equal(AuthResult.Accepted, authenticator.Validate("PLAY", Url, DigestVectors.Header(User, Realm, nonce, Url, response)));
    }

    [Theory]
    [InlineData("other", Realm, Password, "DESCRIBE")]
    [InlineData("Admin", Realm, Password, "DESCRIBE")]
    [InlineData(User, Realm, "wrong", "DESCRIBE")]
    [InlineData(User, Realm, "", "DESCRIBE")]
    [InlineData(User, "OtherRealm", Password, "DESCRIBE")]
    [InlineData(User, Realm, Password, "SETUP")] // hashed for another method
    public void Rejects_wrong_user_password_realm_or_method(string user, string realm, string password, string hashedMethod)
    {
        var authenticator = Create();
        var nonce = NonceFrom(authenticator);
        var response = DigestVectors.Response(user, realm, password, hashedMethod, Url, nonce);

        Assert.Equal(AuthResult.Invalid, authenticator.Validate("DESCRIBE", Url, DigestVectors.Header(user, realm, nonce, Url, response)));
    }

    [Fact]
    public void Rejects_forged_and_foreign_nonces()
    {
        var authenticator = Create();
        var genuine = NonceFrom(authenticator);
        var otherInstance = NonceFrom(Create());
        var flipped = genuine[5] == '0' ? '1' : '0';
        var backdated = genuine[..5] + flipped + genuine[6..];
        string[] nonces = [otherInstance, backdated, new string('0', 48), genuine[..^2], genuine + "00", "g" + genuine[1..], "", "dcd98b7102dd2f0e8b11d0f600bfb0c093"];

        foreach (var nonce in nonces)
        {
            var response = DigestVectors.Response(User, Realm, Password, "DESCRIBE", Url, nonce);
            Assert.Equal(AuthResult.Invalid, authenticator.Validate("DESCRIBE", Url, DigestVectors.Header(User, Realm, nonce, Url, response)));
        }
    }

    [Fact]
    public void A_nonce_goes_stale_after_its_lifetime()
    {
        var authenticator = Create(nonceLifetime: TimeSpan.FromSeconds(30));
        var nonce = NonceFrom(authenticator);
        var header = DigestVectors.Header(User, Realm, nonce, Url, DigestVectors.Response(User, Realm, Password, "OPTIONS", Url, nonce));
        var wrongPassword = DigestVectors.Header(User, Realm, nonce, Url, DigestVectors.Response(User, Realm, "wrong", "OPTIONS", Url, nonce));

        _time.Advance(TimeSpan.FromSeconds(30));
        Assert.Equal(AuthResult.Accepted, authenticator.Validate("OPTIONS", Url, header));

        _time.Advance(TimeSpan.FromTicks(1));
        Assert.Equal(AuthResult.Stale, authenticator.Validate("OPTIONS", Url, header));
        Assert.Equal(AuthResult.Invalid, authenticator.Validate("OPTIONS", Url, wrongPassword));
    }

    [Fact]
    public void The_default_lifetime_is_sixty_seconds_and_a_fresh_nonce_works_again()
    {
        var authenticator = Create();
        var old = NonceFrom(authenticator);
        _time.Advance(TimeSpan.FromSeconds(61));
        var fresh = NonceFrom(authenticator);

        Assert.Equal(AuthResult.Stale, authenticator.Validate("PLAY", Url, DigestVectors.Header(User, Realm, old, Url, DigestVectors.Response(User, Realm, Password, "PLAY", Url, old))));
        Assert.Equal(AuthResult.Accepted, authenticator.Validate("PLAY", Url, DigestVectors.Header(User, Realm, fresh, Url, DigestVectors.Response(User, Realm, Password, "PLAY", Url, fresh))));
        Assert.Equal(TimeSpan.FromSeconds(60), RtspAuthenticator.DefaultNonceLifetime);
    }

    [Theory]
    [InlineData("SHA-256")]
    [InlineData("MD5-sess")]
    public void Rejects_other_digest_algorithms(string algorithm)
    {
        var authenticator = Create();
        var nonce = NonceFrom(authenticator);
        var header = DigestVectors.Header(User, Realm, nonce, Url, DigestVectors.Response(User, Realm, Password, "DESCRIBE", Url, nonce)) + $", algorithm={algorithm}";

        Assert.Equal(AuthResult.Invalid, authenticator.Validate("DESCRIBE", Url, header));
    }

    [Fact]
    public void Rejects_qop_auth_int()
    {
        var authenticator = Create();
        var nonce = NonceFrom(authenticator);
        var header = DigestVectors.Header(User, Realm, nonce, Url, "0") + ", qop=auth-int, nc=00000001, cnonce=\"c\"";

        Assert.Equal(AuthResult.Invalid, authenticator.Validate("DESCRIBE", Url, header));
    }

    [Fact]
    public void Accepts_basic_with_the_password_split_at_the_first_colon()
    {
        Assert.Equal(AuthResult.Accepted, Create().Validate("DESCRIBE", Url, Basic($"{User}:{Password}")));
    }

    [Theory]
    [InlineData("admin:wrong")]
    [InlineData("admin:s3cr")]
    [InlineData("admin:s3cr:et pass ")]
    [InlineData("Admin:s3cr:et pass")]
    [InlineData("admi:ns3cr:et pass")]
    [InlineData(":")]
    public void Rejects_wrong_basic_credentials(string userAndPassword)
    {
        Assert.Equal(AuthResult.Invalid, Create().Validate("DESCRIBE", Url, Basic(userAndPassword)));
    }

    [Fact]
    public void Rejects_a_scheme_that_was_not_offered()
    {
        var digestOnly = Create(AuthenticationMethods.Digest);
        var basicOnly = Create(AuthenticationMethods.Basic);
        var nonce = NonceFrom(digestOnly);
        var digest = DigestVectors.Header(User, Realm, nonce, Url, DigestVectors.Response(User, Realm, Password, "DESCRIBE", Url, nonce));

        Assert.Equal(AuthResult.Invalid, digestOnly.Validate("DESCRIBE", Url, Basic($"{User}:{Password}")));
        Assert.Equal(AuthResult.Invalid, basicOnly.Validate("DESCRIBE", Url, digest));
        Assert.Equal(AuthResult.Accepted, digestOnly.Validate("DESCRIBE", Url, digest));
    }

    [Theory]
    [InlineData("rtsp://10.0.0.2:8554/live/cam0", "rtsp://10.0.0.2:8554/live/cam0", true)]
    [InlineData("rtsp://10.0.0.2:8554/live/cam0/", "rtsp://10.0.0.2:8554/live/cam0", true)]
    [InlineData("rtsp://10.0.0.2:8554/live/cam0", "rtsp://10.0.0.2:8554/live/cam0/", true)]
    [InlineData("rtsp://10.0.0.2:8554/live/cam0", "/live/cam0", true)]
    [InlineData("/live/cam0", "rtsp://10.0.0.2:8554/live/cam0", true)]
    [InlineData("rtsp://CAMERA.local:8554/live/cam0", "rtsp://camera.local:8554/live/cam0", true)]
    [InlineData("rtsp://10.0.0.2:8554/live/cam%30", "rtsp://10.0.0.2:8554/live/cam0", true)]
    [InlineData("rtsp://10.0.0.2:8554/live/cam0/trackID=1", "rtsp://10.0.0.2:8554/live/cam0/", true)] // VLC hashes the base URL in SETUP
    [InlineData("rtsp://10.0.0.2:8554/live/cam0/trackID=1", "rtsp://10.0.0.2:8554/live/cam0", true)]
    [InlineData("rtsp://10.0.0.2:8554/live/cam0?token=1/trackID=0", "rtsp://10.0.0.2:8554/live/cam0?token=1", true)]
    [InlineData("rtsp://10.0.0.2:8554/live/cam0/trackID=0?token=1", "rtsp://10.0.0.2:8554/live/cam0?token=1", true)]
    [InlineData("*", "*", true)]
    [InlineData("rtsp://10.0.0.2:8554/live/cam0", "rtsp://10.0.0.2:8554/live/cam1", false)]
    [InlineData("rtsp://10.0.0.2:8554/live/cam0", "rtsp://10.0.0.2:8554/live", false)]
    [InlineData("rtsp://10.0.0.2:8554/live/cam0", "rtsp://10.0.0.3:8554/live/cam0", false)]
    [InlineData("rtsp://10.0.0.2:8554/live/cam0", "rtsp://10.0.0.2:554/live/cam0", false)]
    [InlineData("rtsp://10.0.0.2:8554/live/cam0", "rtsps://10.0.0.2:8554/live/cam0", false)]
    [InlineData("rtsp://10.0.0.2:8554/live/cam0?token=1", "rtsp://10.0.0.2:8554/live/cam0?token=2", false)]
    [InlineData("rtsp://10.0.0.2:8554/live/cam0?token=1/trackID=0", "rtsp://10.0.0.2:8554/live/cam0", false)]
    [InlineData("rtsp://10.0.0.2:8554/live/cam0/trackID=0", "rtsp://10.0.0.2:8554/live/cam0/trackID=1", false)]
    [InlineData("rtsp://10.0.0.2:8554/live/cam0", "rtsp://10.0.0.2:8554/live/cam0/trackID=0", false)]
    [InlineData("rtsp://10.0.0.2:8554/live/cam0", "*", false)]
    [InlineData("*", "rtsp://10.0.0.2:8554/live/cam0", false)]
    [InlineData("rtsp://10.0.0.2:8554/live/cam0", "http://10.0.0.2:8554/live/cam0", false)]
    public void The_hashed_uri_must_name_the_requested_resource(string requestUri, string digestUri, bool accepted)
    {
        var authenticator = Create();
        var nonce = NonceFrom(authenticator);
        var response = DigestVectors.Response(User, Realm, Password, "SETUP", digestUri, nonce);

        var result = authenticator.Validate("SETUP", requestUri, DigestVectors.Header(User, Realm, nonce, digestUri, response));

        Assert.Equal(accepted ? AuthResult.Accepted : AuthResult.Invalid, result);
    }

    [Fact]
    public void Garbage_headers_are_invalid_and_never_throw()
    {
        var authenticator = Create();
        var random = new Random(2617);
        var nonce = NonceFrom(authenticator);
        var valid = DigestVectors.Header(User, Realm, nonce, Url, DigestVectors.Response(User, Realm, Password, "DESCRIBE", Url, nonce));
        for (var i = 0; i < 5000; i++)
        {
            var chars = valid.ToCharArray();
            for (var m = random.Next(1, 4); m > 0; m--)
            {
                chars[random.Next(chars.Length)] = (char)random.Next(0, 256);
            }

            var result = authenticator.Validate("DESCRIBE", Url, new string(chars));

            Assert.NotEqual(AuthResult.Stale, result);
        }

        Assert.Equal(AuthResult.Invalid, authenticator.Validate("DESCRIBE", Url, "Digest " + new string('x', 100_000)));
        Assert.Equal(AuthResult.Invalid, authenticator.Validate("DESCRIBE", Url, "\u0000\u00ff\ud800"));
        Assert.Equal(AuthResult.Invalid, authenticator.Validate("", "", "Basic"));
    }

    [Fact]
    public void Rejects_unusable_configuration()
    {
        var credentials = new RtspCredentials(User, Password);

        Assert.Throws<ArgumentException>(() => new RtspAuthenticator(credentials, Realm, AuthenticationMethods.None));
        Assert.Throws<ArgumentException>(() => new RtspAuthenticator(credentials, "a\"b", AuthenticationMethods.Digest));
        Assert.Throws<ArgumentException>(() => new RtspAuthenticator(credentials, "a\\b", AuthenticationMethods.Digest));
        Assert.Throws<ArgumentException>(() => new RtspAuthenticator(credentials, "", AuthenticationMethods.Digest));
        Assert.Throws<ArgumentException>(() => new RtspAuthenticator(new RtspCredentials("a:b", "p"), Realm, AuthenticationMethods.Basic));
        Assert.Throws<ArgumentException>(() => new RtspAuthenticator(new RtspCredentials("a\nb", "p"), Realm, AuthenticationMethods.Digest));
        Assert.Throws<ArgumentOutOfRangeException>(() => new RtspAuthenticator(credentials, Realm, AuthenticationMethods.Digest, nonceLifetime: TimeSpan.Zero));
    }

    [Fact]
    public void Digest_only_accepts_a_user_name_with_a_colon()
    {
        var credentials = new RtspCredentials("a:b", Password);
        var authenticator = new RtspAuthenticator(credentials, Realm, AuthenticationMethods.Digest);

        Assert.True(RtspAuthorizationSender.TryCreate(credentials, authenticator.Challenges(), out var sender));
        Assert.Equal(AuthResult.Accepted, authenticator.Validate("DESCRIBE", Url, sender!.Authorize("DESCRIBE", Url)));
    }

    [Fact]
    public void Credentials_do_not_print_the_password()
    {
        Assert.DoesNotContain(Password, new RtspCredentials(User, Password).ToString(), StringComparison.Ordinal);
    }

    private RtspAuthenticator Create(AuthenticationMethods methods = AuthenticationMethods.Basic | AuthenticationMethods.Digest, TimeSpan? nonceLifetime = null) =>
        new(new RtspCredentials(User, Password), Realm, methods, _time, nonceLifetime);

    private static string NonceFrom(RtspAuthenticator authenticator) => DigestVectors.NonceOf(authenticator.Challenges()[0]);

    private static string Basic(string userAndPassword) => "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes(userAndPassword));
}
