using System.Globalization;
using System.Text;

namespace MediaActors.Protocol.Rtsp;

/// <summary>
/// One alternative of a Transport header (RFC 2326 section 12.39), e.g.
/// RTP/AVP;unicast;client_port=5000-5001, RTP/AVP/TCP;unicast;interleaved=0-1 or
/// RTP/AVP;multicast;destination=224.1.0.1;port=8002-8003;ttl=16.
/// </summary>
public sealed record TransportSpec
{
    /// <summary>The transport protocol and profile without the lower transport, e.g. "RTP/AVP" or "RTP/SAVP".</summary>
    public required string Profile { get; init; }

    /// <summary>UDP unless the spec says /TCP.</summary>
    public LowerTransport LowerTransport { get; init; }

    /// <summary>False when the client asked for multicast.</summary>
    public bool Unicast { get; init; } = true;

    /// <summary>The client's RTP and RTCP ports (UDP).</summary>
    public (int Rtp, int Rtcp)? ClientPorts { get; init; }

    /// <summary>The server's RTP and RTCP ports (UDP); players and NVRs expect them in the reply.</summary>
    public (int Rtp, int Rtcp)? ServerPorts { get; init; }

    /// <summary>The interleaved channels for RTP and RTCP (TCP).</summary>
    public (int Rtp, int Rtcp)? Interleaved { get; init; }

    /// <summary>The SSRC the sender will use.</summary>
    public uint? Ssrc { get; init; }

    /// <summary>PLAY or RECORD, as requested.</summary>
    public string? Mode { get; init; }

    /// <summary>Where the stream goes when not to the client itself: a multicast group in the server's reply.</summary>
    public string? Destination { get; init; }

    /// <summary>The multicast group's RTP and RTCP ports.</summary>
    public (int Rtp, int Rtcp)? Port { get; init; }

    /// <summary>The time-to-live of multicast packets.</summary>
    public int? Ttl { get; init; }

    /// <summary>The spec as a Transport header value, ssrc as 8 hex digits.</summary>
    public override string ToString()
    {
        var value = new StringBuilder(Profile);
        if (LowerTransport == LowerTransport.Tcp)
        {
            value.Append("/TCP");
        }

        value.Append(Unicast ? ";unicast" : ";multicast");
        AppendParameter(value, "destination", Destination);
        AppendRange(value, "port", Port);
        AppendParameter(value, "ttl", Ttl?.ToString(CultureInfo.InvariantCulture));
        AppendRange(value, "client_port", ClientPorts);
        AppendRange(value, "server_port", ServerPorts);
        AppendRange(value, "interleaved", Interleaved);
        AppendParameter(value, "ssrc", Ssrc?.ToString("X8", CultureInfo.InvariantCulture));
        AppendParameter(value, "mode", Mode);
        return value.ToString();
    }

    private static void AppendParameter(StringBuilder value, string name, string? parameter)
    {
        if (parameter is not null)
        {
            value.Append(';').Append(name).Append('=').Append(parameter);
        }
    }

    private static void AppendRange(StringBuilder value, string name, (int First, int Second)? range) =>
        AppendParameter(value, name, range is { } r ? string.Create(CultureInfo.InvariantCulture, $"{r.First}-{r.Second}") : null);
}
