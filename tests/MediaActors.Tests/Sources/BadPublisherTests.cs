using System.Text;
using MediaActors.Protocol.Codecs;
using MediaActors.Protocol.Formats;
using MediaActors.Testing;
using MediaActors.Testing.Rtp;
using MediaActors.Testing.Rtsp;
using MediaActors.Tests.Infrastructure;

namespace MediaActors.Tests.Sources;

/// <summary>
/// Publishers that break the rules are cut off, each with its status, while the reader of their
/// path stays connected and goes on with the next publisher, without a gap in its sequence numbers.
/// </summary>
public sealed class BadPublisherTests
{
    private const string Sdp = "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=raw\r\nt=0 0\r\nm=video 0 RTP/AVP 96\r\na=rtpmap:96 H264/90000\r\na=control:trackID=0\r\n";

    [Fact]
    public async Task A_publisher_sending_beyond_what_it_set_up_or_garbage_is_cut_off_and_the_reader_stays()
    {
        var accessUnits = await EncodedTestStream.GetAccessUnitsAsync();
        await using var serve = await ServeProcess.StartAsync();
        var url = serve.UrlOf("live/raw");

        var first = await RawPublisher.StartAsync(serve.Port, url, accessUnits);
        await using var reader = await RtspTestClient.ConnectAsync(serve.Port);
        await reader.SetupAndPlayAsync(url);
        var probe = new RtpProbe(Codec.H264);
        await reader.ReadRtpAsync(probe, pictures: 20);

        // Media on a channel it never set up: more than it announced.
        await first.StopAsync(sendAfter: RawPublisher.Interleaved(channel: 4, new byte[100]));
        Assert.True(await first.Client.IsClosedByServerAsync(TimeSpan.FromSeconds(5)), "the publisher is cut off");

        var second = await RawPublisher.StartAsync(serve.Port, url, accessUnits);
        await reader.ReadRtpAsync(probe, probe.Pictures.Count + 20);
        // Bytes that are neither a request nor an interleaved frame: the framing is lost.
        await second.StopAsync(sendAfter: Encoding.ASCII.GetBytes("\x01\x02 not RTSP at all\r\n\r\n"));
        Assert.True(await second.Client.IsClosedByServerAsync(TimeSpan.FromSeconds(5)), "the publisher is cut off");

        var third = await RawPublisher.StartAsync(serve.Port, url, accessUnits);
        await reader.ReadRtpAsync(probe, probe.Pictures.Count + 20);
        await third.StopAsync(sendAfter: null);

        Assert.Equal(0, probe.Lost);
        Assert.Equal(0, probe.TimestampRegressions);
        Assert.Contains(serve.LogLines("ends:"), line => line.Contains("channel 4, which it did not set up", StringComparison.Ordinal));
        Assert.Contains(serve.LogLines("RTSP connection from"), line => line.Contains("400", StringComparison.Ordinal));
    }

    /// <summary>A publisher written by hand: ANNOUNCE, SETUP (TCP), RECORD, then the test stream's access units at 25 fps.</summary>
    private sealed class RawPublisher
    {
        private readonly CancellationTokenSource _stop = new();
        private Task _sending = Task.CompletedTask;

        private RawPublisher(RtspTestClient client) => Client = client;

        public RtspTestClient Client { get; }

        public static async Task<RawPublisher> StartAsync(int port, string url, IReadOnlyList<byte[]> accessUnits)
        {
            var client = await RtspTestClient.ConnectAsync(port);
            var announced = await client.RequestWithBodyAsync("ANNOUNCE", url, Sdp, ("Content-Type", "application/sdp"));
            Assert.Equal(200, announced.Status);
            var setup = await client.RequestAsync("SETUP", url + "/trackID=0", ("Transport", "RTP/AVP/TCP;unicast;interleaved=0-1;mode=record"));
            Assert.Equal(200, setup.Status);
            var session = setup.Header("Session")!.Split(';')[0];
            Assert.Equal(200, (await client.RequestAsync("RECORD", url, ("Session", session))).Status);
            var publisher = new RawPublisher(client);
            publisher._sending = publisher.SendAsync(accessUnits);
            return publisher;
        }

        public static byte[] Interleaved(byte channel, byte[] payload) =>
            [(byte)'$', channel, (byte)(payload.Length >> 8), (byte)payload.Length, .. payload];

        /// <summary>Stops sending media, then sends <paramref name="sendAfter"/> (the offence), if any.</summary>
        public async Task StopAsync(byte[]? sendAfter)
        {
            await _stop.CancelAsync();
            await _sending;
            if (sendAfter is not null)
            {
                await Client.SendRawAsync(sendAfter);
            }
        }

        private async Task SendAsync(IReadOnlyList<byte[]> accessUnits)
        {
            var format = CodecFormat.H264;
            var assembler = format.CreateAssembler();
            var packetizer = format.CreatePacketizer(0x1234, 1000, 96, 1400);
            var units = new List<AccessUnit>();
            using var ticks = new PeriodicTimer(TimeSpan.FromMilliseconds(40));
            for (var frame = 0; !_stop.IsCancellationRequested; frame++)
            {
                units.Clear();
                assembler.Push(accessUnits[frame % accessUnits.Count], units);
                foreach (var unit in units)
                {
                    await Client.SendRawAsync(packetizer.Packetize(unit, (uint)(frame * 3600)).Interleaved(0).ToArray());
                }

                try
                {
                    await ticks.WaitForNextTickAsync(_stop.Token);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }
}
