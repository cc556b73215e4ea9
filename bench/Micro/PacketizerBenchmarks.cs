using BenchmarkDotNet.Attributes;
using MediaActors.Protocol.Codecs;
using MediaActors.Protocol.Formats;
using MediaActors.Protocol.Rtp;

namespace MediaActors.Micro;

/// <summary>
/// Packetizing one access unit, done once per frame for all clients. What it allocates is the
/// batch itself (the packets back to back, and their ends): nothing per packet.
/// </summary>
[MemoryDiagnoser]
[ShortRunJob]
public class PacketizerBenchmarks
{
    private AccessUnit _accessUnit = null!;
    private NalUnitPacketizer<H264Format> _packetizer = null!;

    [Params(Frames.PredictedSliceBytes, Frames.KeyframeSliceBytes, Frames.LargeKeyframeSliceBytes)]
    public int SliceBytes { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _accessUnit = Frames.AccessUnit(SliceBytes);
        _packetizer = new NalUnitPacketizer<H264Format>(ssrc: 0x1234, initialSequenceNumber: 1);
    }

    [Benchmark]
    public RtpPacketBatch Packetize() => _packetizer.Packetize(_accessUnit, rtpTimestamp: 90_000);
}
