using MediaActors.Protocol.Formats;

namespace MediaActors.Sessions;

/// <summary>The format of a video track, chosen once by <see cref="VideoType"/>.</summary>
public static class VideoCodecs
{
    public static VideoCodecFormat FormatOf(VideoType videoType) => videoType switch
    {
        VideoType.H264 => CodecFormat.H264,
        VideoType.H265 => CodecFormat.H265,
        _ => throw new ArgumentOutOfRangeException(nameof(videoType), videoType, "Only H.264 and H.265 video are supported."),
    };
}
