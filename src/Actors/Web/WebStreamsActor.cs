using Akka.Actor;

namespace MediaActors.Web;

/// <summary>
/// The web outputs of one server's sessions: one <see cref="LiveMp4Actor"/> per session someone
/// watches in a browser, one <see cref="SnapshotActor"/> per session someone takes pictures of and
/// one <see cref="HlsActor"/> per session someone plays over HLS, each started on demand and gone
/// after its linger. Stream paths may hold '/' (a relay's
/// board/session), so children are found by a map, not by name.
/// </summary>
public sealed class WebStreamsActor : ReceiveActor
{
    private readonly IActorRef _registry;
    private readonly WebSettings _settings;
    private readonly Dictionary<(string Kind, string StreamPath), IActorRef> _outputs = new();
    private long _started;

    public WebStreamsActor(IActorRef registry, WebSettings settings)
    {
        _registry = registry;
        _settings = settings;
        Receive<WebStreams.WatchLive>(watch =>
            OutputOf("live", watch.StreamPath, () => LiveMp4Actor.Props(watch.StreamPath, _registry, _settings)).Forward(new LiveMp4.Watch(watch.Credit)));
        Receive<WebStreams.Snapshot>(snapshot =>
            OutputOf("snapshot", snapshot.StreamPath, () => SnapshotActor.Props(snapshot.StreamPath, _registry, _settings)).Forward(Snapshots.Get.Instance));
        Receive<WebStreams.Hls>(hls =>
            OutputOf("hls", hls.StreamPath, () => HlsActor.Props(hls.StreamPath, _registry, _settings)).Forward(hls.Request));
        Receive<WebStreams.Idle>(_ =>
        {
            Forget(Sender);
            Sender.Tell(PoisonPill.Instance);
        });
        Receive<Terminated>(terminated => Forget(terminated.ActorRef));
    }

    public static Props Props(IActorRef registry, WebSettings settings) =>
        Akka.Actor.Props.Create(() => new WebStreamsActor(registry, settings));

    /// <summary>Children fail alone: a stream that cannot be muxed ends its own viewers, not the others'.</summary>
    protected override SupervisorStrategy SupervisorStrategy() => new OneForOneStrategy(_ => Directive.Stop);

    private IActorRef OutputOf(string kind, string streamPath, Func<Props> props)
    {
        if (!_outputs.TryGetValue((kind, streamPath), out var output))
        {
            output = Context.ActorOf(props(), $"{kind}-{++_started}");
            Context.Watch(output);
            _outputs.Add((kind, streamPath), output);
        }

        return output;
    }

    private void Forget(IActorRef child)
    {
        foreach (var (key, output) in _outputs)
        {
            if (output.Equals(child))
            {
                _outputs.Remove(key);
                return;
            }
        }
    }
}
