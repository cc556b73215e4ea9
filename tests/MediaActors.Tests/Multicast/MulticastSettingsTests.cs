using Akka.Configuration;
using MediaActors.Configuration;

namespace MediaActors.Tests.Multicast;

public sealed class MulticastSettingsTests
{
    private static RtspServerSettings Read(string hocon) =>
        RtspServerSettings.FromConfig(ConfigurationFactory.ParseString(hocon).WithFallback(MediaActorsConfig.Default));

    [Fact]
    public void On_by_default_with_mediamtxs_range_and_ports_and_gsts_ttl()
    {
        var multicast = Read("").Multicast;

        Assert.Equal((true, "224.1.0.0/16", 8002, 16, TimeSpan.FromSeconds(5)),
            (multicast.Enabled, multicast.Range.Text, multicast.PortBase, multicast.Ttl, multicast.Linger));
        Assert.False(Read("mediaactors.rtsp.multicast.enabled = off").Multicast.Enabled);
    }

    [Fact]
    public void Each_group_has_ports_of_its_own_and_as_many_groups_fit_as_the_range_and_the_ports_allow()
    {
        var multicast = Read("").Multicast;

        Assert.Equal(((8002, 8003), (8004, 8005), (8006, 8007)), (multicast.Ports(0, 0), multicast.Ports(0, 1), multicast.Ports(1, 0)));
        Assert.Equal((65536 - 8002) / 4, multicast.MaxGroups);
        Assert.Equal(3, Read("mediaactors.rtsp.multicast.range = \"224.1.7.0/30\"").Multicast.MaxGroups);
    }

    [Theory]
    [InlineData("range = \"10.0.0.0/8\"", "range")]
    [InlineData("range = \"224.1.0.0\"", "range")]
    [InlineData("port-base = 8003", "port-base")]
    [InlineData("port-base = 80", "port-base")]
    [InlineData("ttl = 0", "ttl")]
    [InlineData("ttl = 256", "ttl")]
    public void Values_that_cannot_work_are_refused_naming_the_key(string setting, string key)
    {
        var error = Assert.Throws<ConfigurationException>(() => Read($"mediaactors.rtsp.multicast.{setting}"));

        Assert.Contains($"mediaactors.rtsp.multicast.{key}", error.Message, StringComparison.Ordinal);
    }
}
