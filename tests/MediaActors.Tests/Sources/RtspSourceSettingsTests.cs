using Akka.Configuration;
using MediaActors.Sources;

namespace MediaActors.Tests.Sources;

public sealed class RtspSourceSettingsTests
{
    [Fact]
    public void Every_entry_of_the_sources_section_is_a_source_named_by_its_key_over_the_defaults()
    {
        var config = ConfigurationFactory.ParseString("""
            mediaactors.source-defaults.reconnect-max = 5s
            mediaactors.sources {
              cam1 { url = "rtsp://admin:p%40ss@192.168.1.64/Streaming/Channels/101" }
              "yard/door" { url = "rtsp://10.0.0.7:8554/live", transport = tcp, on-demand = yes, on-demand-linger = 3s }
            }
            """);

        var sources = RtspSourceSettings.AllFromConfig(config).OrderBy(source => source.SessionName).ToList();

        Assert.Equal(["cam1", "yard/door"], sources.Select(source => source.SessionName));
        Assert.Equal(("admin", "p@ss"), (sources[0].Credentials!.User, sources[0].Credentials!.Password));
        Assert.Equal("rtsp://192.168.1.64:554/Streaming/Channels/101", sources[0].Uri);
        Assert.Equal((PullTransport.Auto, false, TimeSpan.FromSeconds(5)), (sources[0].Transport, sources[0].OnDemand, sources[0].ReconnectMax));
        Assert.Equal((PullTransport.Tcp, true, TimeSpan.FromSeconds(3)), (sources[1].Transport, sources[1].OnDemand, sources[1].OnDemandLinger));
        Assert.Null(sources[1].Credentials);
        Assert.DoesNotContain("p@ss", sources[0].ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void No_sources_section_means_no_sources() =>
        Assert.Empty(RtspSourceSettings.AllFromConfig(ConfigurationFactory.Empty));

    [Theory]
    [InlineData("cam { }", "url is missing")]
    [InlineData("cam { url = \"http://camera/stream\" }", "is not an rtsp:// URL")]
    [InlineData("cam { url = \"rtsps://camera/stream\" }", "rtsps:// is not supported")]
    [InlineData("cam { url = \"rtsp://camera/s\", transport = quic }", "transport 'quic' is not one of tcp, udp, auto")]
    [InlineData("cam { url = \"rtsp://camera/s\", on-demand = maybe }", "mediaactors.sources.cam.on-demand 'maybe' is not on or off")]
    [InlineData("cam { url = \"rtsp://camera/s\", stall-timeout = 0s }", "mediaactors.sources.cam.stall-timeout must be positive")]
    [InlineData("cam { url = \"rtsp://camera/s\", reconnect-min = 10s, reconnect-max = 1s }", "reconnect-max must not be below reconnect-min")]
    [InlineData("\"front door\" { url = \"rtsp://camera/s\" }", "mediaactors.sources.front door: Session name 'front door' contains ' '")]
    public void A_bad_entry_is_refused_naming_its_key_and_the_problem(string entry, string message)
    {
        var error = Assert.Throws<ConfigurationException>(() => RtspSourceSettings.AllFromConfig(ConfigurationFactory.ParseString($"mediaactors.sources {{ {entry} }}")));

        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }
}
