using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;

namespace MediaActors;

/// <summary>What this host's network interfaces say about its own addresses, and the URLs that name it.</summary>
public static class NetworkAddresses
{
    /// <summary>
    /// The host part of a server's URLs: the configured advertised-address, else the bind address
    /// when it is a specific one, else the first non-loopback IPv4 address that is up (127.0.0.1 if none).
    /// </summary>
    public static string Advertised(Configuration.RtspServerSettings settings)
    {
        if (!string.IsNullOrWhiteSpace(settings.AdvertisedAddress))
        {
            return settings.AdvertisedAddress;
        }

        if (!settings.BindAddress.Equals(IPAddress.Any) && !settings.BindAddress.Equals(IPAddress.IPv6Any))
        {
            return settings.BindAddress.ToString();
        }

        return FirstNonLoopbackIPv4()?.ToString() ?? IPAddress.Loopback.ToString();
    }

    /// <summary><c>rtsp://host:port/</c>, with an IPv6 address in brackets.</summary>
    public static string RtspBaseUrl(string host, int port) =>
        $"rtsp://{(host.Contains(':') ? $"[{host}]" : host)}:{port}/";

    /// <summary>The first IPv4 unicast address of an interface that is up and not loopback, or null.</summary>
    public static IPAddress? FirstNonLoopbackIPv4()
    {
        foreach (var nic in NetworkInterface.GetAllNetworkInterfaces())
        {
            if (nic.OperationalStatus != OperationalStatus.Up || nic.NetworkInterfaceType == NetworkInterfaceType.Loopback)
            {
                continue;
            }

            foreach (var unicast in nic.GetIPProperties().UnicastAddresses)
            {
                if (unicast.Address.AddressFamily == AddressFamily.InterNetwork && !IPAddress.IsLoopback(unicast.Address))
                {
                    return unicast.Address;
                }
            }
        }
        return null;
    }
}
