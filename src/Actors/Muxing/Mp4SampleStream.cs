using MediaActors.Pipeline;
using MediaActors.Protocol.Codecs.Aac;
using MediaActors.Protocol.Formats;
using MediaActors.Protocol.Mp4;
using MediaActors.Sessions;

namespace MediaActors.Muxing;

/// <summary>
/// A session's frames (<see cref="MediaSession.ReadFrames"/>) as fMP4 samples: the init segment of
/// its tracks, then each video access unit as a length-prefixed sample and each AAC access unit as
/// a raw one, on timelines that start at the first frame's presentation time. A video sample's
/// duration is the time to the next picture, so it leaves one frame late: a guessed duration that
/// fell short of a late frame's gap would make Media Source Extensions see a discontinuity and drop
/// everything to the next keyframe. Audio durations are exact (1024 samples per AAC unit). G.711
/// is not carried (browsers' MP4 support has no G.711): such sessions mux video only.
/// </summary>
public sealed class Mp4SampleStream
{
    public const int VideoTrackId = 1;
    public const int AudioTrackId = 2;
    private const int VideoTimescale = 90_000;

    /// <summary>Audio whose presentation time strays more than this from its sample count starts a new run there (a gap in the source).</summary>
    private const long MaxAudioStrayMicros = 40_000;

    private readonly AudioSpecificConfig? _aac;
    private readonly List<ReadOnlyMemory<byte>> _aacUnits = new();
    private long? _originMicros;
    private PendingVideo? _pendingVideo;
    private uint _lastVideoDuration = VideoTimescale / 30;
    private ulong _audioNextDecodeTime;
    private bool _audioStarted;

    /// <exception cref="ArgumentException">The parameter sets cannot describe the stream.</exception>
    public Mp4SampleStream(MediaSession.FrameFormat format)
    {
        ArgumentNullException.ThrowIfNull(format);
        Video = format.Video;
        var tracks = new List<Mp4Track> { new(VideoTrackId, VideoTimescale, CodecFormat.OfVideo(format.Video).Mp4SampleEntry(format.ParameterSets)) };
        if (format is { Audio: Codec.Aac, AacConfig: { } aac })
        {
            _aac = aac;
            tracks.Add(new Mp4Track(AudioTrackId, (uint)aac.SamplingFrequency, CodecFormat.Aac.Mp4SampleEntry(aac)));
        }

        Tracks = tracks;
        InitSegment = Mp4InitSegment.Create(tracks);
        MimeType = Mp4InitSegment.MimeType(tracks);
    }

    public Codec Video { get; }

    public IReadOnlyList<Mp4Track> Tracks { get; }

    /// <summary>ftyp and moov: what a player or a file needs before the first fragment.</summary>
    public byte[] InitSegment { get; }

    /// <summary>The MSE/HLS type, e.g. <c>video/mp4; codecs="avc1.4d401f,mp4a.40.2"</c>.</summary>
    public string MimeType { get; }

    public bool HasAudio => _aac is not null;

    /// <summary>The video's width and height from its parameter sets.</summary>
    public (int Width, int Height) PictureSize => (Tracks[0].SampleEntry.Width, Tracks[0].SampleEntry.Height);

    /// <summary>
    /// Takes one frame and adds to <paramref name="output"/> the samples it completes: the previous
    /// picture (now that its duration is known) for a video frame, the frame's own units for audio.
    /// Frames of another codec, and audio before the first picture, are left out.
    /// </summary>
    public void Push(EncodedFrame frame, List<TimedSample> output)
    {
        ArgumentNullException.ThrowIfNull(frame);
        if (frame.Codec == Video)
        {
            PushVideo(frame, output);
        }
        else if (_aac is not null && frame.Codec == Codec.Aac && _originMicros is not null)
        {
            PushAudio(frame, output);
        }
    }

    /// <summary>The picture held back for its duration, with the last picture's duration (the stream ends or a segment closes).</summary>
    public void Flush(List<TimedSample> output)
    {
        if (_pendingVideo is { } pending)
        {
            output.Add(pending.Complete(_lastVideoDuration));
            _pendingVideo = null;
        }
    }

    private void PushVideo(EncodedFrame frame, List<TimedSample> output)
    {
        _originMicros ??= frame.CaptureTimeMicros;
        var decodeTime = TicksSinceOrigin(frame.CaptureTimeMicros, VideoTimescale);
        if (_pendingVideo is { } pending)
        {
            // A picture stamped no later than the one before (a source whose clock stepped back) still
            // needs a positive duration; it is pushed just behind.
            if (decodeTime <= pending.DecodeTime)
            {
                decodeTime = pending.DecodeTime + 1;
            }

            _lastVideoDuration = (uint)Math.Min(decodeTime - pending.DecodeTime, uint.MaxValue);
            output.Add(pending.Complete(_lastVideoDuration));
        }

        _pendingVideo = new PendingVideo(Mp4VideoSample.FromAnnexB(frame.Data.Span), frame.IsKeyframe, decodeTime, frame.CaptureTimeMicros);
    }

    private void PushAudio(EncodedFrame frame, List<TimedSample> output)
    {
        _aacUnits.Clear();
        AdtsSplitter.Split(frame.Data, _aacUnits, out var config);
        if (_aacUnits.Count == 0 || config != _aac || frame.CaptureTimeMicros < _originMicros)
        {
            return;
        }

        var rate = _aac!.SamplingFrequency;
        var anchored = TicksSinceOrigin(frame.CaptureTimeMicros, rate);
        var strayMicros = Math.Abs((long)anchored - (long)_audioNextDecodeTime) * 1_000_000 / rate;
        if (!_audioStarted || strayMicros > MaxAudioStrayMicros)
        {
            _audioNextDecodeTime = anchored;
            _audioStarted = true;
        }

        foreach (var unit in _aacUnits)
        {
            var presentation = _originMicros!.Value + (long)(_audioNextDecodeTime * 1_000_000 / (ulong)rate);
            output.Add(new TimedSample(AudioTrackId, _audioNextDecodeTime, new Mp4Sample(unit, AacFormat.SamplesPerAccessUnit, 0, IsSync: true), presentation));
            _audioNextDecodeTime += AacFormat.SamplesPerAccessUnit;
        }
    }

    private ulong TicksSinceOrigin(long presentationMicros, int timescale) =>
        (ulong)Math.Max(0, presentationMicros - _originMicros!.Value) * (ulong)timescale / 1_000_000;

    private readonly record struct PendingVideo(byte[] Data, bool IsKeyframe, ulong DecodeTime, long PresentationMicros)
    {
        public TimedSample Complete(uint duration) =>
            new(VideoTrackId, DecodeTime, new Mp4Sample(Data, duration, 0, IsKeyframe), PresentationMicros);
    }
}
