using MediaActors.Hardware;
using MediaActors.Protocol.Codecs;

namespace MediaActors.Pipeline;

/// <summary>
/// One access unit from an encoder, immutable: Annex-B bytes as the encoder produced them and
/// the ranges of its packs, each one NAL unit with its start code (what the K230 VENC hands out
/// as <c>StreamData.data[pack_idx]</c>).
/// </summary>
public sealed record EncodedFrame(
    VideoCodec Codec,
    ReadOnlyMemory<byte> Data,
    IReadOnlyList<NalUnitRange> Packs,
    bool IsKeyframe,
    long CaptureTimeMicros,
    long Sequence)
{
    public ReadOnlyMemory<byte> Pack(int index) => Data.Slice(Packs[index].Offset, Packs[index].Length);
}
