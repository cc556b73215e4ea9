using Akka.Actor;
using Akka.TestKit;
using MediaActors.Flow;
using MediaActors.Pipeline;
using MediaActors.Sessions;

namespace MediaActors.Testing;

/// <summary>Probes that play the parts of a camera's consumers and a session's subscribers, in any actor system.</summary>
public static class TestConsumers
{
    /// <summary>
    /// A consumer of <paramref name="camera"/>, in <paramref name="system"/>, that attaches with
    /// <paramref name="credit"/> and grants one more frame for each it receives, as a session does.
    /// </summary>
    public static TestProbe GrantingConsumer(this TestKitBase kit, ActorSystem system, IActorRef camera, int credit)
    {
        var consumer = kit.CreateTestProbe(system);
        consumer.SetAutoPilot(new DelegateAutoPilot((sender, message) =>
        {
            if (message is EncodedFrame)
            {
                sender.Tell(new FrameFlow.Request(1), consumer.Ref);
            }

            return AutoPilot.KeepRunning;
        }));
        camera.Tell(new FrameFlow.Attach(credit), consumer.Ref);
        return consumer;
    }

    /// <summary>
    /// A video subscriber of <paramref name="session"/>, in <paramref name="system"/>, that acknowledges every frame,
    /// as an RTP sender does, after showing it to <paramref name="received"/> (on the session's thread).
    /// </summary>
    public static TestProbe AcknowledgingSubscriber(this TestKitBase kit, ActorSystem system, IActorRef session,
        Action<MediaSession.FrameAvailable>? received = null)
    {
        var subscriber = kit.CreateTestProbe(system);
        subscriber.SetAutoPilot(new DelegateAutoPilot((sender, message) =>
        {
            if (message is MediaSession.FrameAvailable frame)
            {
                received?.Invoke(frame);
                sender.Tell(new FrameFlow.Request(1), subscriber.Ref);
            }
            return AutoPilot.KeepRunning;
        }));
        session.Tell(new MediaSession.Subscribe(subscriber, VideoTrack.Id, kit.CreateTestProbe(system)), kit.CreateTestProbe(system));
        return subscriber;
    }
}
