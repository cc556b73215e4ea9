using MediaActors.Protocol.Rtcp;
using MediaActors.Protocol.Rtp;
using MediaActors.Protocol.Timing;

namespace MediaActors.Sessions;

/// <summary>
/// What a session's tracks share: the RTP stream identity (SSRC, random sequence and timestamp
/// origins), the sender's counts, and the mapping of RTP time to the presentation clock, which
/// both tracks of a session express in the same monotonic microseconds so that their sender
/// reports let players synchronise them: they share one <see cref="SenderReportClock"/>.
/// </summary>
public abstract class MediaTrack
{
    private long _packetCount;
    private long _payloadOctets;

    /// <param name="reportClock">The session's mapping of the presentation clock to now, shared by its tracks.</param>
    protected MediaTrack(int trackId, int clockRate, SenderReportClock reportClock)
    {
        ReportClock = reportClock;
        TrackId = trackId;
        ClockRate = clockRate;
        Ssrc = (uint)Random.Shared.NextInt64(1, uint.MaxValue);
        InitialSequenceNumber = (ushort)Random.Shared.Next(ushort.MaxValue + 1);
        // RFC 3550 5.1: the initial RTP timestamp is random so streams cannot be correlated.
        TimestampOffset = (uint)Random.Shared.NextInt64(0, uint.MaxValue + 1L);
    }

    public int TrackId { get; }

    /// <summary>The session's mapping of the presentation clock to now, which every track's sender reports use.</summary>
    public SenderReportClock ReportClock { get; }

    public uint Ssrc { get; }

    /// <summary>The RTP clock rate (90 kHz video, the sample rate for audio).</summary>
    public int ClockRate { get; protected set; }

    /// <summary>True once something has been sent: RTP-Info and sender reports have a time to give.</summary>
    public bool HasStarted { get; private set; }

    /// <summary>The RTP timestamp of the last media sent.</summary>
    public uint LastRtpTimestamp { get; private set; }

    /// <summary>True when the track can be put into an SDP (its codec parameters are known).</summary>
    public abstract bool IsDescribable { get; }

    public abstract MediaSession.TrackDescription Describe();

    protected ushort InitialSequenceNumber { get; }

    /// <summary>The sequence number of the track's first packet (before it has sent any).</summary>
    public ushort FirstSequenceNumber => InitialSequenceNumber;

    /// <summary>The RTP time origin of the track (before it has sent any media, the best RTP-Info can say).</summary>
    public uint FirstRtpTimestamp => TimestampOffset;

    protected uint TimestampOffset { get; }

    /// <summary>
    /// RFC 3550 6.4.1: the wall-clock time of now and the RTP timestamp a sample taken now would
    /// carry, on the presentation clock, plus the sender's packet and payload octet counts. "Now"
    /// on the presentation clock is the session's smoothed mapping (<see cref="ReportClock"/>), not
    /// the last frame's arrival: each report maps RTP time to the wall clock as the last did, and
    /// as the session's other track does.
    /// </summary>
    public RtcpSenderReport CurrentSenderReport()
    {
        var wallClock = DateTime.UtcNow;
        var presentationNow = ReportClock.PresentationAt(MonotonicClock.NowMicros);
        return new RtcpSenderReport(
            Ssrc,
            NtpTimestamp.FromDateTime(wallClock),
            RtpClock.ToRtpTimestamp(presentationNow, ClockRate, TimestampOffset),
            PacketCount: unchecked((uint)_packetCount),
            OctetCount: unchecked((uint)_payloadOctets));
    }

    /// <summary>The RTP timestamp of an instant of the presentation clock.</summary>
    protected uint RtpTimestampOf(long presentationMicros) => RtpClock.ToRtpTimestamp(presentationMicros, ClockRate, TimestampOffset);

    /// <summary>Notes media stamped at <paramref name="presentationMicros"/> (arrived at <paramref name="arrivalMicros"/>) and returns its RTP timestamp.</summary>
    protected uint Stamp(long presentationMicros, long arrivalMicros) =>
        Stamp(presentationMicros, arrivalMicros, RtpTimestampOf(presentationMicros));

    /// <summary>Notes media sent with <paramref name="rtpTimestamp"/>, presented at <paramref name="presentationMicros"/>.</summary>
    protected uint Stamp(long presentationMicros, long arrivalMicros, uint rtpTimestamp)
    {
        ReportClock.Observe(presentationMicros, arrivalMicros);
        LastRtpTimestamp = rtpTimestamp;
        HasStarted = true;
        return rtpTimestamp;
    }

    /// <summary>Counts packets about to be sent, for the sender reports.</summary>
    protected RtpPacketBatch Count(RtpPacketBatch packets)
    {
        _packetCount += packets.Count;
        _payloadOctets += packets.TotalBytes - packets.Count * RtpHeader.Size;
        return packets;
    }
}
