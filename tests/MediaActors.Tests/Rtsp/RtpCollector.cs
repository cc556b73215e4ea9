using MediaActors.Protocol.Codecs;
using MediaActors.Protocol.Codecs.H264;
using MediaActors.Protocol.Rtp;
using MediaActors.Tests.Infrastructure;

namespace MediaActors.Tests.Rtsp;

/// <summary>Reassembles received RTP packets into access units and keeps what a test checks about them.</summary>
public sealed class RtpCollector
{
    private readonly H264Depacketizer _depacketizer = new();
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
            await AddNextAsync(client);
    }

    /// <summary>Reads one interleaved frame and adds it when it is RTP (channel 0).</summary>
    public async Task AddNextAsync(RtspTestClient client)
    {
        var (channel, payload) = await client.ReadInterleavedAsync();
        if (channel == 0)
            Add(payload);
    }

    public void Add(byte[] packet)
    {
        Assert.True(RtpHeader.TryRead(packet, out var header, out _), "not an RTP packet");
        Assert.Equal(96, header.PayloadType);
        FirstSequenceNumber ??= header.SequenceNumber;
        Ssrc ??= header.Ssrc;
        Assert.Equal(Ssrc, header.Ssrc);
        if (_lastSequence is { } last && (ushort)(last + 1) != header.SequenceNumber)
            SequenceGaps++;
        _lastSequence = header.SequenceNumber;
        if (header.Marker)
            MarkerPackets++;
        if (_depacketizer.TryPush(packet, out var accessUnit))
            AccessUnits.Add((accessUnit!, header.Timestamp));
    }

    public static IReadOnlyList<H264NalUnitType> NalTypes(AccessUnit accessUnit) =>
        accessUnit.NalUnits.Select(nal => H264Nal.TypeOf(nal.Span[0])).ToList();
}
