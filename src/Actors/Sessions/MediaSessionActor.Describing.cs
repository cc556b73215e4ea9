using Akka.Actor;
using Akka.Event;

namespace MediaActors.Sessions;

/// <summary>
/// DESCRIBE: a session is described once its video's parameter sets (and its audio's
/// configuration) are known; until then a DESCRIBE waits, up to describe-wait.
/// </summary>
public sealed partial class MediaSessionActor
{
    private readonly Dictionary<long, IActorRef> _describeWaiters = new();
    private long _nextWaiterId;

    /// <summary>Describable once the video's parameter sets and the audio's configuration are known.</summary>
    private bool IsFullyDescribable => _video.IsDescribable && (_audio?.IsDescribable ?? true);

    private void Describe(MediaSession.Describe request)
    {
        // A DESCRIBE is usually followed by PLAY: start pulling now, so the first frames are on their way.
        KeepPulling();
        LingerWhenUnwanted();
        if (!request.WaitForParameterSets || IsFullyDescribable)
        {
            Sender.Tell(Described());
            return;
        }

        var waiterId = _nextWaiterId++;
        _describeWaiters.Add(waiterId, Sender);
        Timers.StartSingleTimer(waiterId, new DescribeTimedOut(waiterId), _settings.DescribeWait);
    }

    private void AnswerDescribeWaitersWhenReady()
    {
        if (_describeWaiters.Count == 0 || !IsFullyDescribable)
        {
            return;
        }

        var description = Described();
        foreach (var (waiterId, waiter) in _describeWaiters)
        {
            Timers.Cancel(waiterId);
            waiter.Tell(description);
        }

        _describeWaiters.Clear();
    }

    /// <summary>After the wait, a stream with video is described with what is known (audio that has
    /// not started is left out); without video parameter sets it is unavailable.</summary>
    private void OnDescribeTimedOut(DescribeTimedOut timeout)
    {
        if (!_describeWaiters.Remove(timeout.WaiterId, out var waiter))
        {
            return;
        }

        if (_video.IsDescribable)
        {
            waiter.Tell(Described());
            return;
        }

        _log.Warning("Session {0}: DESCRIBE answered 503, the encoder produced no parameter sets within {1}", _name, _settings.DescribeWait);
        waiter.Tell(new MediaSession.Unavailable(
            $"session '{_name}' has not received SPS/PPS from its encoder within {_settings.DescribeWait.TotalSeconds:0.#} s"));
    }

    private MediaSession.Described Described() =>
        new(_name, Self, Tracks.Where(t => t.IsDescribable || t is VideoTrack).Select(t => t.Describe()).ToList());

    private sealed record DescribeTimedOut(long WaiterId);
}
