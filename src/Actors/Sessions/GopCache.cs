using MediaActors.Protocol.Rtp;

namespace MediaActors.Sessions;

/// <summary>
/// The video frames of the current GOP: the last keyframe and everything packetized after it, so a
/// client that joins now can start decoding at once instead of waiting for the next keyframe.
/// A GOP that outgrows the bounds is not cached at all (a client joining during it waits for the
/// next keyframe, as without a cache), so the packets it holds never exceed the byte bound. A
/// frame a TCP client was sent also holds its interleaved form (<see cref="RtpPacketBatch.Interleaved"/>,
/// the packets again with 4 bytes each): with TCP clients, up to about twice the bound.
/// </summary>
public sealed class GopCache(long maxBytes, int maxFrames)
{
    /// <summary>Spacing of the catch-up frames on the client's timeline: 1 ms at 90 kHz.</summary>
    public const uint CatchUpSpacingTicks = 90;

    private readonly List<RtpPacketBatch> _frames = new();
    private bool _overflowed;

    public int FrameCount => _frames.Count;

    /// <summary>The cached frames as they were packetized, oldest (the keyframe) first.</summary>
    public IReadOnlyList<RtpPacketBatch> Frames => _frames;

    public long Bytes { get; private set; }

    /// <summary>GOPs that did not fit the bounds.</summary>
    public long Overflows { get; private set; }

    public void Add(RtpPacketBatch frame)
    {
        // A further slice of the keyframe just cached (same picture, same timestamp) joins it.
        var startsKeyframe = frame.IsKeyframe && !(_frames.Count > 0 && _frames[^1].Timestamp == frame.Timestamp);
        if (startsKeyframe)
        {
            Clear();
            _overflowed = false;
        }
        else if (_overflowed || _frames.Count == 0)
        {
            return;
        }

        if (Bytes + frame.TotalBytes > maxBytes || _frames.Count == maxFrames)
        {
            Clear();
            _overflowed = true;
            Overflows++;
            return;
        }
        _frames.Add(frame);
        Bytes += frame.TotalBytes;
    }

    /// <summary>
    /// Discards what is cached: the stream broke (data was dropped), so the next frames no longer
    /// follow from these.
    /// </summary>
    public void Clear()
    {
        _frames.Clear();
        Bytes = 0;
    }

    /// <summary>
    /// The cached frames for a client joining now, moved onto a compressed timeline: the newest
    /// keeps its timestamp, each older picture is 1 ms before the next. The player decodes the
    /// burst at once and shows live frames without delay; with the original timestamps it would
    /// play the burst at the frame rate and stay behind live by the GOP's age for the whole session.
    /// Sequence numbers stay, so the client's stream continues seamlessly with the live frames.
    /// </summary>
    public IReadOnlyList<RtpPacketBatch> CatchUpFrames()
    {
        var result = new RtpPacketBatch[_frames.Count];
        var retimed = 0u;
        for (var i = _frames.Count - 1; i >= 0; i--)
        {
            var frame = _frames[i];
            if (i == _frames.Count - 1)
            {
                retimed = frame.Timestamp;
            }
            else if (frame.Timestamp != _frames[i + 1].Timestamp)
            {
                retimed = unchecked(retimed - CatchUpSpacingTicks);
            }
            // Slices of one picture share its timestamp, before and after.
            result[i] = frame.Timestamp == retimed ? frame : frame.Retimed(retimed);
        }
        return result;
    }
}
