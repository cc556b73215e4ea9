using MediaActors.Flow;
using MediaActors.Pipeline;
using MediaActors.Protocol.Codecs;
using MediaActors.Protocol.Formats;
using MediaActors.Protocol.Rtp;
using MediaActors.Protocol.Sdp;
using MediaActors.Protocol.Timing;

namespace MediaActors.Sessions;

/// <summary>
/// The video track of a session: turns encoder output into access units, stamps each new picture
/// on the presentation clock (the caller's timestamps when plausible, else the arrival time paced
/// by the SPS's frame rate or the measured one) and packetizes it once for all subscribers.
/// </summary>
public sealed class VideoTrack : MediaTrack
{
    public const int Id = 0;

    private readonly VideoCodecFormat _format;
    private readonly IVideoAccessUnitAssembler _assembler;
    private readonly IRtpPacketizer _packetizer;
    private readonly PresentationClock _clock = new(new PresentationClockOptions());
    private readonly List<AccessUnit> _accessUnits = new();

    /// <summary>The session's own input: after data was dropped at the ingest bound it resumes at the next keyframe.</summary>
    private readonly FrameGate _ingest = FrameGate.WithoutCredit(startAtKeyframe: false);
    private long _lastPresentationMicros;
    private long _exportedCount;

    /// <exception cref="ArgumentOutOfRangeException"><paramref name="codec"/> is not a video codec.</exception>
    public VideoTrack(Codec codec, int maxPacketSize, SenderReportClock? reportClock = null)
        : base(Id, VideoCodecFormat.ClockRate, reportClock ?? new SenderReportClock())
    {
        _format = CodecFormat.OfVideo(codec);
        _assembler = _format.CreateAssembler();
        _packetizer = _format.CreatePacketizer(Ssrc, InitialSequenceNumber, _format.PayloadType, maxPacketSize);
    }

    public Codec Codec => _format.Codec;

    /// <summary>The presentation time (monotonic µs) of the last picture packetized.</summary>
    public long LastPresentationMicros => _lastPresentationMicros;

    public override bool IsDescribable => _assembler.HasParameterSets;

    /// <summary>The picture size the latest SPS states; null until one was parsed.</summary>
    public (int Width, int Height)? PictureSize => _assembler is { Width: { } width, Height: { } height } ? (width, height) : null;

    /// <summary>
    /// Packetizes what one SendVideoData call handed over. With <paramref name="exported"/>, each
    /// access unit is also added there as an <see cref="EncodedFrame"/> (for relays pulling from
    /// this session), stamped with its presentation time.
    /// </summary>
    public void Push(MediaSession.IngestVideo chunk, List<RtpPacketBatch> output, List<EncodedFrame>? exported = null)
    {
        if (chunk.AfterDrop)
        {
            _ingest.Missed();
        }

        _accessUnits.Clear();
        _assembler.Push(chunk.AnnexB, _accessUnits);
        foreach (var accessUnit in _accessUnits)
        {
            if (!_ingest.Admits(accessUnit.IsKeyframe))
            {
                continue;
            }

            _ingest.Delivered();

            // Further slices of a picture keep the picture's timestamp (RFC 6184 5.1).
            if (accessUnit.StartsNewPicture || !HasStarted)
            {
                // The SPS's frame rate, when it states one, is what a burst of pictures is spread by.
                _clock.StatedFramesPerSecond = _assembler.FramesPerSecond;
                _lastPresentationMicros = _clock.Next(chunk.CallerTimestamp, chunk.ArrivalMicros);
                Stamp(_lastPresentationMicros, chunk.ArrivalMicros);
            }
            output.Add(Count(_packetizer.Packetize(accessUnit, LastRtpTimestamp)));
            exported?.Add(EncodedFrame.FromAccessUnit(Codec, accessUnit, _lastPresentationMicros, _exportedCount++));
        }
    }

    /// <summary>The latest parameter sets (NAL units without start codes), empty until known.</summary>
    public IReadOnlyList<ReadOnlyMemory<byte>> ParameterSets => _assembler.ParameterSets;

    /// <summary>
    /// The frames of <paramref name="cache"/> as access units again, each stamped with its own
    /// presentation time (not the compressed catch-up timeline of RTP clients): a reader that muxes
    /// them gets a GOP that starts at a keyframe and keeps its real timing. They are taken back out
    /// of their RTP packets rather than kept twice, since a reader of frames joins rarely.
    /// </summary>
    public IEnumerable<EncodedFrame> CachedFrames(GopCache cache)
    {
        var depacketizer = _format.CreateDepacketizer(int.MaxValue);
        foreach (var batch in cache.Frames)
        {
            for (var i = 0; i < batch.Count; i++)
            {
                if (depacketizer.TryPush(batch[i].Span, out var accessUnit))
                {
                    yield return EncodedFrame.FromAccessUnit(Codec, accessUnit!, PresentationMicrosOf(depacketizer.AccessUnitTimestamp), _exportedCount++);
                }
            }
        }
    }

    /// <summary>The presentation time of media stamped <paramref name="rtpTimestamp"/> (at most about 6 hours before the last).</summary>
    private long PresentationMicrosOf(uint rtpTimestamp) =>
        _lastPresentationMicros - unchecked((int)(LastRtpTimestamp - rtpTimestamp)) * 1_000_000L / ClockRate;

    /// <summary>The parameter sets as one Annex-B buffer (empty until known): what another node's
    /// session needs to describe this stream before its first frame arrives.</summary>
    public byte[] ParameterSetsAnnexB() => AnnexB.Join(_assembler.ParameterSets, out _);

    public override MediaSession.TrackDescription Describe()
    {
        var formatParameters = _format.FormatParameters(_assembler.ParameterSets);
        var extra = _assembler is { Width: { } width, Height: { } height }
            ? new[] { $"framesize:{_format.PayloadType} {width}-{height}" }
            : Array.Empty<string>();
        var media = new SdpMedia(_format.MediaType, _format.PayloadType, _format.RtpMap,
            formatParameters.Length == 0 ? null : formatParameters, $"trackID={Id}", extra);
        return new MediaSession.TrackDescription(Id, media, Ssrc, ClockRate);
    }
}
