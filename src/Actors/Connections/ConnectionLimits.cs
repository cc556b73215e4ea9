using System.Net;
using Akka.Actor;

namespace MediaActors.Connections;

/// <summary>
/// The listener's count of open RTSP connections, in all and per client address, against
/// max-connections and max-connections-per-ip: a single client cannot take every connection
/// the server has room for.
/// </summary>
public sealed class ConnectionLimits(int maxConnections, int maxPerAddress)
{
    private readonly Dictionary<IActorRef, IPAddress> _addressOf = new();
    private readonly Dictionary<IPAddress, int> _perAddress = new();

    /// <summary>Connections open now.</summary>
    public int Count => _addressOf.Count;

    /// <summary>Why a new connection from <paramref name="address"/> would be one too many, or null when there is room.</summary>
    public string? Refusal(IPAddress address)
    {
        if (Count >= maxConnections)
        {
            return $"{maxConnections} connections is the configured maximum (max-connections)";
        }

        return maxPerAddress > 0 && _perAddress.GetValueOrDefault(Normalized(address)) >= maxPerAddress
            ? $"{maxPerAddress} connections from one address is the configured maximum (max-connections-per-ip)"
            : null;
    }

    /// <summary>Counts <paramref name="connection"/>, from <paramref name="address"/>, until <see cref="Remove"/>.</summary>
    public void Add(IActorRef connection, IPAddress address)
    {
        address = Normalized(address);
        _addressOf[connection] = address;
        _perAddress[address] = _perAddress.GetValueOrDefault(address) + 1;
    }

    /// <summary>Stops counting <paramref name="connection"/> (it ended); false when it was not counted.</summary>
    public bool Remove(IActorRef connection)
    {
        if (!_addressOf.Remove(connection, out var address))
        {
            return false;
        }

        if (--_perAddress[address] == 0)
        {
            _perAddress.Remove(address);
        }

        return true;
    }

    // A dual-stack listener sees IPv4 clients as ::ffff:a.b.c.d; one client is one address either way.
    private static IPAddress Normalized(IPAddress address) => address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
}
