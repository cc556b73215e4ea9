using System.Threading.Channels;
using Akka.Actor;
using MediaActors.Flow;
using MediaActors.Hardware;

namespace MediaActors.Pipeline;

/// <summary>
/// The consumer behind <see cref="CameraPipeline.GetStreamAsync"/> (the K230 sample's
/// <c>encoder.GetStream</c>): attaches to its camera with as much credit as its channel holds and
/// writes each frame into it, so a write never finds the channel full. The reader gives the credit
/// back frame by frame as it takes them; a reader that falls behind makes the camera skip to the
/// next keyframe for it, like the K230 VENC when its output buffers are full.
/// </summary>
public sealed class StreamReaderActor : ReceiveActor
{
    private readonly IActorRef _camera;
    private readonly ChannelWriter<EncodedFrame> _output;
    private readonly int _capacity;

    /// <param name="restarted">Called (on the actor's thread) when the camera restarted its failed source.</param>
    public StreamReaderActor(IActorRef camera, ChannelWriter<EncodedFrame> output, int capacity, Action<FrameFlow.Restarted>? restarted = null)
    {
        _camera = camera;
        _output = output;
        _capacity = capacity;
        Receive<EncodedFrame>(frame => _output.TryWrite(frame));
        Receive<FrameFlow.Restarted>(restart => restarted?.Invoke(restart));
        Receive<FrameFlow.Ended>(ended => End(new EncoderFailedException(ended.Reason)));
        Receive<Terminated>(_ => End(new EncoderFailedException("The camera stopped.")));
    }

    public static Props Props(IActorRef camera, ChannelWriter<EncodedFrame> output, int capacity, Action<FrameFlow.Restarted>? restarted = null) =>
        Akka.Actor.Props.Create(() => new StreamReaderActor(camera, output, capacity, restarted));

    protected override void PreStart()
    {
        Context.Watch(_camera);
        _camera.Tell(new FrameFlow.Attach(_capacity));
    }

    protected override void PostStop() => _output.TryComplete();

    private void End(Exception reason)
    {
        _output.TryComplete(reason);
        Context.Stop(Self);
    }
}
