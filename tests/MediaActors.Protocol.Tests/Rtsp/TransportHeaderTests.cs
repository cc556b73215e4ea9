using MediaActors.Protocol.Rtsp;

namespace MediaActors.Protocol.Tests.Rtsp;

public sealed class TransportHeaderTests
{
    [Fact]
    public void Parses_udp_unicast_with_client_ports()
    {
        Assert.True(TransportHeader.TryParse("RTP/AVP;unicast;client_port=5000-5001", out var specs));

        var spec = Assert.Single(specs);
        Assert.Equal(("RTP/AVP", LowerTransport.Udp, true, (5000, 5001)), (spec.Profile, spec.LowerTransport, spec.Unicast, spec.ClientPorts!.Value));
        Assert.Null(spec.Interleaved);
    }

    [Fact]
    public void Parses_tcp_with_and_without_interleaved_channels()
    {
        Assert.True(TransportHeader.TryParse("RTP/AVP/TCP;unicast;interleaved=2-3", out var withChannels));
        Assert.True(TransportHeader.TryParse("RTP/AVP/TCP;unicast", out var withoutChannels));

        Assert.Equal((LowerTransport.Tcp, (2, 3)), (withChannels[0].LowerTransport, withChannels[0].Interleaved!.Value));
        Assert.Equal(LowerTransport.Tcp, withoutChannels[0].LowerTransport);
        Assert.Null(withoutChannels[0].Interleaved);
    }

    [Fact]
    public void Parses_alternatives_in_order_with_parameters_in_any_order_and_case()
    {
        const string value = "rtp/avp/udp;CLIENT_PORT=6000;Unicast;mode=\"PLAY\";x-unknown=1, RTP/AVP/TCP;interleaved=4;ssrc=0A1B2C3D, RTP/SAVP;multicast";

        Assert.True(TransportHeader.TryParse(value, out var specs));

        Assert.Equal(3, specs.Count);
        Assert.Equal(("RTP/AVP", LowerTransport.Udp, (6000, 6001), "PLAY"), (specs[0].Profile, specs[0].LowerTransport, specs[0].ClientPorts!.Value, specs[0].Mode));
        Assert.Equal(((4, 5), 0x0A1B2C3Du), (specs[1].Interleaved!.Value, specs[1].Ssrc!.Value));
        Assert.Equal(("RTP/SAVP", false), (specs[2].Profile, specs[2].Unicast));
    }

    [Fact]
    public void Parses_multicast_with_destination_port_and_ttl()
    {
        Assert.True(TransportHeader.TryParse("RTP/AVP;multicast;destination=224.1.0.1;port=8002-8003;ttl=16", out var specs));

        var spec = Assert.Single(specs);
        Assert.Equal((false, "224.1.0.1", (8002, 8003), 16), (spec.Unicast, spec.Destination, spec.Port!.Value, spec.Ttl!.Value));
        Assert.Equal("RTP/AVP;multicast;destination=224.1.0.1;port=8002-8003;ttl=16", spec.ToString());
    }

    [Fact]
    public void Reports_other_profiles_for_the_server_to_judge()
    {
        Assert.True(TransportHeader.TryParse("RTP/AVPF;unicast;client_port=5000-5001", out var specs));

        Assert.Equal("RTP/AVPF", specs[0].Profile);
    }

    [Theory]
    [InlineData("")]
    [InlineData("RTP")]
    [InlineData("RTP/AVP/SCTP;unicast")]
    [InlineData("RTP/AVP;client_port=70000-70001")]
    [InlineData("RTP/AVP;client_port=65535")]
    [InlineData("RTP/AVP;client_port=-1")]
    [InlineData("RTP/AVP;client_port=a-b")]
    [InlineData("RTP/AVP;server_port=5000-")]
    [InlineData("RTP/AVP/TCP;interleaved=256-257")]
    [InlineData("RTP/AVP/TCP;interleaved=255")]
    [InlineData("RTP/AVP;ssrc=123456789")]
    [InlineData("RTP/AVP;ssrc=xyz")]
    [InlineData("RTP/AVP;multicast;ttl=256")]
    [InlineData("RTP/AVP;multicast;ttl=-1")]
    [InlineData("RTP/AVP;multicast;port=65535")]
    [InlineData("RTP/AVP;unicast, ")]
    public void Rejects_malformed_values(string value)
    {
        Assert.False(TransportHeader.TryParse(value, out var specs));
        Assert.Empty(specs);
    }

    [Fact]
    public void Formats_udp_and_tcp_replies()
    {
        var udp = new TransportSpec { Profile = "RTP/AVP", ClientPorts = (5000, 5001), ServerPorts = (6970, 6971), Ssrc = 0x0A1B2C3D };
        var tcp = new TransportSpec { Profile = "RTP/AVP", LowerTransport = LowerTransport.Tcp, Interleaved = (0, 1), Ssrc = 0xFF, Mode = "PLAY" };

        Assert.Equal("RTP/AVP;unicast;client_port=5000-5001;server_port=6970-6971;ssrc=0A1B2C3D", udp.ToString());
        Assert.Equal("RTP/AVP/TCP;unicast;interleaved=0-1;ssrc=000000FF;mode=PLAY", tcp.ToString());
    }

    [Fact]
    public void Formatted_spec_parses_back()
    {
        var spec = new TransportSpec { Profile = "RTP/AVP", Unicast = false, Destination = "239.0.0.1", ClientPorts = (1, 2), Ssrc = 7 };

        Assert.True(TransportHeader.TryParse(spec.ToString(), out var specs));
        Assert.Equal(spec, specs[0]);
    }
}
