using System.Net;
using MediaActors.Configuration;
using MediaActors.Testing;

namespace MediaActors.Tests.Facade;

public sealed class RtspUrlTests
{
    [Fact]
    public void The_url_names_the_advertised_address_the_bound_port_and_the_session()
    {
        using var server = new RtspServer(LoopbackSettings.Rtsp with { AdvertisedAddress = "192.0.2.7" });
        server.Init(0);
        server.CreateSession("cam/main", VideoType.H264, false);
        server.Start();

        Assert.Equal($"rtsp://192.0.2.7:{server.Port}/cam/main", server.GetRtspUrl("cam/main"));
        Assert.NotEqual(0, server.Port);
    }

    [Fact]
    public void A_server_bound_to_loopback_advertises_loopback()
    {
        using var server = new RtspServer(LoopbackSettings.Rtsp);
        server.Init(8554);
        server.CreateSession("test", VideoType.H264, false);

        Assert.Equal("rtsp://127.0.0.1:8554/test", server.GetRtspUrl("test"));
    }

    [Fact]
    public void A_server_on_all_interfaces_advertises_a_non_loopback_ipv4_address_or_127_0_0_1()
    {
        using var server = new RtspServer(LoopbackSettings.Rtsp with { BindAddress = IPAddress.Any });
        server.Init(8554);
        server.CreateSession("test", VideoType.H264, false);

        var url = new Uri(server.GetRtspUrl("test"));
        var advertised = IPAddress.Parse(url.Host);
        var upIPv4 = System.Net.NetworkInformation.NetworkInterface.GetAllNetworkInterfaces()
            .Where(nic => nic.OperationalStatus == System.Net.NetworkInformation.OperationalStatus.Up)
            .SelectMany(nic => nic.GetIPProperties().UnicastAddresses)
            .Select(unicast => unicast.Address)
            .Where(address => address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork && !IPAddress.IsLoopback(address))
            .ToList();
        if (upIPv4.Count == 0)
        {
            Assert.Equal(IPAddress.Loopback, advertised);
        }
        else
        {
            Assert.Contains(advertised, upIPv4);
        }

        Assert.Equal(8554, url.Port);
    }
}
