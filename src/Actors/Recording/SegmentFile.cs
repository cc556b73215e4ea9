using MediaActors.Muxing;
using MediaActors.Protocol.Mp4;

namespace MediaActors.Recording;

/// <summary>
/// One segment being written: the init segment, then a fragment of whatever samples gathered since
/// the last (every fragment interval, and whenever a track's timeline does not continue), each
/// handed to the operating system as soon as it is written. A process killed mid-segment leaves a
/// file that plays up to its last whole fragment. Its tracks' times start at 0 at its first keyframe.
/// </summary>
public sealed class SegmentFile : IDisposable
{
    private readonly FileStream _file;
    private readonly List<Mp4Sample> _video = new();
    private readonly List<Mp4Sample> _audio = new();
    private readonly List<Mp4TrackRun> _runs = new(2);
    private readonly ulong _videoBase;
    private readonly ulong _audioBase;
    private ulong _videoRunStart, _audioRunStart, _videoNext, _audioNext;
    private uint _sequence;

    /// <summary>Creates the file (and its directory) and writes the init segment.</summary>
    /// <param name="first">The keyframe the segment starts with.</param>
    /// <exception cref="IOException">The file cannot be created or written (disk full, a read-only file system).</exception>
    /// <exception cref="UnauthorizedAccessException">No permission to write there.</exception>
    public SegmentFile(string path, Mp4SampleStream stream, TimedSample first)
    {
        Path = path;
        StartMicros = first.PresentationMicros;
        _videoBase = first.DecodeTime;
        _audioBase = stream.Tracks.Count > 1 ? first.DecodeTime * stream.Tracks[1].Timescale / stream.Tracks[0].Timescale : 0;
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        _file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.Read);
        _file.Write(stream.InitSegment);
        _file.Flush();
    }

    public string Path { get; }

    /// <summary>The presentation time (monotonic µs) of the segment's first keyframe.</summary>
    public long StartMicros { get; }

    /// <summary>The presentation time of the last sample added.</summary>
    public long LastMicros { get; private set; }

    public long Bytes => _file.Length;

    public bool HasPending => _video.Count + _audio.Count > 0;

    /// <summary>Adds a sample to the next fragment; one from before the segment's start is left out.</summary>
    public void Add(TimedSample sample)
    {
        var (list, trackBase) = sample.IsVideo ? (_video, _videoBase) : (_audio, _audioBase);
        if (sample.DecodeTime < trackBase)
        {
            return;
        }

        var decodeTime = sample.DecodeTime - trackBase;
        ref var next = ref sample.IsVideo ? ref _videoNext : ref _audioNext;
        if (list.Count > 0 && decodeTime != next)
        {
            // A run's samples follow each other without gaps; a gap starts a new fragment.
            WriteFragment();
        }

        if (list.Count == 0)
        {
            (sample.IsVideo ? ref _videoRunStart : ref _audioRunStart) = decodeTime;
        }

        list.Add(sample.Sample);
        next = decodeTime + sample.Sample.Duration;
        LastMicros = Math.Max(LastMicros, sample.PresentationMicros);
    }

    /// <summary>Writes the gathered samples as one fragment and hands it to the operating system.</summary>
    public void WriteFragment()
    {
        if (!HasPending)
        {
            return;
        }

        _runs.Clear();
        if (_video.Count > 0)
        {
            _runs.Add(new Mp4TrackRun(Mp4SampleStream.VideoTrackId, _videoRunStart, _video.ToArray()));
        }

        if (_audio.Count > 0)
        {
            _runs.Add(new Mp4TrackRun(Mp4SampleStream.AudioTrackId, _audioRunStart, _audio.ToArray()));
        }

        _video.Clear();
        _audio.Clear();
        _file.Write(Mp4Fragment.Create(++_sequence, _runs));
        _file.Flush();
    }

    /// <summary>Writes what is gathered and closes the file.</summary>
    public void Dispose()
    {
        try
        {
            WriteFragment();
        }
        finally
        {
            _file.Dispose();
        }
    }
}
