using MediaActors.Protocol.Codecs;
using MediaActors.Protocol.Codecs.H264;
using MediaActors.Protocol.Rtp;

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
