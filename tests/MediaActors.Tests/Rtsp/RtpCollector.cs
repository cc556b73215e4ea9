using System.Diagnostics;
using System.Net.Sockets;
using MediaActors.Protocol.Codecs;
using MediaActors.Protocol.Codecs.H264;
using MediaActors.Protocol.Formats;
using MediaActors.Protocol.Rtp;
using MediaActors.Testing.Rtp;
using MediaActors.Testing.Rtsp;

namespace MediaActors.Tests.Rtsp;

/// <summary>
/// Receives an H.264 stream the two ways a test needs: <see cref="Probe"/> checks what a player
/// notices (sequence, SSRC, pictures, keyframes, timestamps) with none of the server's code, and
/// <see cref="AccessUnits"/> reassembles the NAL units with the server's depacketizer, for tests of
/// what the pictures hold.
/// </summary>
public sealed class RtpCollector
{
    private readonly NalUnitDepacketizer<H264Format> _depacketizer = new();

    public RtpProbe Probe { get; } = new(Codec.H264);

    public List<(AccessUnit AccessUnit, uint Timestamp)> AccessUnits { get; } = new();

    /// <summary>Reads the client's interleaved frames until <paramref name="accessUnits"/> access units
    /// are complete; RTP is on channel 0, anything else (RTCP on channel 1) is passed over.</summary>
    public async Task CollectAsync(RtspTestClient client, int accessUnits)
    {
        while (AccessUnits.Count < accessUnits)
        {
            await AddNextAsync(client);
        }
    }

    /// <summary>Reads one interleaved frame and adds it when it is RTP (channel 0).</summary>
    public async Task AddNextAsync(RtspTestClient client)
    {
        var (channel, payload) = await client.ReadInterleavedAsync();
        if (channel == 0)
        {
            Add(payload);
        }
    }

    /// <summary>Reads the client's interleaved frames until <paramref name="duration"/> has passed.</summary>
    public async Task CollectForAsync(RtspTestClient client, TimeSpan duration)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < duration)
        {
            await AddNextAsync(client);
        }
    }

    /// <summary>Receives the datagrams of a UDP client's RTP socket until <paramref name="duration"/> has passed.</summary>
    public async Task CollectForAsync(UdpClient rtp, TimeSpan duration)
    {
        using var deadline = new CancellationTokenSource(duration);
        try
        {
            while (true)
            {
                Add((await rtp.ReceiveAsync(deadline.Token)).Buffer);
            }
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested)
        {
            // The time is up.
        }
    }

    /// <summary>Adds one packet: it must be RTP of the stream's one SSRC and the video payload type.</summary>
    public void Add(byte[] packet)
    {
        Probe.Add(packet);
        Assert.Equal((0L, 0L), (Probe.NotRtp, Probe.ForeignPackets));
        Assert.Equal((byte)96, Probe.PayloadType);
        if (_depacketizer.TryPush(packet, out var accessUnit))
        {
            AccessUnits.Add((accessUnit!, Probe.Pictures[^1].RtpTimestamp));
        }
    }

    public static IReadOnlyList<H264NalUnitType> NalTypes(AccessUnit accessUnit) =>
        accessUnit.NalUnits.Select(nal => H264Nal.TypeOf(nal.Span[0])).ToList();
}
