namespace MediaActors.Testing.Rtp;

/// <summary>
/// Counts the RTP sequence numbers missing from one stream. A jump ahead counts the numbers it
/// skipped as lost; a packet that turns up late, at most <see cref="ReorderWindow"/> behind the
/// highest number seen, takes its count back (reordering is not loss). Duplicates, and packets
/// later than the window, change nothing.
/// </summary>
public sealed class SequenceGaps
{
    /// <summary>How far behind the highest sequence number a packet may arrive and still be counted as received.</summary>
    public const int ReorderWindow = 64;

    private bool _started;
    private ushort _highest;
    // Bit i is set when sequence number _highest - i has arrived.
    private ulong _arrived;

    public long Lost { get; private set; }

    public void Add(ushort sequence)
    {
        if (!_started)
        {
            _started = true;
            _highest = sequence;
            _arrived = 1;
            return;
        }

        // The signed 16-bit difference is right across the wraparound from 65535 to 0.
        var ahead = (short)(sequence - _highest);
        if (ahead > 0)
        {
            Lost += ahead - 1;
            _arrived = ahead >= ReorderWindow ? 1 : (_arrived << ahead) | 1;
            _highest = sequence;
            return;
        }

        var behind = -ahead;
        if (behind is > 0 and < ReorderWindow && (_arrived & (1UL << behind)) == 0)
        {
            _arrived |= 1UL << behind;
            Lost--;
        }
    }
}
