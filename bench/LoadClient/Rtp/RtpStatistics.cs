using System.Diagnostics;
using MediaActors.Protocol.Formats;
using MediaActors.Testing.Rtp;

namespace MediaActors.LoadClient.Rtp;

/// <summary>
/// What one RTSP client has received. Only its receive loop writes (no locks on the packet path);
/// the run reads <see cref="Snapshot"/> from another thread, hence the volatile accesses. Times are
/// <see cref="Stopwatch"/> timestamps, 0 until they happen.
/// </summary>
public sealed class RtpStatistics : IReceiveStatistics
{
    private readonly SequenceGaps _gaps = new();
    private long _packets;
    private long _bytes;
    private long _lost;
    private long _notRtp;
    private long _lastPacketAt;
    private long _firstPacketAt;
    private long _firstKeyframeAt;
    private long _playSentAt;

    /// <summary>The stream's codec, known from DESCRIBE before PLAY: it tells keyframes apart (none are recognised without it).</summary>
    public Codec? Codec { get; set; }

    public long PlaySentAt => Volatile.Read(ref _playSentAt);

    public long FirstPacketAt => Volatile.Read(ref _firstPacketAt);

    public long FirstKeyframeAt => Volatile.Read(ref _firstKeyframeAt);

    /// <summary>Datagrams or interleaved frames on the RTP channel that were not RTP packets.</summary>
    public long NotRtp => Volatile.Read(ref _notRtp);

    long IReceiveStatistics.StartedAt => PlaySentAt;

    string? IReceiveStatistics.Problem => NotRtp is var count and > 0 ? $"{count} packets on the RTP port or channel were not RTP" : null;

    /// <summary>Called just before PLAY is sent: first-packet and first-keyframe times count from here.</summary>
    public void PlaySent() => Volatile.Write(ref _playSentAt, Stopwatch.GetTimestamp());

    /// <summary>One RTP packet, header included (its whole length counts as received bytes).</summary>
    public void Add(ReadOnlySpan<byte> packet)
    {
        var now = Stopwatch.GetTimestamp();
        if (!RtpPacket.TryRead(packet, out var header, out var payload))
        {
            Volatile.Write(ref _notRtp, _notRtp + 1);
            return;
        }

        _gaps.Add(header.SequenceNumber);
        Volatile.Write(ref _lost, _gaps.Lost);
        Volatile.Write(ref _bytes, _bytes + packet.Length);
        Volatile.Write(ref _packets, _packets + 1);
        Volatile.Write(ref _lastPacketAt, now);
        if (_firstPacketAt == 0)
        {
            Volatile.Write(ref _firstPacketAt, now);
        }

        if (_firstKeyframeAt == 0 && Codec is { } codec && KeyframeDetector.StartsKeyframe(codec, payload))
        {
            Volatile.Write(ref _firstKeyframeAt, now);
        }
    }

    public ReceiveSnapshot Snapshot() => new(
        Volatile.Read(ref _packets), Volatile.Read(ref _bytes), Volatile.Read(ref _lost), Volatile.Read(ref _lastPacketAt));
}
