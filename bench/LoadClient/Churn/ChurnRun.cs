namespace MediaActors.LoadClient.Churn;

/// <summary>What a churn does: how many readers at once, of which sessions, how long each plays.</summary>
public sealed record ChurnOptions(IReadOnlyList<ChurnTarget> Targets, int Readers, TimeSpan Duration, TimeSpan MinPlay, TimeSpan MaxPlay, int Seed);

/// <summary>
/// Keeps <see cref="ChurnOptions.Readers"/> readers churning for the duration: each slot picks a
/// random session and a random kind (UDP, TCP, WebSocket, HLS in turn equally likely), plays it for
/// a random time between the bounds, leaves, and starts again. A failed start (the session is
/// away while its node restarts) is retried a second later with a new pick. The slots start
/// spread over the first seconds so that 200 set-ups do not land at once.
/// </summary>
public static class ChurnRun
{
    private static readonly TimeSpan RetryAfterFailure = TimeSpan.FromSeconds(1);

    public static async Task RunAsync(ChurnOptions options, ChurnEvents events, TextWriter log, CancellationToken cancellation)
    {
        using var end = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        end.CancelAfter(options.Duration);
        var flushing = FlushAsync(events, end.Token);
        var kinds = Enum.GetValues<ReaderKind>();
        var nextId = 0;
        var slots = Enumerable.Range(0, options.Readers).Select(async slot =>
        {
            var random = new Random(options.Seed * 7919 + slot);
            try
            {
                await Task.Delay(TimeSpan.FromMilliseconds(slot * 20), end.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            while (!end.IsCancellationRequested)
            {
                var target = options.Targets[random.Next(options.Targets.Count)];
                var kind = kinds[random.Next(kinds.Length)];
                var play = options.MinPlay + (options.MaxPlay - options.MinPlay) * random.NextDouble();
                var reader = new ChurnReader(Interlocked.Increment(ref nextId), target, kind, play, events);
                try
                {
                    await reader.VisitAsync(end.Token);
                }
                catch (Exception error)
                {
                    log.WriteLine($"churn: reader of {target.Name} failed: {error.Message}");
                }

                await Task.Delay(TimeSpan.FromMilliseconds(random.Next(0, 200)), CancellationToken.None);
            }
        }).ToArray();
        log.WriteLine($"churn: {options.Readers} readers over {options.Targets.Count} sessions for {options.Duration.TotalSeconds:0} s");
        log.Flush();
        await Task.WhenAll(slots);
        await flushing;
        events.Flush();
        log.WriteLine($"churn: done, {nextId} visits");
    }

    private static async Task FlushAsync(ChurnEvents events, CancellationToken end)
    {
        while (!end.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(TimeSpan.FromSeconds(1), end);
            }
            catch (OperationCanceledException)
            {
                break;
            }

            events.Flush();
        }
    }
}
