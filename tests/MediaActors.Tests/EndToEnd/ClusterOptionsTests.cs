using System.Net;
using System.Net.Sockets;
using MediaActors.Tests.Infrastructure;

namespace MediaActors.Tests.EndToEnd;

/// <summary>`board` and `relay` refuse options a cluster node cannot work with, before anything starts: exit code 2 and the reason.</summary>
[Collection(ServeCollection.Name)]
public sealed class ClusterOptionsTests
{
    [Theory]
    [InlineData("relay", "--seed", "relay-host", "is not HOST:PORT")]
    [InlineData("relay", "--seed", "a b:4053", "is not HOST:PORT")]
    [InlineData("board", "--seed", "127.0.0.1:99999", "is not HOST:PORT")]
    [InlineData("relay", "--cluster-host", "0.0.0.0", "not 0.0.0.0")]
    [InlineData("relay", "--cluster-port", "0", "is not a TCP port")]
    [InlineData("board", "--name", "..", "URL segment")]
    [InlineData("board", "--name", "cam/1", "URL segment")]
    [InlineData("board", "--rtsp-port", "-1", "is not a TCP port")]
    public async Task A_bad_cluster_option_exits_2_naming_the_problem(string command, string option, string value, string reason)
    {
        var result = await ServeProcess.RunCommandToExitAsync(TimeSpan.FromSeconds(30), command, option, value);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains(reason, result.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_frame_limit_that_akka_remote_would_not_carry_is_refused()
    {
        var config = Path.Combine(Path.GetTempPath(), $"mediaactors-test-{Guid.NewGuid():N}.conf");
        await File.WriteAllTextAsync(config, "mediaactors.rtsp.max-frame-bytes = 4 MiB");
        try
        {
            var result = await ServeProcess.RunCommandToExitAsync(TimeSpan.FromSeconds(30), "relay", "--config", config);

            Assert.True(result.ExitCode == 2, result.ToString());
            Assert.Contains("maximum-frame-size", result.StandardError, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(config);
        }
    }

    [Theory]
    [InlineData("relay")]
    [InlineData("board")]
    public async Task A_cluster_port_another_process_holds_exits_1_naming_the_address(string command)
    {
        using var holder = new TcpListener(IPAddress.Loopback, 0);
        holder.Start();
        var port = ((IPEndPoint)holder.LocalEndpoint).Port;

        var result = await ServeProcess.RunCommandToExitAsync(TimeSpan.FromSeconds(60), command,
            "--cluster-host", "127.0.0.1", "--cluster-port", port.ToString(), "--bind", "127.0.0.1", command == "board" ? "--rtsp-port" : "--port", "0");

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Contains($"cannot listen for cluster nodes on 127.0.0.1:{port} (Address already in use); choose another --cluster-port",
            result.StandardError, StringComparison.Ordinal);
        Assert.DoesNotContain("Unhandled exception", result.StandardError, StringComparison.Ordinal);
    }
}
