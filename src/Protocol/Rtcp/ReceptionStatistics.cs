namespace MediaActors.Protocol.Rtcp;

/// <summary>
/// What a receiver knows about one RTP source, for its receiver reports (RFC 3550 6.4.1 and
/// appendix A.3, A.8): the extended highest sequence number, packets expected and received (so
/// the loss since the previous report and in total), the interarrival jitter, and the last
/// sender report with when it arrived. Not thread-safe; one instance per received stream.
/// </summary>
public sealed class ReceptionStatistics
{
    private const int SequenceModulus = 1 << 16;

    private readonly int _clockRate;
    private bool _started;
    private uint _baseSequence;
    private uint _cycles;
    private ushort _maxSequence;
    private long _received;
    private long _expectedAtLastReport;
    private long _receivedAtLastReport;
    private double _jitter;
    private long _lastTransit;
    private bool _hasTransit;
    private uint _lastSenderReport;
    private long _lastSenderReportArrivalMicros;

    /// <param name="clockRate">The RTP clock of the stream (jitter is kept in its units).</param>
    public ReceptionStatistics(int clockRate)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(clockRate);
        _clockRate = clockRate;
    }

    /// <summary>Packets received.</summary>
    public long Received => _received;

    /// <summary>Packets expected from the first to the highest sequence number, minus those received (negative with duplicates).</summary>
    public long CumulativeLost => Expected - _received;

    /// <summary>The highest sequence number received, with the count of its wraps in the upper 16 bits.</summary>
    public uint ExtendedHighestSequenceNumber => _cycles + _maxSequence;

    private long Expected => _started ? ExtendedHighestSequenceNumber - _baseSequence + 1 : 0;

    /// <summary>Notes a packet: its sequence number and RTP timestamp, and its arrival on a monotonic clock in µs.</summary>
    public void PacketReceived(ushort sequenceNumber, uint rtpTimestamp, long arrivalMicros)
    {
        if (!_started)
        {
            _started = true;
            _baseSequence = sequenceNumber;
            _maxSequence = sequenceNumber;
        }
        else
        {
            var ahead = unchecked((ushort)(sequenceNumber - _maxSequence));
            if (ahead is > 0 and < 0x8000)
            {
                if (sequenceNumber < _maxSequence)
                {
                    _cycles += SequenceModulus;
                }

                _maxSequence = sequenceNumber;
            }
        }

        _received++;
        UpdateJitter(rtpTimestamp, arrivalMicros);
    }

    /// <summary>Notes a sender report of the source: the next report blocks name it (LSR) and the delay since.</summary>
    public void SenderReportReceived(NtpTimestamp ntpTime, long arrivalMicros)
    {
        _lastSenderReport = ntpTime.Middle32Bits;
        _lastSenderReportArrivalMicros = arrivalMicros;
    }

    /// <summary>The report block about <paramref name="sourceSsrc"/> now; the loss fraction counts from the previous call.</summary>
    public RtcpReportBlock NextReportBlock(uint sourceSsrc, long nowMicros)
    {
        var expected = Expected;
        var expectedInterval = expected - _expectedAtLastReport;
        var lostInterval = expectedInterval - (_received - _receivedAtLastReport);
        _expectedAtLastReport = expected;
        _receivedAtLastReport = _received;
        var fraction = expectedInterval <= 0 || lostInterval <= 0 ? (byte)0 : (byte)Math.Min(255, (lostInterval << 8) / expectedInterval);
        var delay = _lastSenderReport == 0 ? 0u : (uint)((nowMicros - _lastSenderReportArrivalMicros) * 65536 / 1_000_000);
        return new RtcpReportBlock(
            sourceSsrc,
            fraction,
            (int)Math.Clamp(CumulativeLost, RtcpReportBlock.MinCumulativeLost, RtcpReportBlock.MaxCumulativeLost),
            ExtendedHighestSequenceNumber,
            (uint)_jitter,
            _lastSenderReport,
            delay);
    }

    /// <summary>RFC 3550 A.8: J += (|D| - J) / 16, D the change in transit time, in RTP units.</summary>
    private void UpdateJitter(uint rtpTimestamp, long arrivalMicros)
    {
        var arrival = arrivalMicros * _clockRate / 1_000_000;
        var transit = arrival - rtpTimestamp;
        if (_hasTransit)
        {
            // The change wraps as the 32-bit RTP clock does; a jump of exactly 2^31 (a peer's
            // garbage, or a source's restart) is int.MinValue, whose magnitude only a long holds.
            var difference = Math.Abs((long)unchecked((int)(transit - _lastTransit)));
            _jitter += (difference - _jitter) / 16;
        }

        _lastTransit = transit;
        _hasTransit = true;
    }
}
