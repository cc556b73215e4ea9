namespace MediaActors.Hardware;

/// <summary>
/// One access unit exactly as the encoder produced it: Annex-B NAL units with start codes,
/// parameter sets (SPS/PPS, plus VPS for H.265) in band before every IDR.
/// </summary>
/// <param name="AnnexB">The access unit; the encoder never reuses this memory.</param>
/// <param name="FrameIndex">Zero-based index of the raw frame this access unit encodes.</param>
public sealed record EncodedPacket(ReadOnlyMemory<byte> AnnexB, long FrameIndex);
