namespace MediaActors;

/// <summary>
/// The K230 <c>multi_media_type</c> video codes accepted by <see cref="RtspServer.CreateSession"/>;
/// the numeric values match the native API (H264 = 0, H265 = 1).
/// </summary>
public enum VideoType
{
    H264 = 0,
    H265 = 1,
}
