namespace MediaActors.Sessions;

/// <summary>
/// Frames and bytes per second over the last few seconds, for operators: one bucket per second,
/// so counting a frame is two additions and reading sums a handful of buckets. The rate is over
/// the whole seconds before the current one (a second still filling would read low), and only
/// those after the first second counted (counting began part way into it), so a young session
/// reads its true rate rather than one diluted by seconds before it existed.
/// </summary>
public sealed class RateMeter
{
    private const int Seconds = 5;
    private readonly long[] _frames = new long[Seconds + 1];
    private readonly long[] _bytes = new long[Seconds + 1];
    private long _currentSecond = -1;
    private long _firstSecond = -1;

    /// <summary>Counts <paramref name="bytes"/> of media and <paramref name="frames"/> pictures (0 for sound) that arrived at <paramref name="nowMicros"/>.</summary>
    public void Count(long bytes, int frames, long nowMicros)
    {
        var slot = Advance(nowMicros);
        if (_firstSecond < 0)
        {
            _firstSecond = _currentSecond;
        }

        _frames[slot] += frames;
        _bytes[slot] += bytes;
    }

    /// <summary>
    /// Pictures per second and bits per second over the last <see cref="Seconds"/> whole seconds,
    /// or fewer while the meter is younger; 0 until one whole second has been counted.
    /// </summary>
    public (double FramesPerSecond, long BitsPerSecond) Read(long nowMicros)
    {
        Advance(nowMicros);
        var whole = _firstSecond < 0 ? 0 : (int)Math.Min(Seconds, _currentSecond - _firstSecond - 1);
        if (whole <= 0)
        {
            return (0, 0);
        }

        long frames = 0, bytes = 0;
        for (var second = _currentSecond - whole; second < _currentSecond; second++)
        {
            var slot = (int)(second % _frames.Length);
            frames += _frames[slot];
            bytes += _bytes[slot];
        }

        return ((double)frames / whole, bytes * 8 / whole);
    }

    /// <summary>Moves to the second of <paramref name="nowMicros"/>, emptying the buckets of the seconds passed; returns its slot.</summary>
    private int Advance(long nowMicros)
    {
        var second = nowMicros / 1_000_000;
        if (_currentSecond < 0)
        {
            _currentSecond = second;
        }

        for (var passed = _currentSecond + 1; passed <= second && passed <= _currentSecond + _frames.Length; passed++)
        {
            var slot = (int)(passed % _frames.Length);
            _frames[slot] = 0;
            _bytes[slot] = 0;
        }

        _currentSecond = Math.Max(_currentSecond, second);
        return (int)(_currentSecond % _frames.Length);
    }
}
