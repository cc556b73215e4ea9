using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using MediaActors.Testing.Peers;
using MediaActors.Tests.Infrastructure;
using MediaActors.Tests.Web;

namespace MediaActors.Tests.Api;

/// <summary>
/// POST and DELETE /api/v1/sessions on a real serve: a session pulled from a real camera
/// (gst-rtsp-server) appears, plays in ffprobe and ends; bad requests are 400, taken names 409,
/// the node's own camera session 409.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class SessionLifecycleApiTests
{
    private static readonly string[] Stream = ["--width", "320", "--height", "240"];

    [Fact(Timeout = 120_000)]
    public async Task A_pulled_camera_becomes_a_playable_session_and_delete_ends_it()
    {
        await using var camera = await GstRtspCamera.StartAsync(new GstCameraOptions());
        await using var host = await WebHost.StartAsync(Stream);

        var created = await host.Http.PostJsonAsync("/api/v1/sessions", new { name = "cams/yard", url = camera.Url });

        Assert.Equal(HttpStatusCode.Accepted, created.StatusCode);
        Assert.Equal("/api/v1/sessions/cams%2Fyard", created.Headers.Location?.OriginalString);
        var accepted = await created.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(("cams/yard", "connecting"), (accepted.String("name"), accepted.String("state")));

        // Listed at once, connecting (or already playing), then playing with the camera's picture.
        var first = (await host.Http.GetJsonAsync("/api/v1/sessions")).EnumerateArray().Find("name", "cams/yard");
        Assert.True(first is not null);
        Assert.Equal("pull", first.Value.GetProperty("source").String("kind"));
        Assert.Contains(first.Value.GetProperty("source").String("state"), new[] { "connecting", "playing" });
        Assert.Equal(camera.Url, first.Value.GetProperty("source").String("description"));
        var playing = (await ApiCalls.UntilAsync(() => host.Http.GetJsonOrNullAsync("/api/v1/sessions/cams%2Fyard"),
            session => session?.GetProperty("source").String("state") == "playing" && session.Value.GetProperty("video").GetProperty("framesPerSecond").GetDouble() > 0,
            TimeSpan.FromSeconds(20), "the pulled session playing"))!.Value;
        var video = playing.GetProperty("video");
        Assert.Equal(("H264", 640, 360), (video.String("codec"), video.GetProperty("width").GetInt32(), video.GetProperty("height").GetInt32()));
        Assert.Equal(host.Serve.UrlOf("cams/yard"), playing.GetProperty("urls").String("rtsp"));

        var streams = await Ffprobe.StreamsAsync(host.Serve.UrlOf("cams/yard"), "tcp");
        Assert.Equal(("h264", 640, 360), (Assert.Single(streams).CodecName, streams[0].Width, streams[0].Height));

        await using var player = await PlayingClient.PlayTcpAsync(host.Serve.Port, host.Serve.UrlOf("cams/yard"));
        await player.ReceivesAsync(20, TimeSpan.FromSeconds(10));

        Assert.Equal(HttpStatusCode.NoContent, (await host.Http.DeleteAsync("/api/v1/sessions/cams%2Fyard")).StatusCode);

        // Its player is told and let go; the session is gone, and so is its source.
        await ApiCalls.UntilAsync(() => Task.FromResult(player.Closed), closed => closed, TimeSpan.FromSeconds(5), "the player's connection closing");
        Assert.Equal(1, player.Goodbyes);
        await ApiCalls.ProblemAsync(await host.Http.GetAsync("/api/v1/sessions/cams%2Fyard"), HttpStatusCode.NotFound);
        Assert.Equal(["test"], (await host.Http.GetJsonAsync("/api/v1/sessions")).EnumerateArray().Select(session => session.String("name")));
        await ApiCalls.ProblemAsync(await host.Http.DeleteAsync("/api/v1/sessions/cams%2Fyard"), HttpStatusCode.NotFound);

        // The name is free again.
        Assert.Equal(HttpStatusCode.Accepted, (await host.Http.PostJsonAsync("/api/v1/sessions", new { name = "cams/yard", url = camera.Url })).StatusCode);
    }

    [Fact(Timeout = 90_000)]
    public async Task A_camera_not_reached_is_listed_with_its_error_and_can_be_deleted()
    {
        await using var host = await WebHost.StartAsync(Stream);
        // Nothing listens there.
        var port = ServeProcess.FreeTcpPort();
        var url = $"rtsp://admin:secret@127.0.0.1:{port}/cam";

        var created = await host.Http.PostJsonAsync("/api/v1/sessions", new { name = "away", url });
        Assert.Equal(HttpStatusCode.Accepted, created.StatusCode);
        Assert.DoesNotContain("secret", await created.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var away = await ApiCalls.UntilAsync(
            async () => (await host.Http.GetJsonAsync("/api/v1/sessions")).EnumerateArray().Find("name", "away"),
            session => session?.GetProperty("source").GetProperty("lastError").ValueKind == JsonValueKind.String,
            TimeSpan.FromSeconds(15), "the unreachable camera's error listed");
        var source = away!.Value.GetProperty("source");
        Assert.Equal("pull", source.String("kind"));
        Assert.Contains(source.String("state"), new[] { "connecting", "retrying" });
        // The camera's credentials are not shown.
        Assert.Equal($"rtsp://127.0.0.1:{port}/cam", source.String("description"));
        Assert.Equal(JsonValueKind.Null, away.Value.GetProperty("video").ValueKind);
        Assert.Equal(0, away.Value.GetProperty("readers").GetProperty("total").GetInt32());
        // It has no session yet: only the list shows it.
        await ApiCalls.ProblemAsync(await host.Http.GetAsync("/api/v1/sessions/away"), HttpStatusCode.NotFound);

        Assert.Equal(HttpStatusCode.NoContent, (await host.Http.DeleteAsync("/api/v1/sessions/away")).StatusCode);
        Assert.Equal(["test"], (await host.Http.GetJsonAsync("/api/v1/sessions")).EnumerateArray().Select(session => session.String("name")));
    }

    [Fact(Timeout = 90_000)]
    public async Task Bad_requests_are_400_taken_names_409_and_the_own_camera_session_cannot_be_deleted()
    {
        await using var host = await WebHost.StartAsync(Stream);
        var camera = $"rtsp://127.0.0.1:{ServeProcess.FreeTcpPort()}/cam";

        foreach (var body in new object[] { new { }, new { name = "cam" }, new { url = camera }, new { name = "", url = camera }, new { name = "cam", url = " " } })
        {
            var incomplete = await ApiCalls.ProblemAsync(await host.Http.PostJsonAsync("/api/v1/sessions", body), HttpStatusCode.BadRequest);
            Assert.Equal("Incomplete request", incomplete.String("title"));
        }

        foreach (var (name, url) in new[] { ("cam", "http://127.0.0.1/cam"), ("cam", "not a url"), ("bad name!", camera), ("/cam", camera) })
        {
            var unusable = await ApiCalls.ProblemAsync(await host.Http.PostJsonAsync("/api/v1/sessions", new { name, url }), HttpStatusCode.BadRequest);
            Assert.Equal("Unusable session", unusable.String("title"));
            Assert.DoesNotContain("Parameter", unusable.String("detail"), StringComparison.Ordinal);
        }

        // A body that is not JSON is refused as a problem too.
        using var garbage = new StringContent("{name:", Encoding.UTF8, "application/json");
        await ApiCalls.ProblemAsync(await host.Http.PostAsync("/api/v1/sessions", garbage), HttpStatusCode.BadRequest);

        var own = await ApiCalls.ProblemAsync(await host.Http.PostJsonAsync("/api/v1/sessions", new { name = "test", url = camera }), HttpStatusCode.Conflict);
        Assert.Equal("A session named 'test' already exists.", own.String("detail"));
        Assert.Equal(HttpStatusCode.Accepted, (await host.Http.PostJsonAsync("/api/v1/sessions", new { name = "cam", url = camera })).StatusCode);
        await ApiCalls.ProblemAsync(await host.Http.PostJsonAsync("/api/v1/sessions", new { name = "cam", url = camera }), HttpStatusCode.Conflict);

        var delete = await ApiCalls.ProblemAsync(await host.Http.DeleteAsync("/api/v1/sessions/test"), HttpStatusCode.Conflict);
        Assert.Equal("Session is the node's own", delete.String("title"));
        await ApiCalls.ProblemAsync(await host.Http.DeleteAsync("/api/v1/sessions/nosuch"), HttpStatusCode.NotFound);
        // The camera's session is still there and streaming.
        Assert.Equal("streaming", (await host.Http.GetJsonAsync("/api/v1/sessions/test")).GetProperty("source").String("state"));
        Assert.Equal(["cam", "test"], (await host.Http.GetJsonAsync("/api/v1/sessions")).EnumerateArray().Select(session => session.String("name")));
    }

    [Fact(Timeout = 90_000)]
    public async Task A_publishers_path_is_a_taken_name_and_the_list_stays_whole()
    {
        await using var host = await WebHost.StartAsync(Stream);
        await using var publisher = FfmpegPublisher.Start(host.Serve.UrlOf("live/cam"), "tcp");
        await ApiCalls.UntilAsync(async () => (await host.Http.GetJsonAsync("/api/v1/sessions")).EnumerateArray().Find("name", "live/cam"),
            session => session?.GetProperty("source").String("state") == "publishing", TimeSpan.FromSeconds(20), "the publisher's session listed");

        var taken = await ApiCalls.ProblemAsync(
            await host.Http.PostJsonAsync("/api/v1/sessions", new { name = "live/cam", url = host.Serve.UrlOf("test") }), HttpStatusCode.Conflict);
        Assert.Equal("Session exists", taken.String("title"));

        var started = DateTime.UtcNow;
        var sessions = (await host.Http.GetJsonAsync("/api/v1/sessions")).EnumerateArray().ToList();
        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(3), $"the list took {DateTime.UtcNow - started}");
        Assert.Equal(["live/cam", "test"], sessions.Select(session => session.String("name")));
        Assert.Equal("publisher", sessions[0].GetProperty("source").String("kind"));

        // A publisher's session can be ended like any other but the node's own.
        Assert.Equal(HttpStatusCode.NoContent, (await host.Http.DeleteAsync("/api/v1/sessions/live%2Fcam")).StatusCode);
        await ApiCalls.ProblemAsync(await host.Http.GetAsync("/api/v1/sessions/live%2Fcam"), HttpStatusCode.NotFound);
    }
}
