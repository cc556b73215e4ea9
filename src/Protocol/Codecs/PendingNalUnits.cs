namespace MediaActors.Protocol.Codecs;

/// <summary>
/// Non-VCL NAL units held until the picture they precede, bounded in count and bytes: an encoder
/// that sends parameter sets or SEI without ever sending a picture must not grow memory. Beyond
/// either bound the oldest units are dropped and counted.
/// </summary>
internal sealed class PendingNalUnits
{
    private readonly int _maxCount;
    private readonly int _maxBytes;
    private readonly Queue<ReadOnlyMemory<byte>> _units = new();
    private int _bytes;

    /// <summary>Creates an empty queue.</summary>
    /// <param name="maxCount">How many units may wait.</param>
    /// <param name="maxBytes">How many bytes of units may wait.</param>
    public PendingNalUnits(int maxCount, int maxBytes)
    {
        _maxCount = maxCount;
        _maxBytes = maxBytes;
    }

    /// <summary>How many units are waiting.</summary>
    public int Count => _units.Count;

    /// <summary>How many units were dropped because a bound was reached.</summary>
    public long Dropped { get; private set; }

    /// <summary>Adds a unit, dropping the oldest ones while a bound is exceeded.</summary>
    public void Add(ReadOnlyMemory<byte> nal)
    {
        _units.Enqueue(nal);
        _bytes += nal.Length;
        while (_units.Count > _maxCount || _bytes > _maxBytes)
        {
            _bytes -= _units.Dequeue().Length;
            Dropped++;
        }
    }

    /// <summary>Moves all waiting units, oldest first, into <paramref name="destination"/> from <paramref name="index"/> on.</summary>
    /// <returns>The index after the last unit written.</returns>
    public int MoveTo(ReadOnlyMemory<byte>[] destination, int index)
    {
        while (_units.TryDequeue(out var nal))
        {
            destination[index++] = nal;
        }

        _bytes = 0;
        return index;
    }

    /// <summary>Enumerates the waiting units without removing them.</summary>
    public Queue<ReadOnlyMemory<byte>>.Enumerator GetEnumerator() => _units.GetEnumerator();
}
