using System.Net;
using MediaActors.Protocol.Rtsp;

namespace MediaActors.Protocol.Tests.Rtsp;

public sealed class TransportNegotiationTests
{
    private const uint Ssrc = 0x0A1B2C3D;
    private static readonly (int, int) ServerPorts = (6970, 6971);
    private static readonly MulticastDestination Group = new(IPAddress.Parse("224.1.0.1"), (8002, 8003), 16);

    [Fact]
    public void Udp_unicast_with_client_ports_is_sent_to_them_from_the_server_ports()
    {
        var accepted = Choose("RTP/AVP;unicast;client_port=5000-5001");

        Assert.Equal((LowerTransport.Udp, (5000, 5001)), (accepted!.LowerTransport, accepted.Ports));
        Assert.Equal("RTP/AVP;unicast;client_port=5000-5001;server_port=6970-6971;ssrc=0A1B2C3D", accepted.Reply.ToString());
    }

    [Theory]
    [InlineData("RTP/AVP;unicast;client_port=0-1")]
    [InlineData("RTP/AVP;unicast")]
    public void Udp_without_a_client_rtp_port_is_refused(string transport) => Assert.Null(Choose(transport));

    [Fact]
    public void Tcp_keeps_the_channels_the_client_names_when_they_are_free()
    {
        var accepted = Choose("RTP/AVP/TCP;unicast;interleaved=4-5", (0, 1));

        Assert.Equal((LowerTransport.Tcp, (4, 5)), (accepted!.LowerTransport, accepted.Ports));
        Assert.Equal("RTP/AVP/TCP;unicast;interleaved=4-5;ssrc=0A1B2C3D", accepted.Reply.ToString());
    }

    [Fact]
    public void Tcp_channels_in_use_give_way_to_the_lowest_free_even_pair()
    {
        var accepted = Choose("RTP/AVP/TCP;unicast;interleaved=2-3", (0, 1), (2, 3), (6, 7));

        Assert.Equal((4, 5), accepted!.Ports);
        Assert.Equal((4, 5), accepted.Reply.Interleaved);
    }

    [Fact]
    public void Tcp_without_channels_gets_the_lowest_free_even_pair()
    {
        Assert.Equal((0, 1), Choose("RTP/AVP/TCP;unicast")!.Ports);
        Assert.Equal((2, 3), Choose("RTP/AVP/TCP;unicast", (0, 1))!.Ports);
    }

    [Theory]
    [InlineData("RTP/AVP;multicast;client_port=5000-5001")]
    [InlineData("RTP/AVP/TCP;multicast")]
    [InlineData("RTP/SAVP;unicast;client_port=5000-5001")]
    [InlineData("RAW/RAW/UDP;unicast;client_port=5000-5001")]
    public void Multicast_without_a_group_and_other_profiles_are_passed_over(string unsupported)
    {
        Assert.Null(Choose(unsupported));
        Assert.Equal(LowerTransport.Tcp, Choose(unsupported + ",RTP/AVP/TCP;unicast")!.LowerTransport);
    }

    [Theory]
    [InlineData("RTP/AVP;unicast;destination=192.0.2.7;client_port=5000-5001")]
    [InlineData("RTP/AVP/TCP;unicast;destination=192.0.2.7;interleaved=0-1")]
    public void A_destination_is_ignored_and_not_echoed(string transport)
    {
        var accepted = Choose(transport);

        Assert.Null(accepted!.Reply.Destination);
        Assert.DoesNotContain("destination", accepted.Reply.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Multicast_goes_to_the_servers_group_with_its_ports_and_ttl()
    {
        var accepted = ChooseMulticast("RTP/AVP;multicast");

        Assert.True(accepted!.IsMulticast);
        Assert.Equal((LowerTransport.Udp, (8002, 8003)), (accepted.LowerTransport, accepted.Ports));
        Assert.Equal("RTP/AVP;multicast;destination=224.1.0.1;port=8002-8003;ttl=16;ssrc=0A1B2C3D", accepted.Reply.ToString());
    }

    [Theory]
    [InlineData("RTP/AVP;multicast;destination=192.0.2.7;port=5000-5001;ttl=127")]
    [InlineData("RTP/AVP;multicast;destination=224.9.9.9;client_port=5000-5001")]
    public void A_clients_multicast_destination_port_and_ttl_are_replaced_by_the_servers(string transport)
    {
        var accepted = ChooseMulticast(transport);

        Assert.Equal((8002, 8003), accepted!.Ports);
        Assert.Equal("RTP/AVP;multicast;destination=224.1.0.1;port=8002-8003;ttl=16;ssrc=0A1B2C3D", accepted.Reply.ToString());
    }

    [Fact]
    public void Multicast_is_chosen_only_where_the_client_prefers_it()
    {
        Assert.False(ChooseMulticast("RTP/AVP/TCP;unicast,RTP/AVP;multicast")!.IsMulticast);
        Assert.True(ChooseMulticast("RTP/AVP;multicast,RTP/AVP/TCP;unicast")!.IsMulticast);
        Assert.Null(ChooseMulticast("RTP/AVP/TCP;multicast"));
    }

    [Fact]
    public void Over_tls_multicast_is_refused_like_any_udp()
    {
        Assert.True(TransportHeader.TryParse("RTP/AVP;multicast", out var offered));

        Assert.Null(TransportNegotiation.Choose(offered, ServerPorts, [], Ssrc, Group, interleavedOnly: true));
    }

    [Theory]
    [InlineData("RTP/AVP;multicast", true)]
    [InlineData("RTP/AVP/TCP;unicast,RTP/AVP/UDP;multicast", true)]
    [InlineData("RTP/AVP/TCP;multicast", false)]
    [InlineData("RTP/SAVP;multicast", false)]
    [InlineData("RTP/AVP;unicast;client_port=5000-5001", false)]
    public void Offers_multicast_only_for_rtp_avp_over_udp(string transport, bool offers)
    {
        Assert.True(TransportHeader.TryParse(transport, out var offered));
        Assert.Equal(offers, TransportNegotiation.OffersMulticast(offered));
    }

    [Fact]
    public void The_first_acceptable_alternative_in_the_clients_order_wins()
    {
        Assert.Equal(LowerTransport.Udp, Choose("RTP/AVP;unicast;client_port=5000-5001,RTP/AVP/TCP;unicast")!.LowerTransport);
        Assert.Equal(LowerTransport.Tcp, Choose("RTP/AVP/TCP;unicast,RTP/AVP;unicast;client_port=5000-5001")!.LowerTransport);
        Assert.Equal((6000, 6001), Choose("RTP/AVP;unicast;client_port=0-1,RTP/AVP;unicast;client_port=6000-6001")!.Ports);
    }

    [Fact]
    public void Nothing_acceptable_is_null()
    {
        Assert.Null(Choose("RTP/AVP;multicast,RTP/SAVP/TCP;unicast,RTP/AVP;unicast"));
    }

    private static AcceptedTransport? Choose(string transport, params (int, int)[] channelsInUse)
    {
        Assert.True(TransportHeader.TryParse(transport, out var offered));
        return TransportNegotiation.Choose(offered, ServerPorts, channelsInUse, Ssrc);
    }

    private static AcceptedTransport? ChooseMulticast(string transport)
    {
        Assert.True(TransportHeader.TryParse(transport, out var offered));
        return TransportNegotiation.Choose(offered, ServerPorts, [], Ssrc, Group);
    }
}
