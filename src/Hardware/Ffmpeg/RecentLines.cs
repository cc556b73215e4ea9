namespace MediaActors.Hardware.Ffmpeg;

/// <summary>The last few lines of a text stream, for error messages; older lines are forgotten.</summary>
internal sealed class RecentLines(int capacity)
{
    // Bounds a single runaway line the same way capacity bounds the line count.
    private const int MaxLineLength = 500;

    private readonly Queue<string> lines = new(capacity);

    public void Add(string line)
    {
        var bounded = line.Length > MaxLineLength ? line[..MaxLineLength] + "..." : line;
        lock (lines)
        {
            if (lines.Count == capacity)
            {
                lines.Dequeue();
            }

            lines.Enqueue(bounded);
        }
    }

    public override string ToString()
    {
        lock (lines)
        {
            return string.Join(Environment.NewLine, lines);
        }
    }
}
