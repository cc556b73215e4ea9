using Akka.Event;
using MediaActors.Protocol.Codecs;
using MediaActors.Protocol.Formats;

namespace MediaActors.Pipeline;

/// <summary>
/// One access unit from an encoder, immutable: Annex-B bytes as the encoder produced them and
/// the ranges of its packs, each one NAL unit with its start code (what the K230 VENC hands out
/// as <c>StreamData.data[pack_idx]</c>).
/// A frame that finds its receiver gone (a camera or session stopping) is not worth a dead-letter
/// warning: media is lost by design at such moments, and the counters say how much.
/// </summary>
public sealed record EncodedFrame(
    Codec Codec,
    ReadOnlyMemory<byte> Data,
    IReadOnlyList<NalUnitRange> Packs,
    bool IsKeyframe,
    long CaptureTimeMicros,
    long Sequence) : IDeadLetterSuppression
{
    public ReadOnlyMemory<byte> Pack(int index) => Data.Slice(Packs[index].Offset, Packs[index].Length);

    /// <summary>A frame over one access unit in Annex-B: its packs are its NAL units; it is a keyframe when one of them is a keyframe slice.</summary>
    public static EncodedFrame FromAnnexB(Codec codec, ReadOnlyMemory<byte> accessUnit, long captureTimeMicros, long sequence)
    {
        var nalUnits = new List<NalUnitRange>();
        AnnexB.Split(accessUnit.Span, nalUnits);
        var isKeyframe = CodecFormat.OfVideo(codec).HoldsKeyframe(accessUnit.Span, nalUnits);
        return new EncodedFrame(codec, accessUnit, AnnexB.PacksOf(nalUnits, accessUnit.Length), isKeyframe, captureTimeMicros, sequence);
    }

    /// <summary>A frame over an assembled access unit (a session's, which it passes on to a relay): its NAL units copied into one Annex-B buffer.</summary>
    public static EncodedFrame FromAccessUnit(Codec codec, AccessUnit accessUnit, long captureTimeMicros, long sequence)
    {
        var data = AnnexB.Join(accessUnit.NalUnits, out var packs);
        return new EncodedFrame(codec, data, packs, accessUnit.IsKeyframe, captureTimeMicros, sequence);
    }
}
