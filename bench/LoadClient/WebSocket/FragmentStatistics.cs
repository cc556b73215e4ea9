using System.Diagnostics;
using System.Text.Json;

namespace MediaActors.LoadClient.WebSocket;

/// <summary>
/// What one WebSocket viewer has received of the player's protocol: a text
/// <c>{"type":"init",...}</c>, the binary init segment, then one binary moof+mdat per frame; a text
/// <c>{"type":"end",...}</c> before the server closes a stream that ended. Only the receive loop
/// writes (no locks); the run reads <see cref="Snapshot"/> from another thread, hence the volatile
/// accesses.
/// </summary>
/// <remarks>
/// Loss is read from the moof's mfhd sequence number, which the server's muxer gives every fragment
/// once, for all its viewers, before a viewer's own gate and queue: a fragment that a viewer misses
/// (its credit ran out, its queue was dropped for being too slow, both of which resume at the next
/// keyframe) leaves a gap in that viewer's numbers. The decode times would not show it: each
/// picture's duration runs to the next one sent, so the timeline stays continuous over a drop.
/// </remarks>
public sealed class FragmentStatistics : IReceiveStatistics
{
    private HashSet<uint>? _videoTracks;
    private bool _initSegmentNext;
    private uint? _lastSequence;
    private long _packets;
    private long _bytes;
    private long _lost;
    private long _lastPacketAt;
    private long _firstPacketAt;
    private long _firstKeyframeAt;
    private long _startedAt;
    private int _inits;
    private long _notFragments;
    private long _gapsNotAtKeyframe;
    private long _outOfOrder;
    private long _beforeFirstKeyframe;
    private string? _endReason;

    public long StartedAt => Volatile.Read(ref _startedAt);

    public long FirstPacketAt => Volatile.Read(ref _firstPacketAt);

    public long FirstKeyframeAt => Volatile.Read(ref _firstKeyframeAt);

    public string? Problem
    {
        get
        {
            var problems = new List<string>();
            Add(problems, Volatile.Read(ref _notFragments), "binary messages were neither an init segment nor a fragment");
            Add(problems, Volatile.Read(ref _gapsNotAtKeyframe), "gaps in the fragments' sequence numbers ended at a fragment that is no keyframe");
            Add(problems, Volatile.Read(ref _outOfOrder), "fragments came with a sequence number not above the one before");
            Add(problems, Volatile.Read(ref _beforeFirstKeyframe), "fragments came before the first keyframe");
            Add(problems, Volatile.Read(ref _inits) - 1, "more init messages (the stream restarted)");
            if (Volatile.Read(ref _endReason) is { } reason)
            {
                problems.Add($"the server ended the stream: {reason}");
            }

            return problems.Count == 0 ? null : string.Join("; ", problems);
        }
    }

    /// <summary>Called just before connecting: first-message and first-keyframe times count from here.</summary>
    public void Started() => Volatile.Write(ref _startedAt, Stopwatch.GetTimestamp());

    /// <param name="head">The message's first bytes (all of a text message or an init segment, at least the moof of a fragment).</param>
    /// <param name="length">The whole message's length.</param>
    public void Add(bool isText, ReadOnlySpan<byte> head, long length)
    {
        var now = Stopwatch.GetTimestamp();
        if (_firstPacketAt == 0)
        {
            Volatile.Write(ref _firstPacketAt, now);
        }

        Volatile.Write(ref _bytes, _bytes + length);
        if (isText)
        {
            OnText(head);
        }
        else if (_initSegmentNext)
        {
            _initSegmentNext = false;
            _videoTracks = InitSegment.VideoTracks(head);
        }
        else if (FragmentHeader.TryRead(head, out var fragment))
        {
            OnFragment(fragment, now);
        }
        else
        {
            Volatile.Write(ref _notFragments, _notFragments + 1);
        }
    }

    public ReceiveSnapshot Snapshot() => new(
        Volatile.Read(ref _packets), Volatile.Read(ref _bytes), Volatile.Read(ref _lost), Volatile.Read(ref _lastPacketAt));

    private void OnText(ReadOnlySpan<byte> message)
    {
        string? type = null, reason = null;
        try
        {
            var json = JsonDocument.Parse(message.ToArray()).RootElement;
            type = json.TryGetProperty("type", out var value) ? value.GetString() : null;
            reason = json.TryGetProperty("reason", out var why) ? why.GetString() : null;
        }
        catch (JsonException)
        {
            // Not the player's protocol: counted below as a message that is no init.
        }

        if (type == "init")
        {
            // A (new) start of the stream: its fragments follow the init segment; numbers before it say nothing of loss.
            Volatile.Write(ref _inits, _inits + 1);
            _initSegmentNext = true;
            _lastSequence = null;
        }
        else if (type == "end")
        {
            Volatile.Write(ref _endReason, reason ?? "no reason given");
        }
        else
        {
            Volatile.Write(ref _notFragments, _notFragments + 1);
        }
    }

    private void OnFragment(FragmentHeader fragment, long now)
    {
        var isVideo = _videoTracks is null || _videoTracks.Contains(fragment.TrackId);
        var isKeyframe = isVideo && fragment.StartsWithSyncSample;
        // Right across the 32-bit wraparound; the first fragment after an init counts as next in line.
        var ahead = _lastSequence is { } last ? (int)(fragment.SequenceNumber - last) : 1;
        if (ahead > 1)
        {
            Volatile.Write(ref _lost, _lost + ahead - 1);
            if (!isKeyframe)
            {
                Volatile.Write(ref _gapsNotAtKeyframe, _gapsNotAtKeyframe + 1);
            }
        }
        else if (ahead < 1)
        {
            Volatile.Write(ref _outOfOrder, _outOfOrder + 1);
        }

        if (ahead >= 1)
        {
            _lastSequence = fragment.SequenceNumber;
        }

        if (_firstKeyframeAt == 0)
        {
            if (isKeyframe)
            {
                Volatile.Write(ref _firstKeyframeAt, now);
            }
            else if (isVideo)
            {
                Volatile.Write(ref _beforeFirstKeyframe, _beforeFirstKeyframe + 1);
            }
        }

        Volatile.Write(ref _packets, _packets + 1);
        Volatile.Write(ref _lastPacketAt, now);
    }

    private static void Add(List<string> problems, long count, string what)
    {
        if (count > 0)
        {
            problems.Add($"{count} {what}");
        }
    }
}
