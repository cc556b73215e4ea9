using Akka.Configuration;
using MediaActors.Configuration;
using MediaActors.Host;
using MediaActors.Sources;
using Microsoft.Extensions.Logging;

namespace MediaActors.Tests.Host;

/// <summary>What SIGHUP applies: the diff of the sources by session name, and a reload that changes all or nothing.</summary>
public sealed class SourcesReloadTests : IDisposable
{
    private readonly string _file = Path.Combine(Path.GetTempPath(), $"mediaactors-reload-{Guid.NewGuid():N}.conf");
    private readonly List<string> _calls = [];
    private readonly ListLogger<SourcesReload> _log = new();

    private static IReadOnlyList<RtspSourceSettings> Sources(string hocon) =>
        RtspSourceSettings.AllFromConfig(ConfigurationFactory.ParseString(hocon));

    [Fact]
    public void Sources_are_compared_by_session_name_and_value()
    {
        var running = Sources("""
            mediaactors.sources {
              keep { url = "rtsp://10.0.0.1/a" }
              drop { url = "rtsp://10.0.0.2/b" }
              move { url = "rtsp://10.0.0.3/c" }
            }
            """);
        var wanted = Sources("""
            mediaactors.sources {
              keep { url = "rtsp://10.0.0.1/a" }
              move { url = "rtsp://10.0.0.3/c", transport = tcp }
              new { url = "rtsp://10.0.0.4/d" }
            }
            """);

        var diff = SourcesDiff.Between(running, wanted);

        Assert.Equal(["new"], diff.Added.Select(source => source.SessionName));
        Assert.Equal(["drop"], diff.Removed.Select(source => source.SessionName));
        Assert.Equal(["move"], diff.Changed.Select(source => source.SessionName));
        Assert.Equal(PullTransport.Tcp, diff.Changed[0].Transport);
        Assert.Equal(["keep"], diff.Unchanged);
        Assert.False(diff.IsEmpty);
    }

    [Fact]
    public void Settings_read_twice_are_equal_by_value_and_the_same_duration_written_otherwise_is_no_change()
    {
        var running = Sources("""mediaactors.sources.cam { url = "rtsp://user:pw@10.0.0.1:554/a", stall-timeout = 10s }""");
        var same = Sources("""mediaactors.sources.cam { url = "rtsp://user:pw@10.0.0.1/a", stall-timeout = 10000ms }""");
        var otherPassword = Sources("""mediaactors.sources.cam { url = "rtsp://user:secret@10.0.0.1/a", stall-timeout = 10s }""");

        Assert.Equal(running[0], same[0]);
        Assert.NotSame(running[0].Url, same[0].Url);
        Assert.True(SourcesDiff.Between(running, same).IsEmpty);
        Assert.Equal(["cam"], SourcesDiff.Between(running, same).Unchanged);
        Assert.Equal(["credentials"], SourcesReload.ChangedSettings(running[0], otherPassword[0]));
        Assert.Equal(["cam"], SourcesDiff.Between(running, otherPassword).Changed.Select(source => source.SessionName));
    }

    [Fact]
    public void The_changed_settings_are_named_as_the_configuration_names_them()
    {
        var old = Sources("""mediaactors.sources.cam { url = "rtsp://10.0.0.1/a" }""")[0];
        var @new = Sources("""mediaactors.sources.cam { url = "rtsp://10.0.0.1/b", on-demand = on, reconnect-max = 5s }""")[0];

        Assert.Equal(["url", "on-demand", "reconnect-max"], SourcesReload.ChangedSettings(old, @new));
    }

    [Fact]
    public void Sections_other_than_the_sources_that_differ_are_named_by_their_top_level_key()
    {
        var running = ConfigurationFactory.ParseString("""
            mediaactors.sources.cam.url = "rtsp://10.0.0.1/a"
            mediaactors.rtsp.max-connections = 100
            """).WithFallback(MediaActorsConfig.Default);
        var onlySources = ConfigurationFactory.ParseString("""
            mediaactors.sources.other.url = "rtsp://10.0.0.2/a"
            mediaactors.source-defaults.transport = tcp
            mediaactors.rtsp.max-connections = 100
            """).WithFallback(MediaActorsConfig.Default);
        var more = ConfigurationFactory.ParseString("""
            mediaactors.rtsp.max-connections = 200
            mediaactors.http.port = 8080
            mediaactors.pushes.cam = "rtsp://10.0.0.9/x"
            akka.loglevel = DEBUG
            """).WithFallback(MediaActorsConfig.Default);

        Assert.Empty(SourcesReload.SectionsNeedingRestart(running, onlySources));
        Assert.Equal(["akka", "mediaactors.http", "mediaactors.pushes", "mediaactors.rtsp"], SourcesReload.SectionsNeedingRestart(running, more));
    }

    [Fact]
    public void A_reload_removes_then_changes_then_adds_and_leaves_the_unchanged_alone()
    {
        var (reload, _) = Start("""
            mediaactors.sources {
              keep { url = "rtsp://10.0.0.1/a" }
              drop { url = "rtsp://10.0.0.2/b" }
              move { url = "rtsp://10.0.0.3/c" }
            }
            """);
        File.WriteAllText(_file, """
            mediaactors.sources {
              keep { url = "rtsp://10.0.0.1/a" }
              move { url = "rtsp://10.0.0.3/c", stall-timeout = 3s }
              new { url = "rtsp://10.0.0.4/d" }
            }
            mediaactors.rtsp.max-connections = 10
            """);

        var diff = reload.Reload();

        Assert.NotNull(diff);
        Assert.Equal(["remove drop", "remove move", "add move", "add new"], _calls);
        Assert.Equal(["keep", "move", "new"], reload.Running.Select(source => source.SessionName).Order());
        var info = _log.At(LogLevel.Information).ToList();
        Assert.Contains(info, line => line.Contains("source drop removed", StringComparison.Ordinal));
        Assert.Contains(info, line => line.Contains("source move changed (stall-timeout)", StringComparison.Ordinal));
        Assert.Contains(info, line => line.Contains("source new added", StringComparison.Ordinal));
        Assert.Contains(info, line => line.EndsWith("sources 1 added, 1 removed, 1 changed, 1 unchanged", StringComparison.Ordinal));
        Assert.Contains(_log.At(LogLevel.Warning), line => line.Contains("mediaactors.rtsp changed too", StringComparison.Ordinal));

        // The same file again: nothing to do.
        _calls.Clear();
        Assert.True(reload.Reload()!.IsEmpty);
        Assert.Empty(_calls);
    }

    [Theory]
    [InlineData("mediaactors.sources { a { url = rtsp://10.0.0.9/x } }", "unquoted")]
    [InlineData("mediaactors.sources {\n a { url = \"rtsp://10.0.0.1/a\" }\n b { url = \"rtsp://10.0.0.9/x\", transport = quic }\n}", "transport 'quic'")]
    [InlineData("mediaactors.sources { \"bad name\" { url = \"rtsp://10.0.0.9/x\" } }", "contains ' '")]
    [InlineData("mediaactors.sources { test { url = \"rtsp://10.0.0.9/x\" } }", "is the session of --session")]
    public void A_file_that_cannot_be_used_changes_nothing_and_says_why(string hocon, string reason)
    {
        var (reload, _) = Start("""mediaactors.sources { a { url = "rtsp://10.0.0.1/a" } }""");
        File.WriteAllText(_file, hocon);

        Assert.Null(reload.Reload());

        Assert.Empty(_calls);
        Assert.Equal(["a"], reload.Running.Select(source => source.SessionName));
        var error = Assert.Single(_log.At(LogLevel.Error));
        Assert.Contains(_file, error, StringComparison.Ordinal);
        Assert.Contains("nothing changed", error, StringComparison.Ordinal);
        Assert.Contains(reason, error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_deleted_file_changes_nothing()
    {
        var (reload, _) = Start("""mediaactors.sources { a { url = "rtsp://10.0.0.1/a" } }""");
        File.Delete(_file);

        Assert.Null(reload.Reload());

        Assert.Empty(_calls);
        Assert.Contains("does not exist", Assert.Single(_log.At(LogLevel.Error)), StringComparison.Ordinal);
    }

    [Fact]
    public void The_command_line_still_wins_over_the_reread_file()
    {
        var (reload, started) = Start("mediaactors.http.port = 1", new HoconOverrides().Set("mediaactors.http.port", 8080, "--http-port"));
        File.WriteAllText(_file, "mediaactors.http.port = 2");

        Assert.True(reload.Reload()!.IsEmpty);

        Assert.Equal(8080, started.Reread().Config.GetInt("mediaactors.http.port"));
        Assert.Empty(_log.At(LogLevel.Warning));
    }

    [Fact]
    public void Without_a_config_file_there_is_nothing_to_read_again()
    {
        var reload = new SourcesReload(LayeredConfig.Read(new HoconOverrides(), null, MediaActorsConfig.Default), [], "test",
            source => _calls.Add("add " + source.SessionName), name => _calls.Add("remove " + name), _log);

        Assert.Null(reload.Reload());

        Assert.Empty(_calls);
        Assert.Contains("no --config file", Assert.Single(_log.At(LogLevel.Warning)), StringComparison.Ordinal);
    }

    /// <summary>A reload of <see cref="_file"/>, which holds <paramref name="hocon"/> at the start; its steps go to <see cref="_calls"/>.</summary>
    private (SourcesReload Reload, LayeredConfig Started) Start(string hocon, HoconOverrides? overrides = null)
    {
        File.WriteAllText(_file, hocon);
        var started = LayeredConfig.Read(overrides ?? new HoconOverrides(), new FileInfo(_file), MediaActorsConfig.Default);
        var reload = new SourcesReload(started, RtspSourceSettings.AllFromConfig(started.Config), "test",
            source => _calls.Add("add " + source.SessionName), name => _calls.Add("remove " + name), _log);
        return (reload, started);
    }

    public void Dispose() => File.Delete(_file);
}
