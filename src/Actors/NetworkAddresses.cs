using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;

namespace MediaActors;

/// <summary>What this host's network interfaces say about its own addresses.</summary>
internal static class NetworkAddresses
{
    /// <summary>The first IPv4 unicast address of an interface that is up and not loopback, or null.</summary>
    public static IPAddress? FirstNonLoopbackIPv4()
    {
        foreach (var nic in NetworkInterface.GetAllNetworkInterfaces())
        {
            if (nic.OperationalStatus != OperationalStatus.Up || nic.NetworkInterfaceType == NetworkInterfaceType.Loopback)
                continue;
            foreach (var unicast in nic.GetIPProperties().UnicastAddresses)
            {
                if (unicast.Address.AddressFamily == AddressFamily.InterNetwork && !IPAddress.IsLoopback(unicast.Address))
                    return unicast.Address;
            }
        }
        return null;
    }
}
