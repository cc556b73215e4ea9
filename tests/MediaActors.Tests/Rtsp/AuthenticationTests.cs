using MediaActors.Configuration;
using MediaActors.Protocol.Auth;
using MediaActors.Testing;
using MediaActors.Tests.Infrastructure;

namespace MediaActors.Tests.Rtsp;

/// <summary>Basic and Digest authentication as a player meets it, including FFmpeg itself.</summary>
public sealed class AuthenticationTests
{
    private static readonly RtspCredentials Credentials = new("admin", "s3cret");

    private static RtspServerSettings WithAuthentication(AuthenticationMethods methods) =>
        LoopbackSettings.Rtsp with { Authentication = new AuthenticationSettings(Credentials, "MediaActors", methods) };

    [Fact]
    public async Task Without_credentials_every_request_but_options_gets_401_whether_the_stream_exists_or_not()
    {
        await using var server = await StreamingServer.StartAsync(settings: WithAuthentication(AuthenticationMethods.Digest | AuthenticationMethods.Basic));
        await using var client = await server.ConnectAsync();

        Assert.Equal(200, (await client.RequestAsync("OPTIONS", "*")).Status);
        var existing = await client.RequestAsync("DESCRIBE", server.Url);
        var missing = await client.RequestAsync("DESCRIBE", $"rtsp://127.0.0.1:{server.Server.Port}/no-such-stream");
        var setup = await client.RequestAsync("SETUP", server.Url + "/trackID=0", ("Transport", "RTP/AVP/TCP;unicast"));

        foreach (var response in new[] { existing, missing, setup })
        {
            Assert.Equal(401, response.Status);
            var challenges = response.HeaderValues("WWW-Authenticate").ToList();
            Assert.Equal(2, challenges.Count);
            Assert.StartsWith("Digest realm=\"MediaActors\"", challenges[0]);
            Assert.Equal("Basic realm=\"MediaActors\"", challenges[1]);
            Assert.Equal(existing.Body, response.Body);
        }
    }

    [Theory]
    [InlineData(AuthenticationMethods.Digest)]
    [InlineData(AuthenticationMethods.Basic)]
    public async Task The_right_credentials_are_accepted_and_wrong_ones_refused(AuthenticationMethods methods)
    {
        await using var server = await StreamingServer.StartAsync(settings: WithAuthentication(methods));
        await using var client = await server.ConnectAsync();
        var challenge = await client.RequestAsync("DESCRIBE", server.Url);
        Assert.Equal(401, challenge.Status);

        Assert.True(RtspAuthorizationSender.TryCreate(Credentials, [challenge.Header("WWW-Authenticate")!], out var sender));
        var described = await client.RequestAsync("DESCRIBE", server.Url, ("Authorization", sender!.Authorize("DESCRIBE", server.Url)));
        Assert.Equal(200, described.Status);

        Assert.True(RtspAuthorizationSender.TryCreate(Credentials with { Password = "guess" }, [challenge.Header("WWW-Authenticate")!], out var guesser));
        var refused = await client.RequestAsync("DESCRIBE", server.Url, ("Authorization", guesser!.Authorize("DESCRIBE", server.Url)));
        Assert.Equal(401, refused.Status);
    }

    [Theory]
    [InlineData(AuthenticationMethods.Digest)]
    [InlineData(AuthenticationMethods.Basic)]
    public async Task Ffprobe_plays_with_credentials_in_the_url(AuthenticationMethods methods)
    {
        await using var server = await StreamingServer.StartAsync(settings: WithAuthentication(methods));
        var url = server.Url.Replace("rtsp://", $"rtsp://{Credentials.User}:{Credentials.Password}@");

        Assert.Equal(new[] { "h264" }, await Ffprobe.CodecsAsync(url, "tcp"));
    }
}
