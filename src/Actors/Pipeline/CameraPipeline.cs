using System.Threading.Channels;
using Akka.Actor;
using MediaActors.Flow;

namespace MediaActors.Pipeline;

/// <summary>
/// A running camera: its <see cref="CameraActor"/>, to which sessions attach with
/// <see cref="Sessions.MediaSession.PullFrom"/>, and a bounded stream of its frames read with
/// <see cref="GetStreamAsync"/>, the K230 sample's <c>encoder.GetStream</c>.
/// </summary>
public sealed class CameraPipeline : IAsyncDisposable
{
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(5);

    private readonly IActorRef _reader;
    private readonly ChannelReader<EncodedFrame> _stream;

    private CameraPipeline(IActorRef camera, IActorRef reader, ChannelReader<EncodedFrame> stream)
    {
        Camera = camera;
        _reader = reader;
        _stream = stream;
    }

    /// <summary>The camera actor: the publisher of the encoded frames.</summary>
    public IActorRef Camera { get; }

    /// <summary>Starts the camera and its stream reader under <paramref name="actors"/>.</summary>
    /// <param name="restarted">Told when the camera restarted its failed source (an encoder that crashed), for operators.</param>
    public static CameraPipeline Start(IActorRefFactory actors, CameraSource source, CameraSettings settings, string name = "camera",
        Action<FrameFlow.Restarted>? restarted = null)
    {
        var output = Channel.CreateBounded<EncodedFrame>(new BoundedChannelOptions(settings.OutputBuffers)
        {
            SingleReader = true,
            SingleWriter = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
        var camera = actors.ActorOf(CameraActor.Props(source, settings.EncoderCredit), name);
        var reader = actors.ActorOf(StreamReaderActor.Props(camera, output.Writer, settings.OutputBuffers, restarted), name + "-reader");
        return new CameraPipeline(camera, reader, output.Reader);
    }

    /// <summary>
    /// Waits for the next encoded frame. Throws <see cref="ChannelClosedException"/> when the camera
    /// stopped; its inner exception says why (for example ffmpeg could not be started).
    /// </summary>
    public async ValueTask<EncodedFrame> GetStreamAsync(CancellationToken cancellationToken)
    {
        var frame = await _stream.ReadAsync(cancellationToken);
        // The slot in the channel is free again: the camera may send one more.
        Camera.Tell(new FrameFlow.Request(1), _reader);
        return frame;
    }

    /// <summary>Stops the camera and the reader; the encoder's child process is gone when this completes.</summary>
    public async ValueTask DisposeAsync()
    {
        _reader.Tell(PoisonPill.Instance);
        try
        {
            await Camera.GracefulStop(StopTimeout);
        }
        catch (TaskCanceledException)
        {
            // It did not stop within the timeout (an encoder that would not die); its actors are stopping anyway.
        }
    }
}
