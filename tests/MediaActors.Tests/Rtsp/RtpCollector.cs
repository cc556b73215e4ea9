using System.Diagnostics;
using System.Net.Sockets;
using MediaActors.Protocol.Codecs;
using MediaActors.Protocol.Codecs.H264;
using MediaActors.Protocol.Formats;
using MediaActors.Protocol.Rtp;
using MediaActors.Testing.Rtp;
using MediaActors.Tests.Infrastructure;

namespace MediaActors.Tests.Rtsp;

/// <summary>Reassembles received RTP packets into access units and keeps what a test checks about them.</summary>
public sealed class RtpCollector
{
    private readonly NalUnitDepacketizer<H264Format> _depacketizer = new();
    private ushort? _lastSequence;

    public List<(AccessUnit AccessUnit, uint Timestamp)> AccessUnits { get; } = new();

    public ushort? FirstSequenceNumber { get; private set; }

    public uint? Ssrc { get; private set; }

    public int SequenceGaps { get; private set; }

    public int MarkerPackets { get; private set; }

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

    public void Add(byte[] packet)
    {
        Assert.True(RtpHeader.TryRead(packet, out var header, out _), "not an RTP packet");
        Assert.Equal(96, header.PayloadType);
        FirstSequenceNumber ??= header.SequenceNumber;
        Ssrc ??= header.Ssrc;
        Assert.Equal(Ssrc, header.Ssrc);
        if (_lastSequence is { } last && (ushort)(last + 1) != header.SequenceNumber)
        {
            SequenceGaps++;
        }

        _lastSequence = header.SequenceNumber;
        if (header.Marker)
        {
            MarkerPackets++;
        }

        if (_depacketizer.TryPush(packet, out var accessUnit))
        {
            AccessUnits.Add((accessUnit!, header.Timestamp));
        }
    }

    /// <summary>
    /// True when an H.264 RTP packet is the first of a keyframe as this server sends it: the parameter
    /// sets that precede every IDR (a STAP-A starting with the SPS, or the SPS alone), or the IDR slice itself
    /// (whole, or the first FU-A fragment).
    /// </summary>
    public static bool StartsKeyframe(byte[] packet)
    {
        Assert.True(RtpHeader.TryRead(packet, out _, out var payloadOffset), "not an RTP packet");
        var payload = packet.AsSpan(payloadOffset);
        return H264Nal.TypeOf(payload[0]) switch
        {
            H264NalUnitType.StapA => payload.Length > 3 && H264Nal.TypeOf(payload[3]) == H264NalUnitType.Sps,
            H264NalUnitType.FuA => payload.Length > 1 && (payload[1] & 0x80) != 0 && H264Nal.TypeOf(payload[1]) == H264NalUnitType.IdrSlice,
            H264NalUnitType.Sps or H264NalUnitType.IdrSlice => true,
            _ => false,
        };
    }

    public static IReadOnlyList<H264NalUnitType> NalTypes(AccessUnit accessUnit) =>
        accessUnit.NalUnits.Select(nal => H264Nal.TypeOf(nal.Span[0])).ToList();
}
