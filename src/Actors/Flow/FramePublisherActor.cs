using Akka.Actor;
using MediaActors.Pipeline;
using MediaActors.Protocol.Formats;

namespace MediaActors.Flow;

/// <summary>
/// The publisher's side of the frame flow, for every source actor (a camera, a camera pulled over
/// RTSP, a path fed by publishers): consumers attach, grant credit and detach here, and
/// each frame goes to every consumer through its own <see cref="FrameGate"/>: video by the
/// drop-to-keyframe rule, audio whenever there is credit (an audio frame depends on no other, and
/// must not end a consumer's wait for a video keyframe).
/// </summary>
public abstract class FramePublisherActor : ReceiveActor
{
    protected FramePublisherActor()
    {
        Receive<FrameFlow.Attach>(attach =>
        {
            if (Consumers.Attach(Sender, attach.Credit, static (actor, gate) => new FlowConsumer(actor, gate)))
            {
                Context.Watch(Sender);
            }

            OnAttached();
        });
        Receive<FrameFlow.Detach>(_ => RemoveConsumer(Sender));
        Receive<FrameFlow.Request>(request => Consumers.Grant(Sender, request.Count));
        Receive<Terminated>(terminated =>
        {
            if (!RemoveConsumer(terminated.ActorRef))
            {
                OnTerminated(terminated);
            }
        });
    }

    protected FanOut<FlowConsumer> Consumers { get; } = new();

    /// <summary>Passes a frame on to the consumers.</summary>
    protected void Publish(EncodedFrame frame)
    {
        if (CodecFormat.IsVideo(frame.Codec))
        {
            Consumers.Publish(frame, frame.IsKeyframe, Self);
        }
        else
        {
            Consumers.PublishIndependent(frame, Self);
        }
    }

    /// <summary>A consumer attached (or attached again).</summary>
    protected virtual void OnAttached()
    {
    }

    /// <summary>A consumer left (detached or stopped).</summary>
    protected virtual void OnDetached()
    {
    }

    /// <summary>A watched actor that is not a consumer stopped.</summary>
    protected virtual void OnTerminated(Terminated terminated)
    {
    }

    private bool RemoveConsumer(IActorRef consumer)
    {
        if (Consumers.Remove(consumer) is null)
        {
            return false;
        }

        Context.Unwatch(consumer);
        OnDetached();
        return true;
    }
}
