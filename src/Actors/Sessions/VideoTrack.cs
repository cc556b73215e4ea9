using MediaActors.Protocol.Codecs;
using MediaActors.Protocol.Rtp;
using MediaActors.Protocol.Sdp;
using MediaActors.Protocol.Timing;

namespace MediaActors.Sessions;

/// <summary>
/// The video track of a session: turns encoder output into access units, stamps each new picture
/// on the presentation clock (the caller's timestamps when plausible, else the arrival time) and
/// packetizes it once for all subscribers.
/// </summary>
public sealed class VideoTrack : MediaTrack
{
    public const int Id = 0;
    private const int VideoClockRate = 90_000;

    private readonly IVideoAccessUnitAssembler _assembler;
    private readonly IRtpPacketizer _packetizer;
    private readonly PresentationClock _clock = new(new PresentationClockOptions());
    private readonly List<AccessUnit> _accessUnits = new();
    private bool _resynchronising;

    public VideoTrack(VideoType videoType, int maxPacketSize) : base(Id, VideoClockRate)
    {
        Codec = videoType.ToCodec();
        _assembler = VideoCodecs.CreateAssembler(videoType);
        _packetizer = VideoCodecs.CreatePacketizer(videoType, Ssrc, InitialSequenceNumber, maxPacketSize);
    }

    public Hardware.VideoCodec Codec { get; }

    public override bool IsDescribable => _assembler.HasParameterSets;

    /// <summary>
    /// Packetizes what one SendVideoData call handed over. <paramref name="afterDrop"/>: data was
    /// dropped before it, so nothing is sent until the next keyframe.
    /// </summary>
    public void Push(MediaSession.IngestVideo chunk, List<RtpPacketBatch> output)
    {
        _resynchronising |= chunk.AfterDrop;
        _accessUnits.Clear();
        _assembler.Push(chunk.AnnexB, _accessUnits);
        foreach (var accessUnit in _accessUnits)
        {
            if (_resynchronising)
            {
                if (!accessUnit.IsKeyframe)
                    continue;
                _resynchronising = false;
            }

            // Further slices of a picture keep the picture's timestamp (RFC 6184 5.1).
            var rtpTimestamp = accessUnit.StartsNewPicture || !HasStarted
                ? Stamp(_clock.Next(chunk.CallerTimestamp, chunk.ArrivalMicros), chunk.ArrivalMicros)
                : LastRtpTimestamp;
            output.Add(Count(_packetizer.Packetize(accessUnit, rtpTimestamp)));
        }
    }

    public override MediaSession.TrackDescription Describe()
    {
        var formatParameters = _assembler.FormatParameters();
        var extra = _assembler is { Width: { } width, Height: { } height }
            ? new[] { $"framesize:{VideoCodecs.PayloadType} {width}-{height}" }
            : Array.Empty<string>();
        var media = new SdpMedia("video", VideoCodecs.PayloadType, $"{_assembler.EncodingName}/{ClockRate}",
            formatParameters.Length == 0 ? null : formatParameters, $"trackID={Id}", extra);
        return new MediaSession.TrackDescription(Id, media, Ssrc, ClockRate);
    }
}
