using Akka.Actor;

namespace MediaActors.Delivery;

/// <summary>
/// How long live media takes from being handed to its session (<c>SendVideoData</c> returning, or a
/// camera's frame arriving) to its last packet leaving for a client (handed to the kernel over UDP,
/// queued for the connection's socket writer over TCP): one sample per frame and client, in one
/// histogram per actor system. Catch-up frames from the GOP cache and frames held
/// until PLAY is answered are not counted (their wait is by design, not the server's speed).
/// </summary>
public sealed class SendLatency : IExtension
{
    public LatencyHistogram Histogram { get; } = new();

    public static SendLatency Get(ActorSystem system) => system.WithExtension<SendLatency, SendLatencyProvider>();

    private sealed class SendLatencyProvider : ExtensionIdProvider<SendLatency>
    {
        public override SendLatency CreateExtension(ExtendedActorSystem system) => new();
    }
}
