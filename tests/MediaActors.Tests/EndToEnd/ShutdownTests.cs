using System.Diagnostics;
using MediaActors.Testing.Processes;
using MediaActors.Testing.Rtsp;
using MediaActors.Tests.Infrastructure;
using MediaActors.Tests.Rtsp;

namespace MediaActors.Tests.EndToEnd;

[Collection(ServeCollection.Name)]
public sealed class ShutdownTests(ITestOutputHelper output)
{
    /// <summary>
    /// SIGTERM while a TCP and a UDP client play ends serve with exit code 0 within 1 s, and its ffmpeg
    /// encoder dies with it. The time measured is from sending SIGTERM until the process has exited (the
    /// streaming loop ends, the camera closes ffmpeg's stdin, the server ends the clients' sessions and the
    /// actor system terminates); a service manager waits that long before it kills.
    /// </summary>
    [Fact]
    public async Task Sigterm_with_clients_playing_stops_serve_within_1_s_with_exit_code_0_and_ends_the_encoder_process()
    {
        await using var serve = await ServeProcess.StartAsync("--width", "320", "--height", "240", "--session", "small");
        var children = serve.ChildProcessIds();
        Assert.NotEmpty(serve.EncoderProcessIds());
        await using var tcp = await RtspTestClient.ConnectAsync(serve.Port);
        await tcp.SetupAndPlayAsync(serve.Url);
        await using var udp = await UdpViewer.PlayAsync(serve.Port, serve.Url);
        await new RtpCollector().CollectAsync(tcp, 5);
        using (var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(5)))
        {
            Assert.NotEmpty((await udp.Rtp.ReceiveAsync(deadline.Token)).Buffer);
        }

        var clock = Stopwatch.StartNew();
        var endedInTime = await serve.TerminateAsync();
        var took = clock.Elapsed;
        output.WriteLine($"serve exited {took.TotalMilliseconds:0} ms after SIGTERM with exit code {serve.ExitCode}");

        Assert.True(endedInTime, "serve did not exit within 15 s of SIGTERM:\n" + serve.Log);
        Assert.True(serve.ExitCode == 0, $"exit code {serve.ExitCode}:\n{serve.Log}");
        Assert.True(took < TimeSpan.FromSeconds(1), $"serve took {took.TotalMilliseconds:0} ms to exit after SIGTERM:\n{serve.Log}");
        Assert.All(children, pid => Assert.False(ProcessTree.IsAlive(pid), $"child process {pid} ({string.Join(' ', ProcessTree.CommandLine(pid))}) outlived serve"));
        Assert.True(await tcp.IsClosedByServerAsync(TimeSpan.FromSeconds(1)), "the TCP client's connection is still open");
    }

    [Fact]
    public async Task Serve_prints_the_url_of_its_session()
    {
        await using var serve = await ServeProcess.StartAsync("--width", "320", "--height", "240", "--session", "cam/main");
        Assert.Equal($"rtsp://127.0.0.1:{serve.Port}/cam/main", serve.Url);
    }
}
