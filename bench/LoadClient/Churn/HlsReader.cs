using System.Globalization;
using System.Net;

namespace MediaActors.LoadClient.Churn;

/// <summary>
/// A plain HLS player of one session: polls the playlist (no blocking reload), fetches the init
/// segment once, then every complete segment that appeared since the last one it fetched, from
/// the newest at its start. The soak needs readers of HLS's path through the server (the muxer,
/// the held requests, the linger), not a low-latency player. A 503 (nothing to play yet, the
/// source away) is waited out; the session gone (404) or an unreachable server ends it.
/// </summary>
public sealed class HlsReader(int number, Uri playlist, ErrorLog errors) : IStreamClient
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(10);
    private readonly HttpClient _http = new(new SocketsHttpHandler { UseProxy = false, PooledConnectionLifetime = TimeSpan.FromMinutes(1) }) { Timeout = RequestTimeout };
    private readonly CancellationTokenSource _stop = new();
    private Task _polling = Task.CompletedTask;
    private long? _lastSegment;

    public HlsStatistics Statistics { get; } = new();

    IReceiveStatistics IStreamClient.Statistics => Statistics;

    public bool IsPlaying { get; private set; }

    public int? GrantedReceiveBufferBytes => null;

    public string? NegotiatedTls => null;

    public async Task StartAsync(CancellationToken cancellation)
    {
        Statistics.Started();
        try
        {
            using var response = await _http.GetAsync(playlist, cancellation);
            if (response.StatusCode != HttpStatusCode.OK)
            {
                throw new HttpRequestException($"playlist answered {(int)response.StatusCode}");
            }

            var text = await response.Content.ReadAsStringAsync(cancellation);
            var init = InitUri(text);
            if (init is not null)
            {
                await FetchAsync(init, cancellation);
            }

            IsPlaying = true;
            await TakeNewSegmentsAsync(text, cancellation);
            _polling = PollAsync(_stop.Token);
        }
        catch (Exception error)
        {
            if (!cancellation.IsCancellationRequested)
            {
                errors.Add($"client {number}: HLS start: {error.Message}");
            }
        }
    }

    public Task KeepAliveAsync() => Task.CompletedTask;

    public async Task TeardownAsync()
    {
        await _stop.CancelAsync();
        await _polling;
    }

    public async ValueTask DisposeAsync()
    {
        await TeardownAsync();
        _http.Dispose();
        _stop.Dispose();
    }

    private async Task PollAsync(CancellationToken stop)
    {
        try
        {
            while (true)
            {
                await Task.Delay(PollInterval, stop);
                using var response = await _http.GetAsync(playlist, stop);
                if (response.StatusCode == HttpStatusCode.ServiceUnavailable)
                {
                    continue;
                }

                if (response.StatusCode != HttpStatusCode.OK)
                {
                    errors.Add($"client {number}: HLS playlist answered {(int)response.StatusCode}");
                    return;
                }

                await TakeNewSegmentsAsync(await response.Content.ReadAsStringAsync(stop), stop);
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }
        catch (Exception error)
        {
            errors.Add($"client {number}: HLS: {error.Message}");
        }
    }

    /// <summary>Fetches the segments listed after the last one taken (only the newest the first time); numbers that fell off the playlist count as lost.</summary>
    private async Task TakeNewSegmentsAsync(string text, CancellationToken cancellation)
    {
        var segments = Segments(text);
        if (segments.Count == 0)
        {
            return;
        }

        var start = _lastSegment is null ? segments.Count - 1 : segments.FindIndex(segment => segment.Number > _lastSegment);
        if (start < 0)
        {
            return;
        }

        for (var index = start; index < segments.Count; index++)
        {
            var (sequence, uri) = segments[index];
            var skipped = _lastSegment is { } last ? Math.Max(0, sequence - last - 1) : 0;
            var bytes = await FetchAsync(uri, cancellation);
            _lastSegment = sequence;
            Statistics.AddSegment(bytes, skipped);
        }
    }

    private async Task<long> FetchAsync(string uri, CancellationToken cancellation)
    {
        var bytes = await _http.GetByteArrayAsync(new Uri(playlist, uri), cancellation);
        return bytes.LongLength;
    }

    private static string? InitUri(string text)
    {
        const string Map = "#EXT-X-MAP:URI=\"";
        var at = text.IndexOf(Map, StringComparison.Ordinal);
        if (at < 0)
        {
            return null;
        }

        var start = at + Map.Length;
        return text[start..text.IndexOf('"', start)];
    }

    /// <summary>The complete segments of a playlist with their media sequence numbers (parts and hints are left out).</summary>
    private static List<(long Number, string Uri)> Segments(string text)
    {
        var segments = new List<(long, string)>();
        long sequence = 0;
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.Trim();
            if (line.StartsWith("#EXT-X-MEDIA-SEQUENCE:", StringComparison.Ordinal))
            {
                sequence = long.Parse(line["#EXT-X-MEDIA-SEQUENCE:".Length..], CultureInfo.InvariantCulture);
            }
            else if (line.Length > 0 && !line.StartsWith('#'))
            {
                segments.Add((sequence++, line));
            }
        }

        return segments;
    }
}
