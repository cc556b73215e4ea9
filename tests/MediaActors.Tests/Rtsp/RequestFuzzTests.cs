using System.Text;
using CsCheck;
using MediaActors.Testing;
using MediaActors.Testing.Rtp;
using MediaActors.Testing.Rtsp;
using MediaActors.Tests.Infrastructure;

namespace MediaActors.Tests.Rtsp;

/// <summary>
/// Property: whatever bytes a peer sends (valid requests mutated at random: flipped, cut, repeated
/// or spliced with control characters), every reply is a well-formed RTSP response (an HTTP one
/// to bytes that start as a tunnel's GET or POST), the server never crashes, and a healthy client
/// streaming meanwhile loses nothing.
/// </summary>
public sealed class RequestFuzzTests
{
    private static readonly string[] Seeds =
    [
        "OPTIONS * RTSP/1.0\r\nCSeq: 1\r\n\r\n",
        "DESCRIBE {url} RTSP/1.0\r\nCSeq: 2\r\nAccept: application/sdp\r\n\r\n",
        "SETUP {url}/trackID=0 RTSP/1.0\r\nCSeq: 3\r\nTransport: RTP/AVP/TCP;unicast;interleaved=0-1\r\n\r\n",
        "SETUP {url}/trackID=0 RTSP/1.0\r\nCSeq: 3\r\nTransport: RTP/AVP;unicast;client_port=50000-50001\r\n\r\n",
        "PLAY {url} RTSP/1.0\r\nCSeq: 4\r\nSession: 0123456789ABCDEF\r\nRange: npt=0.000-\r\n\r\n",
        "GET_PARAMETER {url} RTSP/1.0\r\nCSeq: 5\r\nContent-Length: 4\r\n\r\nping",
        "TEARDOWN {url} RTSP/1.0\r\nCSeq: 6\r\nSession: 0123456789ABCDEF\r\n\r\n",
    ];

    private const string SentinelCSeq = "99";
    private static readonly byte[] Sentinel = Encoding.ASCII.GetBytes($"\r\n\r\nOPTIONS * RTSP/1.0\r\nCSeq: {SentinelCSeq}\r\n\r\n");

    private static readonly byte[] Nasty = "\r\n\0: $%/\t\"\xff;=,"u8.ToArray();

    /// <summary>A seed request and a list of mutations, each (kind, position, length/value).</summary>
    private static readonly Gen<(int Seed, (int Kind, int Position, int Value)[] Mutations)> Requests =
        Gen.Select(Gen.Int[0, Seeds.Length - 1], Gen.Select(Gen.Int[0, 4], Gen.Int[0, 10_000], Gen.Int[0, 255]).Array[0, 6]);

    [Fact]
    public async Task Every_reply_to_mutated_requests_is_well_formed_and_a_healthy_stream_is_untouched()
    {
        var settings = LoopbackSettings.Rtsp with { RequestTimeout = TimeSpan.FromMilliseconds(300) };
        await using var server = await StreamingServer.StartAsync(settings: settings);
        await using var healthy = await server.ConnectAsync();
        await healthy.SetupAndPlayAsync(server.Url);
        var collector = new RtpCollector();
        using var stopWatching = new CancellationTokenSource();
        var watching = Task.Run(async () =>
        {
            while (!stopWatching.IsCancellationRequested)
            {
                await collector.AddNextAsync(healthy);
            }
        });

        await Requests.SampleAsync(async sample =>
        {
            var request = Mutate(Encoding.UTF8.GetBytes(Seeds[sample.Seed].Replace("{url}", server.Url)), sample.Mutations);
            // GET and POST cannot start RTSP: they open an RTSP-over-HTTP tunnel, and a head that
            // cannot be one (GET_PARAMETER with its '_' mutated into a space) is refused in HTTP.
            var opensTunnel = request.AsSpan().StartsWith("GET "u8) || request.AsSpan().StartsWith("POST "u8);
            await using var peer = await server.ConnectAsync();
            peer.ReadTimeout = TimeSpan.FromSeconds(2);
            // A well-formed request after the mutated bytes tells when the server has answered everything.
            await peer.SendRawAsync([.. request, .. Sentinel]);
            for (var replies = 0; replies < 20; replies++)
            {
                TestResponse response;
                try
                {
                    response = await peer.ReadResponseAsync();
                }
                catch (Exception end) when (end is EndOfStreamException or OperationCanceledException or IOException)
                {
                    break;
                }
                catch (InvalidDataException notRtsp) when (opensTunnel)
                {
                    Assert.Matches(@"^not an RTSP response: 'HTTP/1\.[01] [2-5]\d\d ", notRtsp.Message);
                    break;
                }

                Assert.InRange(response.Status, 200, 599);
                if (response.Header("CSeq") == SentinelCSeq)
                {
                    break;
                }
            }
        }, iter: 1000, threads: 2, seed: "0N0XIzNsQ0O2");

        // Two seconds of stream (and whatever arrived during the fuzzing) must be complete.
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        while (collector.AccessUnits.Count < 60 && !watching.IsCompleted)
        {
            await Task.Delay(50, deadline.Token);
        }

        stopWatching.Cancel();
        await healthy.DisposeAsync();
        try
        {
            // The watcher ends, by the cancellation or by its socket closing under a read.
            await watching.WaitAsync(TimeSpan.FromSeconds(5));
        }
        catch (Exception closed) when (closed is not TimeoutException)
        {
        }
        Assert.True(collector.AccessUnits.Count >= 60, $"the healthy client received only {collector.AccessUnits.Count} frames");
        Assert.Equal(0, collector.Probe.Lost);
        await using var after = await server.ConnectAsync();
        Assert.Equal(200, (await after.RequestAsync("OPTIONS", "*")).Status);
    }

    private static byte[] Mutate(byte[] request, (int Kind, int Position, int Value)[] mutations)
    {
        var bytes = request.ToList();
        foreach (var (kind, position, value) in mutations)
        {
            var at = bytes.Count == 0 ? 0 : position % bytes.Count;
            switch (kind)
            {
                case 0 when bytes.Count > 0:
                    bytes[at] ^= (byte)(1 << (value % 8));
                    break;
                case 1:
                    bytes.RemoveRange(at, Math.Min(value % 16, bytes.Count - at));
                    break;
                case 2:
                    bytes.Insert(at, Nasty[value % Nasty.Length]);
                    break;
                case 3 when bytes.Count > 0:
                    bytes.InsertRange(at, bytes.GetRange(at, Math.Min(value % 32, bytes.Count - at)));
                    break;
                case 4:
                    bytes.RemoveRange(at, bytes.Count - at);
                    break;
            }
        }
        return bytes.ToArray();
    }
}
