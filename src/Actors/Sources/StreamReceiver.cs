using Akka.Actor;
using MediaActors.Pipeline;

namespace MediaActors.Sources;

/// <summary>
/// What one connection receives of a stream (a camera pulled, a publisher recording), wherever its
/// packets arrive (interleaved, UDP): each RTP packet goes to its track, and the frames completed
/// go to the actor that publishes them, tagged with the connection, within the inbox bound (past
/// it a frame is dropped and its track resumes at the next keyframe). Remembers when media last
/// came, and whether the sender said goodbye (RTCP BYE). Thread-safe across tracks: each track
/// is fed by one receive loop.
/// </summary>
internal sealed class StreamReceiver(IReadOnlyList<ReceivedTrack> tracks, int connection, IActorRef publisher, PullInbox inbox)
{
    private readonly TaskCompletionSource _goodbye = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _lastPacketMicros = MonotonicClock.NowMicros;
    private int _anyPacket;

    public IReadOnlyList<ReceivedTrack> Tracks => tracks;

    /// <summary>Completes when the sender said goodbye for one of the tracks.</summary>
    public Task Goodbye => _goodbye.Task;

    /// <summary>When the last packet arrived (monotonic µs), or when receiving began.</summary>
    public long LastPacketMicros => Volatile.Read(ref _lastPacketMicros);

    public bool AnyPacket => Volatile.Read(ref _anyPacket) == 1;

    /// <summary>Takes an RTP packet of <paramref name="track"/>; <paramref name="frames"/> is the caller's scratch list.</summary>
    public void OnRtp(ReceivedTrack track, ReadOnlySpan<byte> packet, List<EncodedFrame> frames)
    {
        var now = MonotonicClock.NowMicros;
        Volatile.Write(ref _lastPacketMicros, now);
        Volatile.Write(ref _anyPacket, 1);
        frames.Clear();
        track.PushRtp(packet, now, frames);
        foreach (var frame in frames)
        {
            if (inbox.TryEnter())
            {
                publisher.Tell(new ReceivedFrame(connection, frame));
            }
            else
            {
                track.FrameDropped();
            }
        }
    }

    /// <summary>Takes an RTCP compound packet of <paramref name="track"/>.</summary>
    public void OnRtcp(ReceivedTrack track, ReadOnlySpan<byte> compound)
    {
        if (track.PushRtcp(compound, MonotonicClock.NowMicros))
        {
            _goodbye.TrySetResult();
        }
    }
}

/// <summary>A frame received on connection <paramref name="Connection"/> (a number its publisher gave it), for the publisher to pass on.</summary>
internal sealed record ReceivedFrame(int Connection, EncodedFrame Frame) : Akka.Event.IDeadLetterSuppression;
