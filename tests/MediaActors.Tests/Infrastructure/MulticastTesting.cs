using System.Net;
using MediaActors.Configuration;
using MediaActors.Multicast;

namespace MediaActors.Tests.Infrastructure;

/// <summary>
/// Multicast in tests: every server gets a block of its own, so that servers of tests running side
/// by side (and of another test run on this machine) never send to the same group; and a check
/// that this machine loops multicast back at all.
/// </summary>
public static class MulticastTesting
{
    // 224.1.0.0/16 is routed through lo for the tests; /24 blocks inside it, from a random start.
    private static int _nextBlock = Random.Shared.Next(1, 255);

    // Each block's groups get ports of their own too, from here, 16 (four groups) a block: a
    // GStreamer player binds its group's port on the any-address, and would get other tests' groups.
    private const int PortBaseOfBlocks = 20_000;
    private const int PortsPerBlock = 16;

    /// <summary>A /24 block inside 224.1.0.0/16 no other server of this process has, and the port base of its groups.</summary>
    public static (string Range, int PortBase) NextBlock()
    {
        var block = Interlocked.Increment(ref _nextBlock) % 254 + 1;
        return ($"224.1.{block}.0/24", PortBaseOfBlocks + PortsPerBlock * block);
    }

    /// <summary>Loopback settings with multicast on, in a block of its own, its groups lingering <paramref name="linger"/>.</summary>
    public static RtspServerSettings Settings(TimeSpan? linger = null, string? prefix = null)
    {
        var (range, portBase) = NextBlock();
        MulticastRange.TryParse(prefix is null ? range : range.Replace("/24", prefix, StringComparison.Ordinal), out var parsed, out _);
        return Testing.LoopbackSettings.Rtsp with
        {
            Multicast = Testing.LoopbackSettings.Rtsp.Multicast with
            {
                Enabled = true,
                Range = parsed!,
                PortBase = portBase,
                Linger = linger ?? TimeSpan.FromSeconds(1),
            },
        };
    }

    /// <summary>
    /// Skips the test unless multicast sent from loopback reaches a reader joined on INADDR_ANY
    /// here: only when the route for 224.1.0.0/16 goes through lo; otherwise a player's membership
    /// lands on the default route's interface and sees nothing.
    /// </summary>
    public static async Task SkipUnlessLoopedBackAsync()
    {
        var route = await ExternalTool.RunAsync("ip", ["route", "get", "224.1.0.1"], TimeSpan.FromSeconds(5));
        Assert.SkipUnless(route.ExitCode == 0 && route.StandardOutput.Contains(" dev lo", StringComparison.Ordinal),
            $"multicast to 224.1.0.0/16 is not routed through lo here ('ip route get 224.1.0.1': {route.StandardOutput.Trim()} {route.StandardError.Trim()}); " +
            "scripts/test.sh adds it with 'ip route replace 224.1.0.0/16 dev lo', which needs root");
    }

    /// <summary>The HOCON of a serve process with multicast in a block of its own.</summary>
    public static string ServeConfig()
    {
        var (range, portBase) = NextBlock();
        return $$"""
            mediaactors.rtsp.multicast {
              range = "{{range}}"
              port-base = {{portBase}}
              linger = 1s
            }
            """;
    }

    public static IPAddress GroupOf(string transportReply) =>
        IPAddress.Parse(System.Text.RegularExpressions.Regex.Match(transportReply, @"destination=([0-9.]+)").Groups[1].Value);
}
