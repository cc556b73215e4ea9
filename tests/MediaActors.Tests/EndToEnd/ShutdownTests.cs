using MediaActors.Tests.Infrastructure;

namespace MediaActors.Tests.EndToEnd;

[Collection(ServeCollection.Name)]
public sealed class ShutdownTests
{
    /// <summary>SIGTERM ends serve with exit code 0, and its ffmpeg encoder dies with it.</summary>
    [Fact]
    public async Task Sigterm_stops_serve_cleanly_and_ends_the_encoder_process()
    {
        var serve = await ServeProcess.StartAsync("--width", "320", "--height", "240", "--session", "small");
        var encoders = serve.ChildProcessIds();
        Assert.NotEmpty(encoders);

        var endedInTime = await serve.TerminateAsync();

        Assert.True(endedInTime, "serve did not exit within 15 s of SIGTERM:\n" + serve.Log);
        Assert.True(serve.ExitCode == 0, $"exit code {serve.ExitCode}:\n{serve.Log}");
        Assert.All(encoders, pid => Assert.False(ProcessTree.IsAlive(pid), $"encoder process {pid} outlived serve"));
        await serve.DisposeAsync();
    }

    [Fact]
    public async Task Serve_prints_the_url_of_its_session()
    {
        await using var serve = await ServeProcess.StartAsync("--width", "320", "--height", "240", "--session", "cam/main");
        Assert.Equal($"rtsp://127.0.0.1:{serve.Port}/cam/main", serve.Url);
    }
}
