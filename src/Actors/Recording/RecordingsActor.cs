using Akka.Actor;
using Akka.Event;
using MediaActors.Sessions;

namespace MediaActors.Recording;

/// <summary>
/// Records the sessions of this node: a <see cref="RecorderActor"/> for each session that appears
/// (<see cref="MediaSession.Published"/>) and is to be recorded, and retention over the whole
/// directory: segments older than the maximum age are deleted, then the oldest while all together
/// exceed the byte bound; a segment still being written is never deleted. It also lists the
/// segments (<see cref="Recordings.List"/>) for the HTTP API.
/// </summary>
public sealed class RecordingsActor : ReceiveActor, IWithTimers
{
    private static readonly TimeSpan RetentionInterval = TimeSpan.FromMinutes(1);

    private readonly RecordingSettings _settings;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly Dictionary<IActorRef, string> _recorders = new();
    private readonly Dictionary<string, string> _open = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _errors = new(StringComparer.Ordinal);
    private long _started;

    public RecordingsActor(RecordingSettings settings)
    {
        _settings = settings;
        Receive<MediaSession.Published>(Record);
        Receive<Recordings.SegmentChanged>(OnSegmentChanged);
        Receive<Recordings.RecordingFailed>(failed => _errors[failed.Session] = failed.Reason);
        Receive<Recordings.List>(_ => Sender.Tell(new Recordings.Listing(Segments(), new Dictionary<string, string>(_errors))));
        Receive<RetentionDue>(_ => EnforceRetention());
        Receive<Terminated>(terminated => Forget(terminated.ActorRef));
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(RecordingSettings settings) => Akka.Actor.Props.Create(() => new RecordingsActor(settings));

    /// <summary>A recorder that fails stops alone (its error is kept); the others record on.</summary>
    protected override SupervisorStrategy SupervisorStrategy() => new OneForOneStrategy(_ => Directive.Stop);

    protected override void PreStart()
    {
        Context.System.EventStream.Subscribe(Self, typeof(MediaSession.Published));
        Timers.StartPeriodicTimer(nameof(RetentionDue), RetentionDue.Instance, RetentionInterval);
        _log.Info("Recording sessions into {0}", Path.GetFullPath(_settings.Directory));
    }

    protected override void PostStop() => Context.System.EventStream.Unsubscribe(Self);

    private void Record(MediaSession.Published published)
    {
        if (_settings.For(published.Name) is not { } recording)
        {
            return;
        }

        var recorder = Context.ActorOf(RecorderActor.Props(published.Name, published.Session, recording, _settings), $"recorder-{++_started}");
        Context.Watch(recorder);
        _recorders[recorder] = published.Name;
        _errors.Remove(published.Name);
    }

    private void OnSegmentChanged(Recordings.SegmentChanged changed)
    {
        if (changed.OpenPath is { } path)
        {
            _open[changed.Session] = path;
        }
        else
        {
            _open.Remove(changed.Session);
        }

        EnforceRetention();
    }

    private void Forget(IActorRef recorder)
    {
        if (_recorders.Remove(recorder, out var session))
        {
            _open.Remove(session);
        }
    }

    private void EnforceRetention()
    {
        if (_settings.MaxAge == TimeSpan.Zero && _settings.MaxTotalBytes == 0)
        {
            return;
        }

        var segments = Segments();
        var total = segments.Sum(segment => segment.Bytes);
        var tooOld = DateTimeOffset.UtcNow - _settings.MaxAge;
        foreach (var segment in segments)
        {
            if (segment.Recording)
            {
                continue;
            }

            var expired = _settings.MaxAge > TimeSpan.Zero && File.GetLastWriteTimeUtc(segment.Path) < tooOld;
            var overBudget = _settings.MaxTotalBytes > 0 && total > _settings.MaxTotalBytes;
            if (!expired && !overBudget)
            {
                continue;
            }

            try
            {
                File.Delete(segment.Path);
                total -= segment.Bytes;
                _log.Info("Recording retention deleted {0} ({1})", segment.Path, expired ? $"older than {_settings.MaxAge}" : $"over {_settings.MaxTotalBytes} bytes in all");
            }
            catch (Exception error) when (error is IOException or UnauthorizedAccessException)
            {
                _log.Warning("Recording retention cannot delete {0}: {1}", segment.Path, error.Message);
            }
        }
    }

    /// <summary>Every segment under the directory, oldest first.</summary>
    private List<Recordings.Segment> Segments()
    {
        var root = Path.GetFullPath(_settings.Directory);
        var segments = new List<Recordings.Segment>();
        if (!Directory.Exists(root))
        {
            return segments;
        }

        var open = _open.Values.Select(Path.GetFullPath).ToHashSet(StringComparer.Ordinal);
        foreach (var file in Directory.EnumerateFiles(root, "*" + RecordingPaths.Extension, SearchOption.AllDirectories))
        {
            var name = Path.GetFileName(file);
            if (!RecordingPaths.TryParseStart(name, out var start))
            {
                continue;
            }

            var session = Path.GetRelativePath(root, Path.GetDirectoryName(file)!).Replace(Path.DirectorySeparatorChar, '/');
            long bytes;
            try
            {
                bytes = new FileInfo(file).Length;
            }
            catch (IOException)
            {
                continue;
            }

            segments.Add(new Recordings.Segment(session, name, file, bytes, start, open.Contains(file)));
        }

        segments.Sort((a, b) => a.StartedAt.CompareTo(b.StartedAt));
        return segments;
    }

    private sealed class RetentionDue
    {
        public static readonly RetentionDue Instance = new();
    }
}
