using System.Text.Json;

namespace MediaActors.LoadClient;

/// <summary>The outcome of a run, printed as one line of JSON with snake_case names.</summary>
/// <param name="Tls">The TLS protocol and cipher suite the first client to connect negotiated (rtsps://), or null.</param>
/// <param name="ClientsPlaying">Clients whose PLAY was answered 200.</param>
/// <param name="ClientsServed">Clients that received a keyframe and were still receiving at the end of the window.</param>
/// <param name="Packets">RTP packets, or over a WebSocket fMP4 fragments (a message each, one per frame), in the measured window.</param>
/// <param name="Bytes">Headers and payloads of the RTP packets, or the WebSocket messages' payloads (every message), in the measured window.</param>
/// <param name="LostPackets">Sequence numbers missing in the window (RTP's, or the fragments' mfhd's), summed over the clients.</param>
/// <param name="MbpsPerClient">The mean over the served clients of their bits per second, in Mbit/s.</param>
public sealed record LoadResult(
    string Transport,
    string? Tls,
    int ClientsRequested,
    int ClientsPlaying,
    int ClientsServed,
    double MeasuredSeconds,
    long Packets,
    long Bytes,
    long LostPackets,
    double LossPercent,
    double MbpsPerClient,
    double MbpsTotal,
    Percentiles? TtfpMs,
    Percentiles? TtfkMs,
    int Errors,
    IReadOnlyList<string> FirstErrors)
{
    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    public static LoadResult Of(LoadOptions options, string? tls, IReadOnlyList<ClientMeasurement> clients, double seconds, ErrorLog errors)
    {
        long packets = 0, bytes = 0, lost = 0;
        foreach (var client in clients)
        {
            packets += client.Packets;
            bytes += client.Bytes;
            lost += client.Lost;
        }
        var served = clients.Where(client => client.Served).ToList();
        return new LoadResult(
            options.Transport.ToString().ToLowerInvariant(),
            tls,
            options.Clients,
            clients.Count(client => client.Playing),
            served.Count,
            Math.Round(seconds, 3),
            packets,
            bytes,
            lost,
            packets + lost == 0 ? 0 : Math.Round(100.0 * lost / (packets + lost), 3),
            served.Count == 0 ? 0 : Math.Round(served.Average(client => Mbps(client.Bytes, seconds)), 3),
            Math.Round(Mbps(bytes, seconds), 3),
            Percentiles.Of(clients.Where(client => client.FirstPacketMs.HasValue).Select(client => client.FirstPacketMs!.Value)),
            Percentiles.Of(clients.Where(client => client.FirstKeyframeMs.HasValue).Select(client => client.FirstKeyframeMs!.Value)),
            errors.Count,
            errors.First);
    }

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    private static double Mbps(long bytes, double seconds) => seconds <= 0 ? 0 : bytes * 8 / seconds / 1e6;
}
