namespace MediaActors.Protocol.Rtp;

/// <summary>
/// Follows the sequence numbers of one received RTP stream, as every depacketizer must: it counts
/// the packets that never arrived, rejects late duplicates, and tells when the series broke, so a
/// depacketizer abandons the unit it was reassembling (a unit with a hole is useless).
/// </summary>
/// <remarks>
/// A simplified RFC 3550 A.1: a packet up to <see cref="MaxMisorder"/> behind the expected one is
/// late and dropped; any other jump is taken as the new series, counting the skipped packets as
/// lost when it jumped forward (less than half the number space) and nothing when the sender
/// restarted its numbering. Reordered packets are therefore not reordered, which costs a unit
/// where the network reorders, and nothing in the usual case of a LAN camera.
/// </remarks>
internal sealed class RtpSequenceTracker
{
    /// <summary>RFC 3550 A.1: a packet this far behind the expected one is a late duplicate, not a restart.</summary>
    private const int MaxMisorder = 100;

    /// <summary>A forward jump of less than half the 16-bit number space counts as loss.</summary>
    private const int MaxForwardJump = 0x8000;

    private bool _started;
    private ushort _expected;

    /// <summary>Packets missing from the sequence-number series.</summary>
    public long LostPackets { get; private set; }

    /// <summary>
    /// Takes the sequence number of the next packet. False for a late packet, which the caller
    /// drops; true otherwise, with <paramref name="discontinuity"/> set when packets in between
    /// are missing or the sender restarted.
    /// </summary>
    public bool TryAccept(ushort sequenceNumber, out bool discontinuity)
    {
        discontinuity = false;
        if (_started && sequenceNumber != _expected)
        {
            var behind = unchecked((ushort)(_expected - sequenceNumber));
            if (behind <= MaxMisorder)
            {
                return false;
            }

            var ahead = unchecked((ushort)(sequenceNumber - _expected));
            if (ahead < MaxForwardJump)
            {
                LostPackets += ahead;
            }

            discontinuity = true;
        }

        _started = true;
        _expected = unchecked((ushort)(sequenceNumber + 1));
        return true;
    }
}
