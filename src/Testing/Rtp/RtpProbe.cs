using System.Diagnostics;
using MediaActors.Protocol.Formats;

namespace MediaActors.Testing.Rtp;

/// <summary>
/// Checks one received RTP video stream the way a player experiences it, with no code of the
/// server's (not its depacketizer, not its RTP header reader): packets lost from the sequence
/// (<see cref="SequenceGaps"/>), one SSRC and payload type throughout, pictures (a new RTP
/// timestamp starts one) with their timestamps and arrival times, which of them begin with a
/// keyframe, and RTP timestamps that go backwards. Not thread-safe: one receive loop feeds it.
/// </summary>
public sealed class RtpProbe(Codec codec)
{
    private readonly SequenceGaps _gaps = new();
    private readonly List<ProbedPicture> _pictures = [];

    /// <summary>RTP packets received.</summary>
    public long Packets { get; private set; }

    /// <summary>Datagrams or interleaved frames that were not RTP.</summary>
    public long NotRtp { get; private set; }

    /// <summary>Sequence numbers missing (a packet that arrives late, within 64, is not counted).</summary>
    public long Lost => _gaps.Lost;

    public ushort? FirstSequenceNumber { get; private set; }

    public uint? Ssrc { get; private set; }

    public byte? PayloadType { get; private set; }

    /// <summary>Packets whose SSRC or payload type differed from the first packet's.</summary>
    public long ForeignPackets { get; private set; }

    /// <summary>Packets with the marker bit: the last packet of each picture.</summary>
    public long MarkerPackets { get; private set; }

    /// <summary>Pictures whose RTP timestamp is before the previous picture's.</summary>
    public int TimestampRegressions { get; private set; }

    /// <summary>The pictures in order of arrival.</summary>
    public IReadOnlyList<ProbedPicture> Pictures => _pictures;

    /// <summary>Whether the first packet began a keyframe (null before any packet).</summary>
    public bool? StartedAtKeyframe => _pictures.Count == 0 ? null : _pictures[0].IsKeyframe;

    public int Keyframes => _pictures.Count(picture => picture.IsKeyframe);

    /// <summary>The steps between consecutive pictures' RTP timestamps (90 kHz ticks for video).</summary>
    public IEnumerable<int> TimestampSteps() => _pictures.Zip(_pictures.Skip(1), (a, b) => unchecked((int)(b.RtpTimestamp - a.RtpTimestamp)));

    /// <summary>Takes one received packet (a datagram, or an interleaved frame's payload).</summary>
    public void Add(ReadOnlySpan<byte> packet)
    {
        if (!RtpPacket.TryRead(packet, out var header, out var payload))
        {
            NotRtp++;
            return;
        }

        Packets++;
        Ssrc ??= header.Ssrc;
        PayloadType ??= header.PayloadType;
        if (header.Ssrc != Ssrc || header.PayloadType != PayloadType)
        {
            ForeignPackets++;
            return;
        }

        FirstSequenceNumber ??= header.SequenceNumber;
        _gaps.Add(header.SequenceNumber);
        if (header.Marker)
        {
            MarkerPackets++;
        }

        if (_pictures.Count == 0 || _pictures[^1].RtpTimestamp != header.Timestamp)
        {
            if (_pictures.Count > 0 && unchecked((int)(header.Timestamp - _pictures[^1].RtpTimestamp)) < 0)
            {
                TimestampRegressions++;
            }

            _pictures.Add(new ProbedPicture(header.Timestamp, Stopwatch.GetTimestamp(), KeyframeDetector.StartsKeyframe(codec, payload)));
        }
    }
}

/// <summary>One picture of a probed stream: its RTP timestamp, when its first packet arrived (a <see cref="Stopwatch"/> timestamp), and whether it began with a keyframe.</summary>
public readonly record struct ProbedPicture(uint RtpTimestamp, long ArrivedAt, bool IsKeyframe);
