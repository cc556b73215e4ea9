namespace MediaActors;

/// <summary>
/// The K230 <c>multi_media_type</c> video codes accepted by <see cref="RtspServer.CreateSession(string, VideoType, bool)"/>;
/// the numeric values match the native API (H264 = 0, H265 = 1). Only the K230 facade uses it:
/// it maps it to <see cref="Protocol.Formats.Codec"/>, which everything behind it uses.
/// </summary>
public enum VideoType
{
    H264 = 0,
    H265 = 1,
}
