using System.CommandLine;
using Akka.Configuration;
using MediaActors.Configuration;
using MediaActors.Host;
using MediaActors.Tests.Infrastructure;

namespace MediaActors.Tests.Host;

/// <summary>`mediaactors config show`: the effective configuration as HOCON that parses back, each value's origin in a comment.</summary>
public sealed class ConfigTextTests : IDisposable
{
    private readonly string _file = Path.Combine(Path.GetTempPath(), $"mediaactors-show-{Guid.NewGuid():N}.conf");

    [Fact]
    public void Each_value_not_shipped_names_its_origin_and_the_text_parses_back_to_the_same_values()
    {
        File.WriteAllText(_file, """
            mediaactors {
              http.port = 9000
              rtsp.auth.realm = "Home cams"
              sources {
                "yard/door" {
                  url = "rtsp://10.0.0.7:8554/live"
                  transport = tcp
                }
              }
            }
            akka.loglevel = DEBUG
            """);
        var overrides = new HoconOverrides().Set("mediaactors.http.port", 8080, "--http-port").Set("mediaactors.camera.width", 640, "--width");
        var layered = LayeredConfig.Read(overrides, new FileInfo(_file), MediaActorsConfig.Default);

        var text = ConfigText.Render(layered, ["a header"]);
        var lines = text.Split('\n').Select(line => line.Trim()).ToList();
        var parsed = ConfigurationFactory.ParseString(text);

        Assert.Equal("# a header", lines[0]);
        Assert.Contains("port = 8080  # from --http-port", lines);
        Assert.Contains("width = 640  # from --width", lines);
        Assert.Contains($"realm = \"Home cams\"  # from --config {_file}", lines);
        Assert.Contains($"url = \"rtsp://10.0.0.7:8554/live\"  # from --config {_file}", lines);
        Assert.Contains($"loglevel = DEBUG  # from --config {_file}", lines);
        Assert.Contains("height = 720", lines);
        Assert.Contains("\"yard/door\" {", lines);
        Assert.Equal(LeafValues(layered.Config), LeafValues(parsed));
        Assert.Equal("tcp", parsed.GetString("mediaactors.sources.\"yard/door\".transport"));
    }

    [Theory]
    [InlineData("serve")]
    [InlineData("board")]
    [InlineData("relay")]
    public void The_shipped_settings_of_every_command_parse_back_unchanged(string command)
    {
        var shipped = command switch
        {
            "board" => MediaActorsConfig.Board,
            "relay" => MediaActorsConfig.Relay,
            _ => MediaActorsConfig.Default,
        };
        var layered = LayeredConfig.Read(new HoconOverrides(), null, shipped);

        var text = ConfigText.Render(layered, []);

        Assert.DoesNotContain("# from", text, StringComparison.Ordinal);
        Assert.Equal(LeafValues(shipped), LeafValues(ConfigurationFactory.ParseString(text)));
    }

    [Fact]
    public void Passwords_are_hidden_but_their_origin_is_named()
    {
        File.WriteAllText(_file, """mediaactors.sources.cam.url = "rtsp://admin:s3cret@10.0.0.1/live" """);
        var overrides = new HoconOverrides().Set("mediaactors.rtsp.auth.user", "u", "--user").Set("mediaactors.rtsp.auth.password", "hunter2", "--password");

        var text = ConfigText.Render(LayeredConfig.Read(overrides, new FileInfo(_file), MediaActorsConfig.Default), []);

        Assert.DoesNotContain("hunter2", text, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cret", text, StringComparison.Ordinal);
        Assert.Contains("password = \"***\"  # from --password", text, StringComparison.Ordinal);
        Assert.Contains("url = \"rtsp://admin:***@10.0.0.1/live\"", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Config_show_serve_reads_the_options_of_serve_and_prints_their_origins()
    {
        File.WriteAllText(_file, "mediaactors.rtsp.max-connections = 50\n");
        var output = new StringWriter();

        var exitCode = ConfigCommand.Create().Parse(["show", "serve", "--config", _file, "--http-port", "8081", "--bind", "127.0.0.1", "--no-publish"])
            .Invoke(new InvocationConfiguration { Output = output });

        var text = output.ToString();
        var parsed = ConfigurationFactory.ParseString(text);
        Assert.Equal(0, exitCode);
        Assert.Equal((8081, 50, "127.0.0.1"), (parsed.GetInt("mediaactors.http.port"), parsed.GetInt("mediaactors.rtsp.max-connections"),
            parsed.GetString("mediaactors.rtsp.bind-address")));
        Assert.False(parsed.GetBoolean("mediaactors.rtsp.publish.enabled"));
        Assert.Contains("port = 8081  # from --http-port", text, StringComparison.Ordinal);
        Assert.Contains($"max-connections = 50  # from --config {_file}", text, StringComparison.Ordinal);
        Assert.Contains("enabled = off  # from --no-publish", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Config_show_board_names_the_cluster_options()
    {
        var output = new StringWriter();

        var exitCode = ConfigCommand.Create().Parse(["show", "board", "--name", "cam1", "--cluster-port", "4100", "--seed", "10.0.0.2:4053"])
            .Invoke(new InvocationConfiguration { Output = output });

        var text = output.ToString();
        var parsed = ConfigurationFactory.ParseString(text);
        Assert.Equal(0, exitCode);
        Assert.Equal(("cam1", 4100), (parsed.GetString("mediaactors.board.name"), parsed.GetInt("akka.remote.dot-netty.tcp.port")));
        Assert.Equal(["akka.tcp://mediaactors@10.0.0.2:4053"], parsed.GetStringList("akka.cluster.seed-nodes"));
        Assert.Equal(["board"], parsed.GetStringList("akka.cluster.roles"));
        Assert.Contains("name = cam1  # from --name", text, StringComparison.Ordinal);
        Assert.Contains("port = 4100  # from --cluster-port", text, StringComparison.Ordinal);
        Assert.Contains("seed-nodes = [\"akka.tcp://mediaactors@10.0.0.2:4053\"]  # from --seed", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("serve", "--bind", "nope", "--bind 'nope' is not an IP address")]
    [InlineData("serve", "--config", "/nonexistent/mediaactors.conf", "does not exist")]
    [InlineData("relay", "--port", "70000", "--port 70000 is not a TCP port")]
    public async Task Bad_options_exit_2_as_the_command_itself_does(string command, string option, string value, string reason)
    {
        var result = await ServeProcess.RunCommandToExitAsync(TimeSpan.FromSeconds(30), "config", "show", command, option, value);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains($"mediaactors config show {command}: ", result.StandardError, StringComparison.Ordinal);
        Assert.Contains(reason, result.StandardError, StringComparison.Ordinal);
        Assert.Equal("", result.StandardOutput);
    }

    [Fact]
    public async Task The_executable_prints_hocon_that_names_the_file_and_the_option()
    {
        File.WriteAllText(_file, "mediaactors.camera.fps = 15\n");

        var result = await ServeProcess.RunCommandToExitAsync(TimeSpan.FromSeconds(30), "config", "show", "serve", "--config", _file, "--gop", "15");

        Assert.True(result.ExitCode == 0, result.ToString());
        var parsed = ConfigurationFactory.ParseString(result.StandardOutput);
        Assert.Equal((15, 15), (parsed.GetInt("mediaactors.camera.fps"), parsed.GetInt("mediaactors.camera.gop")));
        Assert.Contains($"fps = 15  # from --config {_file}", result.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("gop = 15  # from --gop", result.StandardOutput, StringComparison.Ordinal);
    }

    /// <summary>Every value that is not an object, by its path, as the configuration reads it.</summary>
    private static Dictionary<string, string> LeafValues(Config config) =>
        HoconTree.Leaves(config).ToDictionary(
            leaf => string.Join('\0', leaf.Path),
            leaf => HoconTree.IsList(leaf.Value) ? string.Join("\n", leaf.Value.GetStringList()) : leaf.Value.GetString() ?? "<null>");

    public void Dispose() => File.Delete(_file);
}
