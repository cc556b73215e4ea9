using System.Text;
using MediaActors.Protocol.Auth;

namespace MediaActors.Protocol.Tests.Auth;

public sealed class AuthorizationHeaderTests
{
    [Fact]
    public void Parses_basic_credentials()
    {
        Assert.True(AuthorizationHeader.TryParse("Basic " + Base64("user:pa:ss word"), out var header));

        var basic = Assert.IsType<BasicAuthorization>(header);
        Assert.Equal((AuthenticationMethods.Basic, "user", "pa:ss word"), (basic.Method, basic.User, basic.Password));
    }

    [Theory]
    [InlineData("basic dXNlcjpwYXNz")]
    [InlineData("BASIC   dXNlcjpwYXNz  ")]
    public void Basic_scheme_is_case_insensitive_and_blanks_are_tolerated(string value)
    {
        Assert.True(AuthorizationHeader.TryParse(value, out var header));

        Assert.Equal("pass", Assert.IsType<BasicAuthorization>(header).Password);
    }

    [Theory]
    [InlineData("Basic")]
    [InlineData("Basic ")]
    [InlineData("Basic !!!!")]
    [InlineData("Basic dXNlcnBhc3M=")] // "userpass": no ':'
    [InlineData("Basic dXNlcjpwYXNz extra")]
    [InlineData("Basic realm=\"x\"")]
    [InlineData("Basic /w==")] // 0xFF: not UTF-8
    public void Rejects_malformed_basic(string value)
    {
        Assert.False(AuthorizationHeader.TryParse(value, out var header));
        Assert.Null(header);
    }

    [Fact]
    public void Parses_digest_with_every_field()
    {
        const string value = "Digest username=\"Mufasa\", realm=\"testrealm@host.com\", nonce=\"dcd98b7102dd2f0e8b11d0f600bfb0c093\", " +
            "uri=\"/dir/index.html\", qop=auth, nc=00000001, cnonce=\"0a4f113b\", response=\"6629fae49393a05397450978507c4ef1\", " +
            "opaque=\"5ccc069c403ebaf9f0171e9517f40e41\", algorithm=MD5";

        Assert.True(AuthorizationHeader.TryParse(value, out var header));

        var digest = Assert.IsType<DigestAuthorization>(header);
        Assert.Equal(AuthenticationMethods.Digest, digest.Method);
        Assert.Equal(
            ("Mufasa", "testrealm@host.com", "dcd98b7102dd2f0e8b11d0f600bfb0c093", "/dir/index.html", "6629fae49393a05397450978507c4ef1"),
            (digest.Username, digest.Realm, digest.Nonce, digest.Uri, digest.Response));
        Assert.Equal(
            ("MD5", "auth", "00000001", "0a4f113b", "5ccc069c403ebaf9f0171e9517f40e41"),
            (digest.Algorithm, digest.Qop, digest.NonceCount, digest.ClientNonce, digest.Opaque));
    }

    [Fact]
    public void Digest_without_optional_fields_leaves_them_null()
    {
        Assert.True(AuthorizationHeader.TryParse("Digest username=\"u\", realm=\"r\", nonce=\"n\", uri=\"rtsp://h/p\", response=\"x\"", out var header));

        var digest = Assert.IsType<DigestAuthorization>(header);
        Assert.Equal(((string?)null, (string?)null, (string?)null, (string?)null, (string?)null), (digest.Algorithm, digest.Qop, digest.NonceCount, digest.ClientNonce, digest.Opaque));
    }

    [Fact]
    public void Quoted_values_keep_commas_equals_and_escaped_quotes()
    {
        const string value = "Digest username=\"a \\\"quoted\\\" name\", realm=\"r, with comma=yes\", nonce=\"n\", uri=\"rtsp://h/p?a=1,b=2\", response=\"x\\\\y\"";

        Assert.True(AuthorizationHeader.TryParse(value, out var header));

        var digest = Assert.IsType<DigestAuthorization>(header);
        Assert.Equal(("a \"quoted\" name", "r, with comma=yes", "rtsp://h/p?a=1,b=2", "x\\y"), (digest.Username, digest.Realm, digest.Uri, digest.Response));
    }

    [Fact]
    public void Names_are_case_insensitive_values_may_be_unquoted_and_blanks_vary()
    {
        const string value = "dIgEsT  USERNAME = u ,Realm=\"r\",,  NONCE=n,\turi=rtsp://h:554/p/trackID=0 , Response=\"abc\", QOP=\"auth\", NC=00000002, CNonce=c ,";

        Assert.True(AuthorizationHeader.TryParse(value, out var header));

        var digest = Assert.IsType<DigestAuthorization>(header);
        Assert.Equal(("u", "r", "n", "rtsp://h:554/p/trackID=0", "abc"), (digest.Username, digest.Realm, digest.Nonce, digest.Uri, digest.Response));
        Assert.Equal(("auth", "00000002", "c"), (digest.Qop, digest.NonceCount, digest.ClientNonce));
    }

    [Theory]
    [InlineData("realm")]
    [InlineData("nonce")]
    [InlineData("uri")]
    [InlineData("response")]
    [InlineData("username")]
    public void Digest_without_a_required_field_is_rejected(string missing)
    {
        var fields = new Dictionary<string, string> { ["username"] = "u", ["realm"] = "r", ["nonce"] = "n", ["uri"] = "/p", ["response"] = "x" };
        fields.Remove(missing);

        Assert.False(AuthorizationHeader.TryParse("Digest " + string.Join(", ", fields.Select(f => $"{f.Key}=\"{f.Value}\"")), out _));
    }

    [Theory]
    [InlineData(", nc=00000001")]
    [InlineData(", cnonce=\"c\"")]
    [InlineData("")]
    public void Digest_with_qop_needs_nc_and_cnonce(string extra)
    {
        Assert.False(AuthorizationHeader.TryParse("Digest username=\"u\", realm=\"r\", nonce=\"n\", uri=\"/p\", response=\"x\", qop=auth" + extra, out _));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("Digest")]
    [InlineData("Bearer abc")]
    [InlineData("NTLM TlRMTVNTUAAB")]
    [InlineData("username=\"u\"")]
    [InlineData("Digest username=\"u, realm=\"r\", nonce=\"n\", uri=\"/p\", response=\"x")] // unterminated quote
    [InlineData("Digest username=\"u\" realm=\"r\", nonce=\"n\", uri=\"/p\", response=\"x\"")] // missing comma
    [InlineData("Digest username=\"u\", username=\"v\", realm=\"r\", nonce=\"n\", uri=\"/p\", response=\"x\"")] // duplicate
    [InlineData("Digest username=, realm=\"r\", nonce=\"n\", uri=\"/p\", response=\"x\"")] // empty unquoted value
    [InlineData("Digest username=u v, realm=\"r\", nonce=\"n\", uri=\"/p\", response=\"x\"")]
    [InlineData("Digest username=\"u\", realm=\"r\", nonce=\"n\", uri=\"/p\", response=\"x\\")] // trailing escape
    [InlineData("Digest username=\"u\", realm=\"r\", nonce=\"n\", uri=\"/p\", response=\"x\", Basic dXNlcjpwYXNz")] // two schemes
    [InlineData("Digest foo bar")]
    [InlineData("Digest username=\"u\r\nX-Injected: 1\", realm=\"r\", nonce=\"n\", uri=\"/p\", response=\"x\"")]
    [InlineData("Digest username=\"u\0\", realm=\"r\", nonce=\"n\", uri=\"/p\", response=\"x\"")]
    [InlineData("\"Digest\" username=\"u\"")]
    [InlineData("=")]
    [InlineData(",,,")]
    public void Rejects_garbage(string value)
    {
        Assert.False(AuthorizationHeader.TryParse(value, out var header));
        Assert.Null(header);
    }

    [Fact]
    public void Rejects_null()
    {
        Assert.False(AuthorizationHeader.TryParse(null!, out _));
    }

    [Fact]
    public void Rejects_values_over_the_length_bound()
    {
        string padding = new('a', AuthorizationHeader.MaxLength);
        var huge = $"Digest username=\"{padding}\", realm=\"r\", nonce=\"n\", uri=\"/p\", response=\"x\"";
        var fits = $"Digest username=\"{padding[..(AuthorizationHeader.MaxLength - 200)]}\", realm=\"r\", nonce=\"n\", uri=\"/p\", response=\"x\"";

        Assert.False(AuthorizationHeader.TryParse(huge, out _));
        Assert.False(AuthorizationHeader.TryParse("Basic " + Base64("u:" + padding), out _));
        Assert.True(AuthorizationHeader.TryParse(fits, out _));
    }

    [Fact]
    public void Rejects_too_many_parameters()
    {
        var many = string.Join(", ", Enumerable.Range(0, 40).Select(i => $"x{i}=1"));

        Assert.False(AuthorizationHeader.TryParse($"Digest username=\"u\", realm=\"r\", nonce=\"n\", uri=\"/p\", response=\"x\", {many}", out _));
    }

    [Fact]
    public void Random_input_never_throws()
    {
        var random = new Random(7616);
        const string alphabet = "Digest Basic username realm nonce uri response=\",\\ \t:/aZ09+=\r\n\0é";
        const string seed = "Digest username=\"u\", realm=\"r\", nonce=\"n\", uri=\"rtsp://h/p\", response=\"x\", qop=auth, nc=1, cnonce=\"c\"";
        for (var i = 0; i < 20000; i++)
        {
            var text = new StringBuilder(i % 2 == 0 ? seed : string.Empty);
            for (var m = random.Next(1, 12); m > 0; m--)
            {
                var at = random.Next(text.Length + 1);
                if (random.Next(3) == 0 && text.Length > 0)
                {
                    text.Remove(Math.Min(at, text.Length - 1), 1);
                }
                else
                {
                    text.Insert(at, alphabet[random.Next(alphabet.Length)]);
                }
            }

            var parsed = AuthorizationHeader.TryParse(text.ToString(), out var header);

            Assert.Equal(parsed, header is not null);
        }
    }

    private static string Base64(string text) => Convert.ToBase64String(Encoding.UTF8.GetBytes(text));
}
