namespace MediaActors.Protocol.Codecs;

/// <summary>
/// The NAL units of one coded picture (or of a further part of it), without start codes, in
/// decoding order: the unit that packetizers turn into one RTP timestamp's worth of packets.
/// </summary>
/// <param name="NalUnits">The NAL units, each starting with its NAL header byte.</param>
/// <param name="IsKeyframe">True when a decoder can start here (H.264: contains an IDR slice; H.265: an IRAP slice).</param>
/// <param name="StartsNewPicture">
/// False when these are further slices of a picture whose first slices were already emitted in an
/// earlier access unit; such slices share the previous RTP timestamp.
/// </param>
public sealed record AccessUnit(IReadOnlyList<ReadOnlyMemory<byte>> NalUnits, bool IsKeyframe, bool StartsNewPicture);
