namespace MediaActors.Protocol.Mp4;

/// <summary>One sample of a track run: a video access unit or an audio frame, and its timing.</summary>
/// <param name="Data">
/// Video: the access unit in length-prefixed form, each NAL unit behind its 4-byte big-endian size
/// (<see cref="Mp4VideoSample"/>). AAC: one raw access unit, without ADTS header.
/// </param>
/// <param name="Duration">Ticks of the track's timescale until the next sample's decode time.</param>
/// <param name="CompositionOffset">Presentation time minus decode time, in ticks; 0 for streams without B-frames, negative allowed.</param>
/// <param name="IsSync">True when a decoder can start here: an IDR/IRAP picture, and every AAC frame.</param>
public readonly record struct Mp4Sample(ReadOnlyMemory<byte> Data, uint Duration, int CompositionOffset, bool IsSync);
