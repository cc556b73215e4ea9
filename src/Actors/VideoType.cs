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

/// <summary>Between the API's <see cref="VideoType"/> and the hardware layer's <see cref="Hardware.VideoCodec"/>.</summary>
public static class VideoTypes
{
    public static Hardware.VideoCodec ToCodec(this VideoType videoType) =>
        videoType == VideoType.H265 ? Hardware.VideoCodec.H265 : Hardware.VideoCodec.H264;

    public static VideoType ToVideoType(this Hardware.VideoCodec codec) =>
        codec == Hardware.VideoCodec.H265 ? VideoType.H265 : VideoType.H264;
}
