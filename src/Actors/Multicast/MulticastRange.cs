using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace MediaActors.Multicast;

/// <summary>
/// The IPv4 multicast block groups are taken from (CIDR, such as 224.1.0.0/16), and the choice of
/// a session's group: the lowest address no other session has, the network address left out, as
/// gst-rtsp-server's address pool and MediaMTX do, so a restarted server hands out the same groups
/// in the same order; and where an address comes in the range (which ports go with it).
/// </summary>
public sealed class MulticastRange
{
    // 224.0.0.0/4 (RFC 5771).
    private const uint MulticastBlock = 0xE000_0000;
    private const int MulticastPrefix = 4;

    // At least two addresses: the network address, which is never handed out, and one group.
    private const int LongestPrefix = 31;

    private readonly uint _network;
    private readonly uint _last;

    private MulticastRange(uint network, int prefix)
    {
        _network = network;
        _last = network | (uint)((1L << (32 - prefix)) - 1);
        Text = string.Create(CultureInfo.InvariantCulture, $"{ToAddress(network)}/{prefix}");
    }

    /// <summary>The range as CIDR text.</summary>
    public string Text { get; }

    /// <summary>How many groups the range can hand out at once.</summary>
    public long Capacity => (long)_last - _network;

    /// <summary>Parses CIDR text; false, with the reason, for anything that is not an IPv4 block inside 224.0.0.0/4.</summary>
    public static bool TryParse(string text, [NotNullWhen(true)] out MulticastRange? range, [NotNullWhen(false)] out string? error)
    {
        range = null;
        var slash = text.IndexOf('/');
        if (slash < 0 || !IPAddress.TryParse(text[..slash], out var address) || address.AddressFamily != AddressFamily.InterNetwork
            || !int.TryParse(text[(slash + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var prefix))
        {
            error = $"'{text}' is not an IPv4 block such as 224.1.0.0/16";
            return false;
        }

        if (prefix is < MulticastPrefix or > LongestPrefix)
        {
            error = $"'{text}': the prefix length must be between {MulticastPrefix} and {LongestPrefix}";
            return false;
        }

        var network = ToNumber(address) & (uint.MaxValue << (32 - prefix));
        if ((network & 0xF000_0000) != MulticastBlock)
        {
            error = $"'{text}' is not inside the multicast block 224.0.0.0/4";
            return false;
        }

        range = new MulticastRange(network, prefix);
        error = null;
        return true;
    }

    /// <summary>
    /// The lowest address of the range, past its network address, that is not in <paramref name="inUse"/>;
    /// null when all are, or all of the first <paramref name="limit"/> when one is given.
    /// </summary>
    public IPAddress? LowestFree(IReadOnlySet<IPAddress> inUse, long limit = long.MaxValue)
    {
        var last = limit >= Capacity ? _last : _network + limit;
        for (var candidate = (long)_network + 1; candidate <= last; candidate++)
        {
            var address = ToAddress((uint)candidate);
            if (!inUse.Contains(address))
            {
                return address;
            }
        }

        return null;
    }

    /// <summary>Where <paramref name="address"/>, an address of the range, comes in it: 0 for the first one handed out.</summary>
    public int IndexOf(IPAddress address) => checked((int)(ToNumber(address) - _network - 1));

    public override string ToString() => Text;

    private static uint ToNumber(IPAddress address) => BinaryPrimitives.ReadUInt32BigEndian(address.GetAddressBytes());

    private static IPAddress ToAddress(uint number)
    {
        Span<byte> bytes = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, number);
        return new IPAddress(bytes);
    }
}
