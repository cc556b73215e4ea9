namespace MediaActors.Sources;

/// <summary>
/// Puts the RTP timestamps of a pulled camera's tracks on this node's monotonic clock (µs), one
/// timeline for the whole life of the source: across reconnects it continues forward from where
/// it was, so the session's clients see time advance, never jump back. Within a connection each
/// track starts at the arrival of its first packet and follows its RTP clock from there; once the
/// camera's sender reports have mapped the tracks' RTP clocks to its wall clock, every track
/// follows that one mapping instead, so audio and video keep the timing the camera gave them
/// (lip sync). Thread-safe: the receive loops of a connection's tracks share it.
/// </summary>
internal sealed class SourceTimeline
{
    private readonly object _lock = new();
    private readonly Dictionary<int, TrackClock> _tracks = new();

    /// <summary>Camera wall clock (NTP, µs since the Unix epoch) minus this node's monotonic clock, from the connection's first sender report.</summary>
    private long? _wallClockOffset;

    /// <summary>A new connection: its RTP clocks and wall clock have nothing to do with the last one's.</summary>
    public void BeginConnection()
    {
        lock (_lock)
        {
            _wallClockOffset = null;
            foreach (var track in _tracks.Values)
            {
                track.BeginConnection();
            }
        }
    }

    /// <summary>The local time of a packet of track <paramref name="track"/> with RTP timestamp <paramref name="rtpTimestamp"/>, arrived at <paramref name="arrivalMicros"/>.</summary>
    public long ToLocalMicros(int track, int clockRate, uint rtpTimestamp, long arrivalMicros)
    {
        lock (_lock)
        {
            return Track(track, clockRate).ToLocalMicros(rtpTimestamp, arrivalMicros, _wallClockOffset);
        }
    }

    /// <summary>A sender report of a track: the camera's wall-clock time <paramref name="ntpMicros"/> is RTP time <paramref name="rtpTimestamp"/> there.</summary>
    public void SenderReport(int track, int clockRate, long ntpMicros, uint rtpTimestamp, long arrivalMicros)
    {
        lock (_lock)
        {
            _wallClockOffset ??= ntpMicros - arrivalMicros;
            Track(track, clockRate).SenderReport(ntpMicros, rtpTimestamp);
        }
    }

    private TrackClock Track(int track, int clockRate)
    {
        if (!_tracks.TryGetValue(track, out var clock))
        {
            clock = new TrackClock(clockRate);
            _tracks.Add(track, clock);
        }

        return clock;
    }

    /// <summary>One track's RTP clock: its timestamps unwrapped, and their anchor on the local clock.</summary>
    private sealed class TrackClock(int clockRate)
    {
        private bool _anchored;
        private long _lastExtended;
        private long _anchorExtended;
        private long _anchorLocalMicros;
        private long _lastLocalMicros = long.MinValue;
        private (long NtpMicros, long Extended)? _senderReport;

        public void BeginConnection()
        {
            _anchored = false;
            _senderReport = null;
        }

        public long ToLocalMicros(uint rtpTimestamp, long arrivalMicros, long? wallClockOffset)
        {
            var extended = Extend(rtpTimestamp);
            if (!_anchored)
            {
                _anchored = true;
                _anchorExtended = extended;
                _lastExtended = extended;
                // A new connection continues after everything the last one produced.
                _anchorLocalMicros = Math.Max(arrivalMicros, _lastLocalMicros + 1);
            }

            _lastExtended = extended;
            var local = _senderReport is { } report && wallClockOffset is { } offset
                ? report.NtpMicros + MicrosOf(extended - report.Extended) - offset
                : _anchorLocalMicros + MicrosOf(extended - _anchorExtended);
            // Same picture (slices, or a clock that did not move): same time; never backwards.
            local = Math.Max(local, _lastLocalMicros);
            _lastLocalMicros = local;
            return local;
        }

        public void SenderReport(long ntpMicros, uint rtpTimestamp) =>
            _senderReport = (ntpMicros, _anchored ? Extend(rtpTimestamp) : rtpTimestamp);

        /// <summary>The timestamp as a 64-bit count, near the last one seen (RTP timestamps wrap every 2^32 ticks).</summary>
        private long Extend(uint rtpTimestamp)
        {
            if (!_anchored)
            {
                return rtpTimestamp;
            }

            var delta = unchecked((int)(rtpTimestamp - (uint)_lastExtended));
            return _lastExtended + delta;
        }

        private long MicrosOf(long ticks) => ticks * 1_000_000 / clockRate;
    }
}
