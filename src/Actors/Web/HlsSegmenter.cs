using MediaActors.Muxing;
using MediaActors.Protocol.Mp4;

namespace MediaActors.Web;

/// <summary>
/// Cuts a session's fMP4 samples into HLS segments and parts and keeps the latest: a segment per
/// GOP (its owner says when a keyframe is next, <see cref="KeyframeNext"/>, so the segment before
/// it ends without waiting a frame more), a part (one moof+mdat) at the picture boundary nearest the
/// part target (a source's timestamps jitter: 6 pictures of a 30 fps source are 200 ms give or take
/// a millisecond, and a 200 ms part should hold 6, not 5 and a sliver), or where a track's timeline
/// does not continue. Audio goes into the part of the pictures of its time: it arrives ahead of
/// them (an encoder's latency, and pictures leave a frame late) and waits for them, so a segment's
/// and a part's tracks start and end together. It keeps the last segment-count complete segments
/// and the one being made, all within max-bytes; a segment being made that alone passes it is a
/// <see cref="Failure"/>. Pure: no actor, no clock but the one given.
/// </summary>
public sealed class HlsSegmenter
{
    /// <summary>A picture lasting longer than this is a gap in the source (it was away): the segment ends, and the next is a discontinuity.</summary>
    private static readonly TimeSpan TimelineBreak = TimeSpan.FromSeconds(5);

    /// <summary>Audio held for the pictures of its time at most (pictures stopped coming): past it, it goes into parts alone.</summary>
    private const int MaxHeldAudio = 256;

    private readonly HlsSettings _settings;
    private readonly DateTimeOffset _clockOrigin;
    private readonly List<HlsSegment> _segments = new();
    private readonly Dictionary<int, byte[]> _inits = new();
    private readonly List<Mp4Sample> _video = new();
    private readonly List<Mp4Sample> _audio = new();
    private readonly List<Mp4TrackRun> _runs = new(2);
    private readonly Queue<TimedSample> _heldAudio = new();
    private HlsSegment? _open;
    private uint _videoTimescale = 90_000;
    private uint _audioTimescale = 48_000;
    private ulong _videoStart, _videoNext, _videoTicks;
    private ulong _audioStart, _audioNext, _audioTicks;
    private long _partStartMicros = long.MaxValue;
    private long _videoEndMicros = long.MinValue;
    private bool _partIndependent;
    private uint _lastVideoDuration;
    private long _nextMsn;
    private bool _started;
    private bool _discontinuityNext;
    private uint _sequence;
    private double _longestSegment;

    /// <param name="clockOrigin">The wall-clock time of the presentation clock's 0 (monotonic µs), for each segment's program date and time.</param>
    public HlsSegmenter(HlsSettings settings, DateTimeOffset clockOrigin)
    {
        ArgumentNullException.ThrowIfNull(settings);
        _settings = settings;
        _clockOrigin = clockOrigin;
    }

    /// <summary>The complete segments kept, oldest first, their sequence numbers consecutive.</summary>
    public IReadOnlyList<HlsSegment> Segments => _segments;

    /// <summary>The segment being made, with the parts cut so far; null between a segment's end and the next part.</summary>
    public HlsSegment? Open => _open;

    /// <summary>The part being made: the next to be cut (the playlist's preload hint).</summary>
    public HlsPosition NextPart => new(_open?.Msn ?? _nextMsn, _open?.Parts.Count ?? 0);

    /// <summary>The sequence number of the newest complete segment; -1 before the first.</summary>
    public long LastCompleteMsn { get; private set; } = -1;

    /// <summary>The init segment of the current format; -1 before the first format.</summary>
    public int InitVersion { get; private set; } = -1;

    /// <summary>Seconds: the longest complete segment so far, rounded up (1 at least).</summary>
    public int TargetDuration => Math.Max(1, (int)Math.Ceiling(_longestSegment - 0.001));

    /// <summary>The discontinuities of the segments no longer kept (EXT-X-DISCONTINUITY-SEQUENCE).</summary>
    public long DiscontinuitySequence { get; private set; }

    /// <summary>Bytes of the cut parts kept (complete segments and the one being made).</summary>
    public long Bytes { get; private set; }

    /// <summary>Why it stopped cutting (a GOP larger than max-bytes); null while it works.</summary>
    public string? Failure { get; private set; }

    /// <summary>
    /// A new stream (the first, or a change of format): the segment being made ends, samples are
    /// left out until the next keyframe, and the segments that follow need <paramref name="initSegment"/>
    /// (a new init version) and, after earlier ones, are a discontinuity (their timeline starts again).
    /// </summary>
    public void Restart(byte[] initSegment, uint videoTimescale, uint audioTimescale)
    {
        ArgumentNullException.ThrowIfNull(initSegment);
        EndSegment();
        _heldAudio.Clear();
        _videoEndMicros = long.MinValue;
        _videoTimescale = videoTimescale;
        _audioTimescale = audioTimescale;
        InitVersion++;
        _inits[InitVersion] = initSegment;
        _discontinuityNext = _nextMsn > 0;
        _started = false;
        _lastVideoDuration = videoTimescale / 30;
        ForgetUnusedInits();
    }

    /// <summary>The next picture is a keyframe: the segment being made ends now, and the keyframe starts the next. True when a part or segment was completed.</summary>
    public bool KeyframeNext()
    {
        if (Failure is not null || InitVersion < 0)
        {
            return false;
        }

        var changed = EndSegment();
        _started = true;
        return changed;
    }

    /// <summary>Adds a sample to the part being made, cutting parts as it goes. True when a part was completed.</summary>
    public bool Add(TimedSample sample)
    {
        if (Failure is not null || !_started)
        {
            return false;
        }

        return sample.IsVideo ? AddVideo(sample) : AddAudio(sample);
    }

    public bool TryGetInit(int version, out byte[] initSegment) => _inits.TryGetValue(version, out initSegment!);

    /// <summary>A complete segment still kept.</summary>
    public HlsSegment? Segment(long msn)
    {
        var index = _segments.Count == 0 ? -1 : msn - _segments[0].Msn;
        return index >= 0 && index < _segments.Count ? _segments[(int)index] : null;
    }

    /// <summary>A part cut and still kept: of a complete segment or of the one being made.</summary>
    public HlsPart? Part(HlsPosition position)
    {
        var segment = _open is { } open && open.Msn == position.Msn ? open : Segment(position.Msn);
        return segment is not null && position.Index >= 0 && position.Index < segment.Parts.Count ? segment.Parts[position.Index] : null;
    }

    private bool AddVideo(TimedSample sample)
    {
        var changed = false;
        var duration = sample.Sample.Duration;
        var broke = duration > TimelineBreak.TotalSeconds * _videoTimescale;
        if (broke)
        {
            // Its duration is the gap, not the picture's: it gets an ordinary one, and ends the segment.
            duration = _lastVideoDuration;
            sample = sample with { Sample = sample.Sample with { Duration = duration } };
        }

        _lastVideoDuration = duration;
        var target = PartTargetTicks(_videoTimescale);
        if (_video.Count > 0 && (_videoTicks + (duration / 2) > target || sample.DecodeTime != _videoNext))
        {
            // This picture would take the part further past its target than stopping short of it (a
            // picture much longer than the one before), or its timeline does not continue.
            changed |= CutPart();
        }

        if (_video.Count == 0)
        {
            _videoStart = sample.DecodeTime;
        }

        _video.Add(sample.Sample);
        _videoNext = sample.DecodeTime + duration;
        _videoTicks += duration;
        _partIndependent |= sample.IsKeyframe;
        _partStartMicros = Math.Min(_partStartMicros, sample.PresentationMicros);
        _videoEndMicros = sample.PresentationMicros + (long)(duration * 1_000_000UL / _videoTimescale);
        while (_heldAudio.TryPeek(out var audio) && audio.PresentationMicros < _videoEndMicros)
        {
            changed |= TakeAudio(_heldAudio.Dequeue());
        }

        // The part ends at the picture boundary nearest its target: another picture like this one
        // would end further past it than the part falls short of it now.
        if (_videoTicks + (duration / 2) >= target)
        {
            changed |= CutPart();
        }

        if (broke)
        {
            changed |= EndSegment();
            _started = false;
            _discontinuityNext = true;
            _heldAudio.Clear();
        }

        return changed;
    }

    /// <summary>Audio of a time the pictures have reached goes into the part now; audio ahead of them waits for them (within a bound).</summary>
    private bool AddAudio(TimedSample sample)
    {
        if (sample.PresentationMicros < _videoEndMicros && _heldAudio.Count == 0)
        {
            return TakeAudio(sample);
        }

        _heldAudio.Enqueue(sample);
        var changed = false;
        while (_heldAudio.Count > MaxHeldAudio)
        {
            changed |= TakeAudio(_heldAudio.Dequeue());
        }

        return changed;
    }

    private bool TakeAudio(TimedSample sample)
    {
        var changed = false;
        if (_audio.Count > 0 && sample.DecodeTime != _audioNext)
        {
            // A run's samples follow each other without gaps; a gap in the audio starts a new part.
            changed |= CutPart();
        }

        if (_audio.Count == 0)
        {
            _audioStart = sample.DecodeTime;
        }

        _audio.Add(sample.Sample);
        _audioNext = sample.DecodeTime + sample.Sample.Duration;
        _audioTicks += sample.Sample.Duration;
        _partStartMicros = Math.Min(_partStartMicros, sample.PresentationMicros);

        // Parts are cut by their pictures; audio alone (pictures stopped) is cut by its own duration.
        if (_video.Count == 0 && _audioTicks >= PartTargetTicks(_audioTimescale))
        {
            changed |= CutPart();
        }

        return changed;
    }

    private ulong PartTargetTicks(uint timescale) => (ulong)Math.Round(_settings.PartDuration.TotalSeconds * timescale);

    /// <summary>The gathered samples become a part of the segment being made (opened by its first part).</summary>
    private bool CutPart()
    {
        if (_video.Count + _audio.Count == 0)
        {
            return false;
        }

        _runs.Clear();
        if (_video.Count > 0)
        {
            _runs.Add(new Mp4TrackRun(Mp4SampleStream.VideoTrackId, _videoStart, _video.ToArray()));
        }

        if (_audio.Count > 0)
        {
            _runs.Add(new Mp4TrackRun(Mp4SampleStream.AudioTrackId, _audioStart, _audio.ToArray()));
        }

        var data = Mp4Fragment.Create(++_sequence, _runs);
        var duration = _video.Count > 0 ? (double)_videoTicks / _videoTimescale : (double)_audioTicks / _audioTimescale;
        if (_open is null)
        {
            _open = new HlsSegment(_nextMsn++, _clockOrigin + TimeSpan.FromMicroseconds(_partStartMicros), _discontinuityNext, InitVersion);
            _discontinuityNext = false;
        }

        _open.Add(new HlsPart(data, duration, _partIndependent));
        Bytes += data.Length;
        _video.Clear();
        _audio.Clear();
        _videoTicks = 0;
        _audioTicks = 0;
        _partIndependent = false;
        _partStartMicros = long.MaxValue;
        Trim();
        return true;
    }

    /// <summary>The part and segment being made are complete.</summary>
    private bool EndSegment()
    {
        var changed = CutPart();
        if (_open is not { } open)
        {
            return changed;
        }

        _open = null;
        if (Failure is not null)
        {
            return changed;
        }

        open.Complete();
        _segments.Add(open);
        LastCompleteMsn = open.Msn;
        _longestSegment = Math.Max(_longestSegment, open.Duration);
        Trim();
        return true;
    }

    /// <summary>The oldest complete segments go past segment-count or max-bytes; a segment being made that alone passes max-bytes stops the cutting.</summary>
    private void Trim()
    {
        while (_segments.Count > _settings.SegmentCount || (Bytes > _settings.MaxBytes && _segments.Count > 0))
        {
            var oldest = _segments[0];
            _segments.RemoveAt(0);
            Bytes -= oldest.Bytes;
            if (oldest.Discontinuity)
            {
                DiscontinuitySequence++;
            }
        }

        if (Bytes > _settings.MaxBytes)
        {
            Failure = $"a GOP of more than {_settings.MaxBytes} bytes (mediaactors.http.hls.max-bytes) cannot be kept";
            _open = null;
            _video.Clear();
            _audio.Clear();
            _heldAudio.Clear();
            Bytes = 0;
        }

        ForgetUnusedInits();
    }

    /// <summary>Init segments older than any kept segment's are not served any more.</summary>
    private void ForgetUnusedInits()
    {
        var oldest = _segments.Count > 0 ? _segments[0].InitVersion : _open?.InitVersion ?? InitVersion;
        foreach (var version in _inits.Keys.Where(version => version < oldest).ToList())
        {
            _inits.Remove(version);
        }
    }
}
