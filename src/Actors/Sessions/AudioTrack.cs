using MediaActors.Pipeline;
using MediaActors.Protocol.Codecs.Aac;
using MediaActors.Protocol.Formats;
using MediaActors.Protocol.Rtp;
using MediaActors.Protocol.Sdp;
using MediaActors.Protocol.Timing;

namespace MediaActors.Sessions;

/// <summary>
/// The audio track of a session. Audio is stamped by its sample count, which is exact, on a
/// timeline anchored at the arrival time of its first chunk, the same monotonic clock the video
/// track's pictures are stamped on; so one session's sender reports map both tracks to the same
/// wall clock and players keep them in sync. A timeline that drifts more than
/// <see cref="MaxDriftMicros"/> from arrival (the source paused or ran fast) is re-anchored. Audio
/// whose source gives its presentation time (a publisher with one timeline for audio and video)
/// is anchored there instead, and re-anchored when it strays by more than <see cref="MaxStrayMicros"/>.
/// </summary>
public sealed class AudioTrack : MediaTrack
{
    public const int Id = 1;
    private const long MaxDriftMicros = 200_000;

    /// <summary>A given presentation time within this of the sample count's is the same instant (rounding, not a gap).</summary>
    private const long MaxStrayMicros = 20_000;

    private readonly CodecFormat _format;
    private readonly int _maxPacketSize;
    private readonly G711Packetizer? _g711;
    private readonly List<ReadOnlyMemory<byte>> _aacFrames = new();
    private AacPacketizer? _aac;
    private AudioSpecificConfig? _aacConfig;
    private long _timelineStartMicros;
    private long _samplesOnTimeline;
    private bool _timelineStarted;
    private long _lastPresentationMicros;
    private long _exportedCount;

    /// <exception cref="ArgumentOutOfRangeException"><paramref name="codec"/> is not an audio codec.</exception>
    public AudioTrack(Codec codec, int maxPacketSize, SenderReportClock? reportClock = null)
        : this(CodecFormat.IsAudio(codec) ? CodecFormat.Of(codec) : throw new ArgumentOutOfRangeException(nameof(codec), codec, "Not an audio codec."), maxPacketSize,
            reportClock ?? new SenderReportClock())
    {
    }

    /// <summary>G.711's clock rate is fixed; AAC's is the sampling rate its first ADTS header tells.</summary>
    private AudioTrack(CodecFormat format, int maxPacketSize, SenderReportClock reportClock)
        : base(Id, format is G711Format ? G711Format.ClockRate : 0, reportClock)
    {
        _format = format;
        _maxPacketSize = maxPacketSize;
        if (format is G711Format g711)
        {
            _g711 = new G711Packetizer(Ssrc, InitialSequenceNumber, g711);
        }
    }

    public Codec Codec => _format.Codec;

    /// <summary>The AAC configuration its first ADTS header told; null before, and for G.711.</summary>
    public AudioSpecificConfig? AacConfig => _aacConfig;

    /// <summary>The last second of packetized chunks, for clients that join (see <see cref="RecentAudio"/>).</summary>
    public RecentAudio Recent { get; } = new();

    /// <summary>ADTS data that held no complete frame, or frames of another configuration than the first.</summary>
    public long RejectedChunks { get; private set; }

    /// <summary>G.711 is known up front; AAC once its first ADTS header told the configuration.</summary>
    public override bool IsDescribable => _g711 is not null || _aacConfig is not null;

    /// <summary>
    /// Packetizes what one SendAudioData call handed over. With <paramref name="exported"/>, the chunk
    /// is also added there as an <see cref="EncodedFrame"/> stamped with the presentation time of its
    /// first sample (for readers of frames), unless it was rejected.
    /// </summary>
    public void Push(MediaSession.IngestAudio chunk, List<RtpPacketBatch> output, List<EncodedFrame>? exported = null)
    {
        if (_g711 is not null)
        {
            var rtpTimestamp = StampSamples(chunk.Data.Length, chunk);
            Keep(output, Count(_g711.Packetize(chunk.Data.Span, rtpTimestamp)));
            Export(chunk, exported);
            return;
        }

        _aacFrames.Clear();
        AdtsSplitter.Split(chunk.Data, _aacFrames, out var config);
        if (_aacFrames.Count == 0 || config is null || (_aacConfig is not null && config != _aacConfig))
        {
            RejectedChunks++;
            return;
        }
        if (_aacConfig is null)
        {
            _aacConfig = config;
            ClockRate = CodecFormat.Aac.ClockRate(config);
            _aac = new AacPacketizer(Ssrc, InitialSequenceNumber, _format.PayloadType, _maxPacketSize);
        }
        // Every AAC access unit is a random access point (AacFormat): the packetizer marks each
        // batch a keyframe, so a player can join at any of them.
        var timestamp = StampSamples(_aacFrames.Count * AacFormat.SamplesPerAccessUnit, chunk);
        Keep(output, Count(_aac!.Packetize(_aacFrames, timestamp)));
        Export(chunk, exported);
    }

    private void Keep(List<RtpPacketBatch> output, RtpPacketBatch packets)
    {
        output.Add(packets);
        Recent.Add(packets, _lastPresentationMicros);
    }

    /// <summary>Audio needs no keyframe: every chunk is one a reader can start with.</summary>
    private void Export(MediaSession.IngestAudio chunk, List<EncodedFrame>? exported) =>
        exported?.Add(new EncodedFrame(Codec, chunk.Data, [], IsKeyframe: true, _lastPresentationMicros, _exportedCount++));

    public override MediaSession.TrackDescription Describe()
    {
        // G.711 has a static payload type and no fmtp; AAC is described by its config.
        var rtpMap = _g711?.Format.RtpMap ?? CodecFormat.Aac.RtpMap(_aacConfig!);
        var formatParameters = _g711 is null ? CodecFormat.Aac.FormatParameters(_aacConfig!) : null;
        var media = new SdpMedia(_format.MediaType, _format.PayloadType, rtpMap, formatParameters, $"trackID={Id}", []);
        return new MediaSession.TrackDescription(Id, media, Ssrc, ClockRate);
    }

    /// <summary>
    /// The RTP timestamp of a chunk of <paramref name="samples"/> samples: exactly where the previous
    /// one ended, unless the timeline must be anchored anew (at the chunk's presentation time when
    /// given, else at its arrival).
    /// </summary>
    private uint StampSamples(int samples, MediaSession.IngestAudio chunk)
    {
        var presentationMicros = _timelineStartMicros + _samplesOnTimeline * 1_000_000 / ClockRate;
        var (anchor, tolerance) = chunk.PresentationMicros is { } given ? (given, MaxStrayMicros) : (chunk.ArrivalMicros, MaxDriftMicros);
        if (!_timelineStarted || Math.Abs(presentationMicros - anchor) > tolerance)
        {
            _timelineStartMicros = presentationMicros = anchor;
            _samplesOnTimeline = 0;
            _timelineStarted = true;
        }
        var rtpTimestamp = unchecked(RtpTimestampOf(_timelineStartMicros) + (uint)_samplesOnTimeline);
        _samplesOnTimeline += samples;
        _lastPresentationMicros = presentationMicros;
        return Stamp(presentationMicros, chunk.ArrivalMicros, rtpTimestamp);
    }
}
