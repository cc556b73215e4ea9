namespace MediaActors.Protocol.Mp4;

/// <summary>
/// What the init segment says of one track's samples, as a codec's format describes them
/// (<see cref="Formats.VideoCodecFormat.Mp4SampleEntry"/>, <see cref="Formats.AacFormat.Mp4SampleEntry"/>):
/// everything the muxer needs of the codec, so that it needs to know no codec itself.
/// </summary>
/// <param name="Kind">Video or audio.</param>
/// <param name="CodecString">
/// The RFC 6381 codecs parameter that Media Source Extensions and HLS playlists need to pick a
/// decoder before the first sample: "avc1.4d401f", "hvc1.1.6.L93.B0", "mp4a.40.2".
/// </param>
/// <param name="Box">The whole sample entry box for the stsd: avc1 with avcC, hvc1 with hvcC, mp4a with esds.</param>
/// <param name="Width">Video: the displayed width in pixels, for the track header; 0 for audio.</param>
/// <param name="Height">Video: the displayed height in pixels, for the track header; 0 for audio.</param>
/// <param name="SampleRate">Audio: samples per second per channel; 0 for video.</param>
/// <param name="Channels">Audio: the channel count (0 when the stream defines it in-band); 0 for video.</param>
public sealed record Mp4SampleEntry(Mp4TrackKind Kind, string CodecString, byte[] Box, int Width, int Height, int SampleRate, int Channels);
