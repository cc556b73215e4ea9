namespace MediaActors.Web;

/// <summary>
/// One HLS segment: a GOP, from its keyframe to the next, as the parts cut from it so far. Its
/// bytes are its parts one after the other; it is complete (listed with its duration) once the
/// next keyframe came.
/// </summary>
/// <param name="Msn">Its media sequence number.</param>
/// <param name="StartedAt">When its first picture was shown (EXT-X-PROGRAM-DATE-TIME).</param>
/// <param name="Discontinuity">Its media does not follow the segment before it (the timeline broke, or the format changed).</param>
/// <param name="InitVersion">The init segment it needs (see <see cref="HlsNames.Init"/>).</param>
public sealed class HlsSegment(long msn, DateTimeOffset startedAt, bool discontinuity, int initVersion)
{
    private readonly List<HlsPart> _parts = new();

    public long Msn { get; } = msn;

    public DateTimeOffset StartedAt { get; } = startedAt;

    public bool Discontinuity { get; } = discontinuity;

    public int InitVersion { get; } = initVersion;

    public IReadOnlyList<HlsPart> Parts => _parts;

    /// <summary>Seconds: the sum of its parts'.</summary>
    public double Duration { get; private set; }

    public long Bytes { get; private set; }

    public bool IsComplete { get; private set; }

    /// <exception cref="InvalidOperationException">The segment is complete.</exception>
    public void Add(HlsPart part)
    {
        ArgumentNullException.ThrowIfNull(part);
        if (IsComplete)
        {
            throw new InvalidOperationException($"Segment {Msn} is complete; it takes no more parts.");
        }

        _parts.Add(part);
        Duration += part.Duration;
        Bytes += part.Data.Length;
    }

    public void Complete() => IsComplete = true;

    /// <summary>The segment's file: its parts' bytes, in order.</summary>
    public IReadOnlyList<byte[]> Pieces() => _parts.Select(part => part.Data).ToArray();
}
