using MediaActors.Protocol.Codecs;
using MediaActors.Protocol.Codecs.H264;
using MediaActors.Protocol.Codecs.H265;
using MediaActors.Protocol.Rtp;

namespace MediaActors.Sessions;

/// <summary>The codec-specific parts of a video track, chosen once by <see cref="VideoType"/>.</summary>
public static class VideoCodecs
{
    /// <summary>The dynamic RTP payload type of the video track (RFC 3551 6: 96-127).</summary>
    public const byte PayloadType = 96;

    public static IVideoAccessUnitAssembler CreateAssembler(VideoType videoType) => videoType switch
    {
        VideoType.H264 => new H264AccessUnitAssembler(),
        VideoType.H265 => new H265AccessUnitAssembler(),
        _ => throw new ArgumentOutOfRangeException(nameof(videoType), videoType, "Only H.264 and H.265 video are supported."),
    };

    public static IRtpPacketizer CreatePacketizer(VideoType videoType, uint ssrc, ushort initialSequenceNumber, int maxPacketSize) => videoType switch
    {
        VideoType.H264 => new H264Packetizer(ssrc, initialSequenceNumber, PayloadType, maxPacketSize),
        VideoType.H265 => new H265Packetizer(ssrc, initialSequenceNumber, PayloadType, maxPacketSize),
        _ => throw new ArgumentOutOfRangeException(nameof(videoType), videoType, "Only H.264 and H.265 video are supported."),
    };

    /// <summary>Whether an Annex-B NAL unit (header first) is a keyframe slice: IDR for H.264, IRAP for H.265.</summary>
    public static bool IsKeyframeSlice(VideoType videoType, ReadOnlySpan<byte> nal) => videoType switch
    {
        VideoType.H264 => H264Nal.TypeOf(nal[0]) == H264NalUnitType.IdrSlice,
        VideoType.H265 => H265Nal.IsIrap(H265Nal.TypeOf(nal[0])),
        _ => false,
    };
}
