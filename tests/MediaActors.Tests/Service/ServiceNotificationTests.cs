using MediaActors.Testing.Rtsp;
using MediaActors.Tests.Infrastructure;

namespace MediaActors.Tests.Service;

/// <summary>
/// The real `mediaactors serve` under a Type=notify service's environment, systemd's side played
/// by a socket of the test: READY=1 once it serves (and by then the RTSP port describes the
/// stream), WATCHDOG=1 at half of WATCHDOG_USEC, STOPPING=1 on SIGTERM and exit code 0. The
/// container's probe command is asked against the same node.
/// </summary>
public sealed class ServiceNotificationTests
{
    private static readonly TimeSpan WatchdogTimeout = TimeSpan.FromSeconds(1);

    [Fact(Timeout = 120_000)]
    public async Task Serve_tells_systemd_it_is_ready_alive_and_stopping()
    {
        using var listener = NotifySocketListener.InTemporaryDirectory();
        var httpPort = ServeProcess.FreeTcpPort();
        var environment = new Dictionary<string, string>
        {
            ["NOTIFY_SOCKET"] = listener.NotifySocket,
            ["WATCHDOG_USEC"] = ((long)WatchdogTimeout.TotalMicroseconds).ToString(),
        };
        await using var serve = await ServeProcess.StartWithEnvironmentAsync(environment, "--http-port", httpPort.ToString());

        var ready = await listener.WaitForAsync(message => message.StartsWith("READY=1", StringComparison.Ordinal), TimeSpan.FromSeconds(15));
        Assert.True(ready is not null, $"no READY=1; received: {Received(listener)}\n{serve.Log}");
        Assert.Contains($"STATUS=serving {serve.Url}", ready.Value.Message);
        await using (var client = await RtspTestClient.ConnectAsync(serve.Port))
        {
            var describe = await client.RequestAsync("DESCRIBE", serve.Url, ("Accept", "application/sdp"));
            Assert.Equal(200, describe.Status);
            Assert.Contains("m=video", describe.Body, StringComparison.Ordinal);
        }


        // A few seconds of pings after READY, half a second apart.
        await Task.Delay(TimeSpan.FromSeconds(3));
        var pings = listener.Messages.Where(message => message.Message == "WATCHDOG=1" && message.At > ready.Value.At).Select(message => message.At).ToList();
        Assert.True(pings.Count >= 4, $"{pings.Count} pings in 3 s; received: {Received(listener)}");
        var gaps = pings.Zip(pings.Skip(1), (earlier, later) => (later - earlier).TotalSeconds).Order().ToList();
        Assert.InRange(gaps[gaps.Count / 2], 0.3, 0.8);
        Assert.True(gaps[^1] < WatchdogTimeout.TotalSeconds, $"a gap of {gaps[^1]:0.00} s would have got the node killed");

        Assert.Equal(0, (await ServeProcess.RunCommandToExitAsync(TimeSpan.FromSeconds(30), "healthcheck", "--url", $"http://127.0.0.1:{httpPort}/healthz")).ExitCode);
        var closed = await ServeProcess.RunCommandToExitAsync(TimeSpan.FromSeconds(30), "healthcheck", "--url", $"http://127.0.0.1:{ServeProcess.FreeTcpPort()}/healthz");
        Assert.True(closed.ExitCode == 1, closed.ToString());

        Assert.True(await serve.TerminateAsync(), "serve did not stop on SIGTERM");
        Assert.Equal(0, serve.ExitCode);
        Assert.NotNull(await listener.WaitForAsync(message => message.StartsWith("STOPPING=1", StringComparison.Ordinal), TimeSpan.FromSeconds(5)));
    }

    private static string Received(NotifySocketListener listener) =>
        string.Join(", ", listener.Messages.Select(message => $"{message.At.TotalSeconds:0.00} s {message.Message.ReplaceLineEndings(" ")}"));
}
