namespace MediaActors.LoadClient;

/// <summary>Errors of all clients: every one is counted, the first few are kept word for word for the report.</summary>
public sealed class ErrorLog
{
    public const int Kept = 5;
    private readonly List<string> _first = [];
    private int _count;

    public int Count => Volatile.Read(ref _count);

    public IReadOnlyList<string> First
    {
        get
        {
            lock (_first)
            {
                return _first.ToArray();
            }
        }
    }

    public void Add(string error)
    {
        Interlocked.Increment(ref _count);
        lock (_first)
        {
            if (_first.Count < Kept)
            {
                _first.Add(error);
            }
        }
    }
}
