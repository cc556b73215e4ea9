using System.Diagnostics;
using MediaActors.LoadClient.WebSocket;

namespace MediaActors.LoadClient.Churn;

/// <summary>
/// One visit of a churning reader: it starts playing its session over its kind, watches what it
/// receives every <see cref="WatchInterval"/> until its play time is over or the server ended it,
/// and leaves. On the way it records, in <see cref="ChurnEvents"/>: "play", every "silence" (no
/// media for longer than <see cref="SilenceAfter"/>, recorded once media comes again, with when it
/// began), every "loss" (packets its sequence numbers skipped, with when they were seen) and
/// "leave" (why, and its totals); a start that failed is a "fail".
/// </summary>
public sealed class ChurnReader(int id, ChurnTarget target, ReaderKind kind, TimeSpan playFor, ChurnEvents events)
{
    private static readonly TimeSpan WatchInterval = TimeSpan.FromMilliseconds(50);

    /// <summary>A pause in media longer than this is a silence: 10 frames at 30 fps (an HLS reader gets one segment per GOP, so its silences are long by nature; the soak reads them apart).</summary>
    private static readonly TimeSpan SilenceAfter = TimeSpan.FromMilliseconds(300);

    public async Task VisitAsync(CancellationToken cancellation)
    {
        var errors = new ErrorLog();
        await using var client = Create(errors);
        await client.StartAsync(cancellation);
        if (!client.IsPlaying)
        {
            Record("fail", ("error", errors.First.FirstOrDefault() ?? "not playing"));
            return;
        }

        Record("play");
        var reason = await WatchAsync(client, errors, cancellation);
        if (reason == "done")
        {
            await client.TeardownAsync();
        }

        var totals = client.Statistics.Snapshot();
        Record("leave", ("reason", reason), ("packets", totals.Packets), ("lost", totals.Lost),
            ("last_media", totals.LastPacketAt == 0 ? null : ChurnEvents.Wall(totals.LastPacketAt)));
    }

    /// <summary>Returns why the visit ended: "done" (its time was up, or the churn stopped), or what the server did to it.</summary>
    private async Task<string> WatchAsync(IStreamClient client, ErrorLog errors, CancellationToken cancellation)
    {
        var until = Stopwatch.GetTimestamp() + (long)(playFor.TotalSeconds * Stopwatch.Frequency);
        var nextKeepAlive = Stopwatch.GetTimestamp() + (long)(20 * Stopwatch.Frequency);
        var silenceTicks = (long)(SilenceAfter.TotalSeconds * Stopwatch.Frequency);
        long lastSeen = 0, lost = 0;
        var silent = false;
        while (Stopwatch.GetTimestamp() < until && !cancellation.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(WatchInterval, cancellation);
            }
            catch (OperationCanceledException)
            {
                break;
            }

            var now = Stopwatch.GetTimestamp();
            var snapshot = client.Statistics.Snapshot();
            if (snapshot.Lost > lost)
            {
                Record("loss", ("n", snapshot.Lost - lost));
                lost = snapshot.Lost;
            }

            if (snapshot.LastPacketAt != lastSeen)
            {
                if (silent)
                {
                    Record("silence", ("from", ChurnEvents.Wall(lastSeen == 0 ? client.Statistics.StartedAt : lastSeen)));
                    silent = false;
                }

                lastSeen = snapshot.LastPacketAt;
            }
            else if (now - (lastSeen == 0 ? client.Statistics.StartedAt : lastSeen) > silenceTicks)
            {
                silent = true;
            }

            if (errors.Count > 0)
            {
                return errors.First[0];
            }

            if (now > nextKeepAlive)
            {
                nextKeepAlive = now + (long)(20 * Stopwatch.Frequency);
                _ = client.KeepAliveAsync();
            }
        }

        return "done";
    }

    private IStreamClient Create(ErrorLog errors)
    {
        var options = new LoadOptions(kind == ReaderKind.WebSocket ? target.WebSocket : target.Rtsp, 1,
            kind switch { ReaderKind.Tcp => StreamTransport.Tcp, ReaderKind.WebSocket => StreamTransport.WebSocket, _ => StreamTransport.Udp },
            playFor)
        {
            // A churning reader needs no more than a second or two of media buffered; 4 MiB per reader times 200 is memory the machine does not have to spare.
            ReceiveBufferBytes = 512 * 1024,
        };
        return kind switch
        {
            ReaderKind.Hls => new HlsReader(id, target.HlsPlaylist, errors),
            ReaderKind.WebSocket => new WebSocketViewer(id, options, errors),
            _ => new LoadSession(id, options, errors),
        };
    }

    private void Record(string what, params (string Name, object? Value)[] fields)
    {
        var line = new Dictionary<string, object?>
        {
            ["t"] = Math.Round(ChurnEvents.Now, 3),
            ["ev"] = what,
            ["id"] = id,
            ["session"] = target.Name,
            ["kind"] = kind.ToString().ToLowerInvariant(),
        };
        foreach (var (name, value) in fields)
        {
            line[name] = value is double number ? Math.Round(number, 3) : value;
        }

        events.Write(line);
    }
}
