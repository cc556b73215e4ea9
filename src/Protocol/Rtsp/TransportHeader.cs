using System.Globalization;

namespace MediaActors.Protocol.Rtsp;

/// <summary>Parses the Transport header of a SETUP request (RFC 2326 section 12.39).</summary>
public static class TransportHeader
{
    private const int MaxPort = 65535;
    private const int MaxChannel = 255;
    private const int MaxTtl = 255;
    private const int MaxSsrcHexDigits = 8;

    /// <summary>
    /// Parses the comma-separated alternatives of <paramref name="value"/>, in the client's order
    /// of preference. Parameters may come in any order and case; unknown ones are ignored; a
    /// single port or channel n means n to n+1. Returns false (never throws) when any alternative
    /// is malformed: no transport/profile, a lower transport other than UDP or TCP, or a port,
    /// channel, TTL or SSRC out of range.
    /// </summary>
    /// <remarks>Any RTP profile is reported (RTP/AVP, RTP/AVPF, RTP/SAVP...); rejecting unsupported ones with 461 is the server's decision.</remarks>
    public static bool TryParse(string value, out IReadOnlyList<TransportSpec> specs)
    {
        specs = [];
        if (string.IsNullOrWhiteSpace(value))
        {
            return false;
        }

        var parsed = new List<TransportSpec>();
        foreach (var alternative in value.Split(',', StringSplitOptions.TrimEntries))
        {
            if (!TryParseSpec(alternative, out var spec))
            {
                return false;
            }

            parsed.Add(spec);
        }

        specs = parsed;
        return true;
    }

    private static bool TryParseSpec(string text, out TransportSpec spec)
    {
        spec = null!;
        var parts = text.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length == 0 || !TryParseProtocol(parts[0], out var profile, out var lowerTransport))
        {
            return false;
        }

        var result = new TransportSpec { Profile = profile, LowerTransport = lowerTransport };
        for (var i = 1; i < parts.Length; i++)
        {
            var equals = parts[i].IndexOf('=');
            var name = (equals < 0 ? parts[i] : parts[i][..equals]).Trim().ToLowerInvariant();
            var argument = equals < 0 ? string.Empty : parts[i][(equals + 1)..].Trim().Trim('"');
            var valid = true;
            switch (name)
            {
                case "unicast":
                    result = result with { Unicast = true };
                    break;
                case "multicast":
                    result = result with { Unicast = false };
                    break;
                case "client_port":
                    valid = TryParsePair(argument, MaxPort, out var clientPorts);
                    result = result with { ClientPorts = clientPorts };
                    break;
                case "port":
                    valid = TryParsePair(argument, MaxPort, out var multicastPorts);
                    result = result with { Port = multicastPorts };
                    break;
                case "ttl":
                    valid = TryParseNumber(argument, MaxTtl, out var ttl);
                    result = result with { Ttl = ttl };
                    break;
                case "server_port":
                    valid = TryParsePair(argument, MaxPort, out var serverPorts);
                    result = result with { ServerPorts = serverPorts };
                    break;
                case "interleaved":
                    valid = TryParsePair(argument, MaxChannel, out var channels);
                    result = result with { Interleaved = channels };
                    break;
                case "ssrc":
                    valid = TryParseSsrc(argument, out var ssrc);
                    result = result with { Ssrc = ssrc };
                    break;
                case "mode":
                    valid = argument.Length > 0;
                    result = result with { Mode = argument };
                    break;
                case "destination":
                    valid = argument.Length > 0;
                    result = result with { Destination = argument };
                    break;
            }

            if (!valid)
            {
                return false;
            }
        }

        spec = result;
        return true;
    }

    /// <summary>"RTP/AVP", "RTP/AVP/UDP", "RTP/AVP/TCP", "RTP/SAVP"...: profile plus optional lower transport.</summary>
    private static bool TryParseProtocol(string text, out string profile, out LowerTransport lowerTransport)
    {
        var parts = text.ToUpperInvariant().Split('/');
        profile = parts.Length >= 2 ? $"{parts[0]}/{parts[1]}" : string.Empty;
        lowerTransport = LowerTransport.Udp;
        var namesValid = parts.Length is 2 or 3 && RtspSyntax.IsToken(parts[0]) && RtspSyntax.IsToken(parts[1]);
        if (parts.Length == 3)
        {
            if (parts[2] == "TCP")
            {
                lowerTransport = LowerTransport.Tcp;
            }
            else if (parts[2] != "UDP")
            {
                return false;
            }
        }

        return namesValid;
    }

    /// <summary>"n-m" or "n" (meaning n to n+1), both within 0..<paramref name="max"/>.</summary>
    private static bool TryParsePair(string text, int max, out (int, int)? pair)
    {
        pair = null;
        var dash = text.IndexOf('-');
        if (!TryParseNumber(dash < 0 ? text : text[..dash], max, out var first))
        {
            return false;
        }

        var second = first + 1;
        if ((dash >= 0 && !TryParseNumber(text[(dash + 1)..], max, out second)) || second > max)
        {
            return false;
        }

        pair = (first, second);
        return true;
    }

    private static bool TryParseNumber(string text, int max, out int number) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out number) && number <= max;

    private static bool TryParseSsrc(string text, out uint ssrc)
    {
        ssrc = 0;
        return text.Length is > 0 and <= MaxSsrcHexDigits
            && uint.TryParse(text, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out ssrc);
    }
}
