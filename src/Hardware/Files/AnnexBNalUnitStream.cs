using MediaActors.Protocol.Codecs;

namespace MediaActors.Hardware.Files;

/// <summary>
/// Reads the NAL units of an Annex-B byte stream one at a time through a bounded window, so a
/// recording of any length is never held in memory whole.
/// </summary>
/// <remarks>
/// A NAL unit is known complete only when the next start code (or the end of the stream) is seen.
/// After each read the window is split with <see cref="AnnexB.Split"/>: every unit but the last is
/// complete; the last is kept, without its start code, at the front of the window, where the next
/// split counts it as the leading unit again.
/// </remarks>
internal sealed class AnnexBNalUnitStream
{
    /// <summary>How much is read from the stream at a time (at least).</summary>
    private const int ReadSize = 64 * 1024;

    /// <summary>A start code is three bytes, so one can straddle the end of what was read.</summary>
    private const int StartCodeLength = 3;

    private readonly Stream _stream;
    private readonly int _maxNalUnitBytes;
    private readonly string _sourceName;
    private readonly List<NalUnitRange> _ranges = [];
    private byte[] _window = new byte[ReadSize];
    private int _filled;
    private long _windowOffset;
    private int _completeRanges;
    private int _nextRange;
    private bool _endOfStream;

    /// <summary>Creates a reader positioned at the start of <paramref name="stream"/>.</summary>
    /// <param name="stream">A readable, seekable Annex-B stream.</param>
    /// <param name="maxNalUnitBytes">The largest NAL unit accepted; a larger one is corrupt input.</param>
    /// <param name="sourceName">Names the stream in error messages, e.g. the file path.</param>
    public AnnexBNalUnitStream(Stream stream, int maxNalUnitBytes, string sourceName)
    {
        _stream = stream;
        _maxNalUnitBytes = maxNalUnitBytes;
        _sourceName = sourceName;
    }

    /// <summary>
    /// True when <see cref="TryRead"/> can return a unit without reading the stream. On a live pipe,
    /// false means that everything that has arrived was handed out, but the last unit that arrived,
    /// whose end only the next start code shows.
    /// </summary>
    public bool HasCompleteNalUnit => _nextRange < _completeRanges;

    /// <summary>Reads the next NAL unit.</summary>
    /// <param name="nalUnit">A copy of the unit, header byte first, without start code; the caller owns it.</param>
    /// <param name="offset">Where the unit's header byte lies in the stream.</param>
    /// <returns>False at the end of the stream.</returns>
    /// <exception cref="InvalidDataException">A NAL unit is larger than the bound.</exception>
    public bool TryRead(out byte[] nalUnit, out long offset)
    {
        while (_nextRange == _completeRanges)
        {
            if (_endOfStream)
            {
                nalUnit = [];
                offset = _windowOffset + _filled;
                return false;
            }

            ReadMore();
        }

        var range = _ranges[_nextRange++];
        nalUnit = _window.AsSpan(range.Offset, range.Length).ToArray();
        offset = _windowOffset + range.Offset;
        return true;
    }

    /// <summary>Starts again from the beginning of the stream.</summary>
    public void Rewind()
    {
        _stream.Seek(0, SeekOrigin.Begin);
        _ranges.Clear();
        _filled = 0;
        _windowOffset = 0;
        _completeRanges = 0;
        _nextRange = 0;
        _endOfStream = false;
    }

    /// <summary>Keeps the incomplete last unit, reads more behind it, and splits the window again.</summary>
    private void ReadMore()
    {
        KeepIncompleteUnit();
        EnsureRoomToRead();
        var read = _stream.Read(_window, _filled, _window.Length - _filled);
        _endOfStream = read == 0;
        _filled += read;

        _ranges.Clear();
        AnnexB.Split(_window.AsSpan(0, _filled), _ranges);
        _completeRanges = _endOfStream ? _ranges.Count : Math.Max(0, _ranges.Count - 1);
        _nextRange = 0;
    }

    private void KeepIncompleteUnit()
    {
        // With no unit in the window it holds zero bytes at most, and only its last bytes can
        // still become part of a start code.
        var keepFrom = _ranges.Count > _completeRanges
            ? _ranges[_completeRanges].Offset
            : Math.Max(0, _filled - (StartCodeLength - 1));
        var kept = _filled - keepFrom;
        if (kept > _maxNalUnitBytes)
        {
            throw new InvalidDataException(
                $"'{_sourceName}': the NAL unit at byte {_windowOffset + keepFrom} is larger than {_maxNalUnitBytes} bytes, more than any access unit may be; the file is corrupt or not an Annex-B stream.");
        }

        _window.AsSpan(keepFrom, kept).CopyTo(_window);
        _windowOffset += keepFrom;
        _filled = kept;
    }

    private void EnsureRoomToRead()
    {
        if (_window.Length - _filled >= ReadSize)
        {
            return;
        }

        // The window grows only while one unit spans it, and never past one largest unit plus a read.
        var grown = Math.Min(Math.Max(_window.Length * 2, _filled + ReadSize), _maxNalUnitBytes + ReadSize);
        Array.Resize(ref _window, grown);
    }
}
