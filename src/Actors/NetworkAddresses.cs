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

    /// <summary>
    /// Where this host reaches a listener bound to <paramref name="bindAddress"/> itself: loopback
    /// for a wildcard bind (of the same family), else the bound address.
    /// </summary>
    public static IPAddress SelfAddressFor(IPAddress bindAddress) =>
        bindAddress.Equals(IPAddress.Any) ? IPAddress.Loopback
        : bindAddress.Equals(IPAddress.IPv6Any) ? IPAddress.IPv6Loopback
        : bindAddress;

    /// <summary>An address as the host part of a URL: an IPv6 one in brackets.</summary>
    public static string UrlHost(IPAddress address) =>
        address.AddressFamily == AddressFamily.InterNetworkV6 ? $"[{address}]" : address.ToString();

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
